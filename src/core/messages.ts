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
  | { type: "divider" }
  /** A picture at a public address (a chart), with words for who cannot see it. */
  | { type: "image"; url: string; alt: string };

export interface Message {
  /**
   * Plain summary for notifications, screen readers, fallbacks; derived from the blocks when
   * absent (`plainText(message)`). Give it only when the notification should say something
   * else than the blocks (for example the question first).
   */
  text?: string;
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

/** The plain text of one block: what it says in words (no button labels, nothing for a divider). */
function blockText(block: Block): string[] {
  switch (block.type) {
    case "text":
    case "context":
      return [block.text];
    case "section": {
      const fields = (block.fields ?? []).map((f) => `${f.label}: ${f.value}`).join("\n");
      return [block.title ?? "", block.text, fields].filter(Boolean);
    }
    case "image":
      return [block.alt];
    case "actions":
    case "divider":
      return [];
  }
}

/**
 * A message's plain summary: its `text` when given, otherwise what its blocks say (text
 * blocks; a section's title, text and fields as `label: value` lines; context), parts
 * separated by a blank line. Button labels and dividers are not part of it.
 */
export function plainText(message: Message): string {
  if (message.text !== undefined) return message.text;
  return (message.blocks ?? [])
    .flatMap(blockText)
    .filter((part) => part !== "")
    .join("\n\n");
}

/** The core's markup (*bold*, _italic_, `code`) and Slack's links and mentions, as plain words. */
export function stripMarkup(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, "$2")
    .replace(/<(https?:[^>]+)>/g, "$1")
    .replace(/(^|[\s(“"‘'])\*([^*\n]+)\*(?=[\s).,:;!?”"’']|$)/gm, "$1$2")
    .replace(/(^|[\s(“"‘'])_([^_\n]+)_(?=[\s).,:;!?”"’']|$)/gm, "$1$2")
    .replace(/`([^`\n]+)`/g, "$1");
}

/** At most `max` characters, cut after a whole word, with "…" when anything was cut. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.search(/\s\S*$/);
  return `${(space > max / 2 ? head.slice(0, space) : head).replace(/[\s,.;:–-]+$/, "")}…`;
}

/**
 * What a phone shows of a message in its notification and the chat list: the first thing it
 * says (its `text` when given, else its first block), in plain words on one line, cut at a
 * word with "…". The question or the news goes first in a message, so it lands here.
 */
export function notificationText(message: Message, max = 150): string {
  const first =
    message.text ?? (message.blocks ?? []).flatMap(blockText).find((part) => part.trim() !== "") ?? "";
  return cutAtWord(stripMarkup(first).replace(/\s+/g, " ").trim(), max);
}
