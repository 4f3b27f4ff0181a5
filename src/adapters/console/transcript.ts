import type { ChatAdapter, SentMessage } from "../../core/adapter.js";
import type { Clock } from "../../core/clock.js";
import type { Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";

export interface TranscriptEntry {
  at: Date;
  /** Core person id. */
  to: string;
  message: Message;
}

/**
 * The console's outbound side without a terminal: it reaches everyone in the programme
 * (`console:<person id>`) and keeps what was sent, with the (virtual) time. The simulator
 * prints from it.
 */
export class ConsoleTranscript implements ChatAdapter {
  readonly platform = "console";
  readonly entries: TranscriptEntry[] = [];
  private listeners: ((entry: TranscriptEntry) => void)[] = [];

  constructor(private readonly clock: Clock) {}

  async directAddress(person: Person): Promise<string | undefined> {
    return `console:${person.id}`;
  }

  async send(conversation: string, message: Message): Promise<SentMessage> {
    this.record(conversation.slice("console:".length), message);
    return { conversation, messageId: `t${this.entries.length}` };
  }

  /** Records a message that was not sent through `send` (a reply in a conversation). */
  record(to: string, message: Message): void {
    const entry = { at: this.clock.now(), to, message };
    this.entries.push(entry);
    for (const l of this.listeners) l(entry);
  }

  onEntry(listener: (entry: TranscriptEntry) => void): void {
    this.listeners.push(listener);
  }
}
