/**
 * Platform-neutral outbound messages. The core builds these; every adapter renders
 * them (console text, Slack Block Kit, Teams Adaptive Cards). Text uses a small,
 * portable subset of Markdown: *bold*, _italic_, line breaks and "• " bullets.
 */

export interface Button {
  /** Routes the click back to a handler registered with `bot.onAction(actionId)`. */
  actionId: string;
  label: string;
  /** Opaque payload returned with the click (an answer id, an occurrence id, …). */
  value?: string;
  style?: "primary" | "danger";
}

export type Block =
  | { type: "text"; text: string }
  | { type: "section"; title?: string; text: string; fields?: { label: string; value: string }[] }
  | { type: "actions"; buttons: Button[] }
  | { type: "context"; text: string }
  | { type: "divider" };

export interface Message {
  /** Plain summary, always present: notifications, screen readers, fallbacks. */
  text: string;
  blocks?: Block[];
  /** What the message is for (`reflection`, `reflection-reminder`, …): logs, transcripts, priorities. */
  kind?: string;
}

export interface Choice {
  value: string;
  label: string;
}

export type FormField =
  | {
      kind: "text" | "textarea";
      id: string;
      label: string;
      hint?: string;
      required?: boolean;
      minLength?: number;
      maxLength?: number;
      initial?: string;
    }
  | {
      kind: "choice";
      id: string;
      label: string;
      hint?: string;
      required?: boolean;
      options: Choice[];
      initial?: string;
    };

/** A form: a Slack modal, an Adaptive Card with inputs, or questions one by one in the console. */
export interface Form {
  /** Routes the submission to `bot.onSubmit(formId)`. */
  formId: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Opaque context carried through the platform and returned on submit. */
  metadata?: string;
}

/** Field errors returned on submit, shown next to the fields (Slack `response_action: errors`). */
export type FieldErrors = Record<string, string>;

export const text = (t: string): Message => ({ text: t, blocks: [{ type: "text", text: t }] });
