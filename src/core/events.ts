/**
 * Inbound events, already translated by an adapter. `userId` is the platform's own id;
 * the bot maps it to a programme person. `conversation` is an address string such as
 * `console:anna-de-vries`, `slack:T123:D456` or `teams:<conversation id>`.
 */
interface EventBase {
  platform: string;
  userId: string;
  conversation: string;
  /** True in a one-to-one chat with the bot. */
  direct: boolean;
  /** The user's e-mail address, when the adapter knows it: matches people listed by e-mail only. */
  email?: string;
}

export type InboundEvent =
  | (EventBase & { kind: "message"; text: string })
  /** An explicit command invocation (Slack's `/kampvuur …`, a Teams command-list item): never free text. */
  | (EventBase & { kind: "command"; text: string })
  | (EventBase & { kind: "action"; actionId: string; value?: string })
  | (EventBase & { kind: "submit"; formId: string; values: Record<string, string>; metadata?: string });

export type EventKind = InboundEvent["kind"];
