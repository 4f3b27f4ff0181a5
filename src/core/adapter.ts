import type { Person } from "../domain/people.js";
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
  send(conversation: string, message: Message): Promise<SentMessage>;
  update?(sent: SentMessage, message: Message): Promise<void>;
}

/**
 * How a handler answers the event it is handling. Each adapter implements it for one
 * inbound event (a Bolt `respond`/`say`, a Teams turn context, the terminal).
 */
export interface Responder {
  reply(message: Message): Promise<void>;
  openForm(form: Form): Promise<void>;
  /** Replace the message whose button was used, so no dead buttons stay behind. */
  updateSource?(message: Message): Promise<void>;
}

export interface HandleResult {
  /** Set when a submitted form has problems; the adapter shows them next to the fields. */
  errors?: FieldErrors;
}
