import type { PaceLimit } from "./pacing.js";
import type { Person } from "./people.js";
import type { FieldErrors, Form, Message } from "./messages.js";

/** A reference to a message an adapter has sent, so it can be updated later. */
export interface SentMessage {
  conversation: string;
  messageId?: string;
}

/**
 * What the core needs from a chat platform for messages it starts itself
 * (scheduled prompts, fan-outs). Optional powers are optional methods.
 */
export interface ChatAdapter {
  readonly platform: string;
  /** The address of a direct chat with this person on this platform, or undefined when they cannot be reached here. */
  directAddress(person: Person): Promise<string | undefined>;
  /**
   * Sends one message. A send the platform did not take throws a `SendError` saying whether
   * the message certainly did not arrive (`not-sent`: safe to send again) or may have
   * (`uncertain`). An adapter never retries a send itself after the request left: only the
   * caller (the deliverer) can decide that without sending twice.
   */
  send(conversation: string, message: Message, options?: SendOptions): Promise<SentMessage>;
  update?(sent: SentMessage, message: Message): Promise<void>;
  /**
   * Looks on the platform for a message sent earlier with this idempotency key (Slack keeps
   * it in the message's metadata). Undefined: the platform cannot tell; the caller then
   * treats the send as uncertain.
   */
  findSent?(conversation: string, idempotencyKey: string): Promise<SentMessage | null | undefined>;
  /**
   * Whether the bot can start a message in this conversation now, before it tries (a Teams
   * channel: only where the adapter saved a conversation reference when it saw the channel).
   * Absent: it can try, and a refused send says so.
   */
  canStart?(conversation: string): Promise<boolean>;
  /**
   * The platform's rate limits a send to this conversation counts against, the most specific
   * first (a Slack channel, then its workspace). The deliverer paces its sends to them.
   * Absent: not paced (the console, tests).
   */
  pacing?(conversation: string): PaceLimit[];
  /**
   * What the adapter itself keeps about a person (Teams: where their personal chat with the
   * bot is), for `mijn gegevens` and `verwijder mij`. Absent: it keeps nothing per person.
   */
  readonly personalData?: AdapterPersonalData;
}

/** An adapter's own records about one person: handed over and erased with the rest. */
export interface AdapterPersonalData {
  export(person: Person): Promise<Record<string, unknown> | undefined>;
  /** Removes them; how many records went. */
  erase(person: Person): Promise<number>;
}

export interface SendOptions {
  /** The delivery's id: stored with the message where the platform allows, so `findSent` can find it. */
  idempotencyKey?: string;
}

/**
 * Why a send failed, as far as the delivery is concerned:
 * - `not-sent`: the platform certainly did not take it (a 429, a refused connection, a 4xx);
 * - `uncertain`: the request may have been taken (a 5xx, a reset or a timeout after it left).
 */
export class SendError extends Error {
  readonly retryAfterMs?: number;
  /** The platform said "later" (429/throttled): does not count as a failed attempt. */
  readonly rateLimited: boolean;
  constructor(
    readonly certainty: "not-sent" | "uncertain",
    message: string,
    options: { cause?: unknown; retryAfterMs?: number; rateLimited?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "SendError";
    this.retryAfterMs = options.retryAfterMs;
    this.rateLimited = options.rateLimited ?? false;
  }
}

/**
 * How a handler answers the event it is handling. Each adapter implements it for one
 * inbound event (a Bolt `respond`/`say`, a Teams turn context, the terminal).
 */
export interface Responder {
  reply(message: Message): Promise<void>;
  openForm(form: Form): Promise<void>;
  /**
   * Replaces the message whose button was used, so no dead buttons stay behind; where there
   * is no such message or the platform cannot update it, replies with the message instead.
   */
  replace(message: Message): Promise<void>;
  /**
   * Whether `replace` really updates the message whose button was used (false: it replies).
   * For a handler whose replacement is only tidying up, and which should say nothing otherwise.
   */
  readonly canReplace: boolean;
  /**
   * Sends a file into the conversation (Slack: an upload). Absent where the platform cannot
   * (the console, a Teams chat without the file consent flow, a DM sent from a channel):
   * the handler then offers the file another way.
   */
  sendFile?(file: OutgoingFile): Promise<void>;
}

/** A file for `Responder.sendFile`: a CSV or Markdown export, a chart. */
export interface OutgoingFile {
  /** With its extension (`deelname-2026-12-02.csv`). */
  filename: string;
  /** What the platform shows above it. */
  title: string;
  content: Buffer;
  /** `text/csv`, `text/markdown`, `image/png`. */
  mimeType: string;
  /** A line of text with it, in the person's language. */
  comment?: string;
  /** For an image: what it shows, for screen readers. */
  altText?: string;
}

export interface HandleResult {
  /** Set when a submitted form has problems; the adapter shows them next to the fields. */
  errors?: FieldErrors;
}
