import type { Language } from "../config/programme-schema.js";
import type { HandleResult, Responder } from "./adapter.js";
import type { InboundEvent } from "./events.js";
import type { Logger } from "./log.js";
import type { Person } from "./people.js";
import type { Store } from "../storage/store.js";

/**
 * What a platform adapter needs of the core for what comes in: one programme's `Bot`, or a
 * `ProgrammeHub` over several programmes served from one app registration. The adapter
 * cannot tell which: it hands over events and asks who someone is and which language they
 * speak.
 */
export interface Inbound {
  /** Handles one event; never throws (see `Bot.handle`). */
  handle(event: InboundEvent, respond: Responder): Promise<HandleResult>;
  /** The person behind a platform user (in any programme served), or undefined. */
  resolve(platform: string, userId: string, email?: string): Person | undefined;
  /** The language to speak with a person that `resolve` returned. */
  languageOf(person: Person): Promise<Language>;
  /** The language for someone the bot does not know. */
  readonly language: Language;
  /** What the bot is for, in a greeting to a whole team ("de assistent van …"). */
  readonly name: string;
  /** Where the adapter keeps its own records (installations, retries seen, conversation references). */
  readonly store: Store;
  readonly logger: Logger;
}
