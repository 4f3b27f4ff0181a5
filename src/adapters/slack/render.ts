import {
  type Block,
  type FieldErrors,
  type Form,
  type Message,
  plainText,
  stripMarkup,
} from "../../core/messages.js";

/**
 * Rendering of the core's neutral messages and forms to Block Kit. Pure functions: what
 * goes in is a `Message` or a `Form`, what comes out is the JSON Slack takes. Slack's
 * limits are kept by shortening (with "…") or splitting, never by failing.
 */

/** Slack's documented limits for what we send. */
export const LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in one modal. */
  modalBlocks: 100,
  /** `text` of a section block. */
  sectionText: 3000,
  /** `text` of a context element, a header, a button label. */
  contextText: 2000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  /** Elements in one actions block. */
  actions: 25,
  /** The notification text of a message (Slack truncates far above this). */
  messageText: 3000,
  /** Modal title, submit and close labels. */
  modalTitle: 24,
  inputLabel: 2000,
  optionText: 75,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

/** Shortens text to a limit, ending in "…" when it was cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Splits long text into pieces that each fit, at paragraph or line breaks where it can. */
export function split(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf("\n\n"), window.lastIndexOf("\n"), window.lastIndexOf(" "));
    const at = cut > max / 2 ? cut : max;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

type SlackText = { type: "mrkdwn" | "plain_text"; text: string; emoji?: boolean };
// Block Kit JSON as Slack takes it; typed loosely on purpose (the Web API client accepts any block).
export type SlackBlock = Record<string, unknown>;

const mrkdwn = (text: string): SlackText => ({ type: "mrkdwn", text });
const plain = (text: string, max: number): SlackText => ({
  type: "plain_text",
  text: clip(text, max),
  emoji: true,
});

function renderBlock(block: Block): SlackBlock[] {
  switch (block.type) {
    case "text":
      return split(block.text, LIMITS.sectionText).map((t) => ({ type: "section", text: mrkdwn(t) }));
    case "section": {
      const title = block.title ? `*${block.title}*\n` : "";
      const body: SlackBlock[] = split(`${title}${block.text}`, LIMITS.sectionText).map((t) => ({
        type: "section",
        text: mrkdwn(t),
      }));
      if (block.fields?.length) {
        // A section takes at most 10 fields of 2000 characters; without text they stand alone.
        if (body.length === 0) body.push({ type: "section" });
        (body.at(-1) as SlackBlock).fields = block.fields
          .slice(0, 10)
          .map((f) => mrkdwn(clip(`*${f.label}*\n${f.value}`, LIMITS.contextText)));
      }
      return body;
    }
    case "context":
      // Slack refuses an empty text object: an empty line is left out.
      return block.text.trim() === ""
        ? []
        : [{ type: "context", elements: [mrkdwn(clip(block.text, LIMITS.contextText))] }];
    case "divider":
      return [{ type: "divider" }];
    case "image":
      return [{ type: "image", image_url: block.url, alt_text: clip(block.alt, 2000) }];
    case "actions": {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.buttons.length; i += LIMITS.actions) {
        out.push({
          type: "actions",
          elements: block.buttons.slice(i, i + LIMITS.actions).map((b, j) => ({
            type: "button",
            // Slack wants unique action ids within a message; the core's id goes first.
            action_id: clip(slackActionId(b.actionId, i + j), LIMITS.actionId),
            text: plain(b.label, LIMITS.buttonText),
            ...(b.value !== undefined ? { value: b.value.slice(0, LIMITS.buttonValue) } : {}),
            ...(b.style ? { style: b.style } : {}),
          })),
        });
      }
      return out;
    }
  }
}

/** A button's Slack action id: the core's id first, then its place, since Slack wants them unique within a message. */
export function slackActionId(coreId: string, place: number): string {
  return `${coreId}#${place}`;
}

/** The core's action id back from a Slack one (`reflection.answer#0` → `reflection.answer`). */
export function coreActionId(slackActionId: string): string {
  return slackActionId.replace(/#\d+$/, "");
}

/**
 * What `toBlockKit` made of a message it saw before: a fan-out that sends the same message
 * object to many people (the same text for all) renders it once. Messages are not changed
 * after they are made, and neither is what comes out of here (it is only serialized).
 */
const rendered = new WeakMap<Message, { text: string; blocks: SlackBlock[] }>();

/** A neutral message as `chat.postMessage` / `chat.update` arguments (`text` and `blocks`). */
export function toBlockKit(message: Message): { text: string; blocks: SlackBlock[] } {
  let out = rendered.get(message);
  if (!out) {
    out = renderMessage(message);
    rendered.set(message, out);
  }
  return out;
}

function renderMessage(message: Message): { text: string; blocks: SlackBlock[] } {
  const blocks = (message.blocks ?? [{ type: "text" as const, text: plainText(message) }]).flatMap(
    renderBlock,
  );
  if (blocks.length > LIMITS.messageBlocks) {
    // Keep the start and the end (the buttons are last); say what was left out.
    const tail = blocks.slice(-(LIMITS.messageBlocks / 2 - 1));
    const head = blocks.slice(0, LIMITS.messageBlocks - tail.length - 1);
    blocks.splice(0, blocks.length, ...head, { type: "context", elements: [mrkdwn("…")] }, ...tail);
  }
  // `text` is what a notification and the chat list show: plain words (no *…* or _…_), first thing first.
  return { text: clip(stripMarkup(plainText(message)), LIMITS.messageText), blocks };
}

/** A neutral form as a Slack modal (`views.open`), its fields as input blocks. */
export function toModal(form: Form): Record<string, unknown> {
  return {
    type: "modal",
    callback_id: clip(form.formId, LIMITS.callbackId),
    title: plain(form.title, LIMITS.modalTitle),
    submit: plain(form.submitLabel, LIMITS.modalTitle),
    ...(form.metadata ? { private_metadata: form.metadata.slice(0, LIMITS.privateMetadata) } : {}),
    blocks: form.fields.slice(0, LIMITS.modalBlocks).map((field) => {
      const label = plain(field.label, LIMITS.inputLabel);
      const hint = field.hint ? { hint: plain(field.hint, LIMITS.inputLabel) } : {};
      if (field.kind === "choice") {
        const options = field.options
          .slice(0, 10)
          .map((o) => ({ text: plain(o.label, LIMITS.optionText), value: o.value }));
        const initial = options.find((o) => o.value === field.initial);
        return {
          type: "input",
          block_id: field.id,
          label,
          ...hint,
          optional: !field.required,
          element: {
            type: "radio_buttons",
            action_id: "value",
            options,
            ...(initial ? { initial_option: initial } : {}),
          },
        };
      }
      return {
        type: "input",
        block_id: field.id,
        label,
        ...hint,
        optional: !field.required,
        element: {
          type: "plain_text_input",
          action_id: "value",
          multiline: field.kind === "textarea",
          ...(field.maxLength ? { max_length: Math.min(field.maxLength, 3000) } : {}),
          ...(field.minLength ? { min_length: Math.min(field.minLength, 3000) } : {}),
          ...(field.initial ? { initial_value: field.initial.slice(0, 3000) } : {}),
        },
      };
    }),
  };
}

/** The values of a submitted modal, by field id (the block id). */
export function valuesOf(state: Record<string, Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state ?? {})) {
    const element = actions.value as
      { type?: string; value?: string | null; selected_option?: { value?: string } | null } | undefined;
    if (!element) continue;
    out[blockId] = element.selected_option?.value ?? element.value ?? "";
  }
  return out;
}

/** Field errors in the shape `response_action: "errors"` wants (by block id, 2000 characters at most). */
export function slackErrors(errors: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, clip(v, LIMITS.contextText)]));
}
