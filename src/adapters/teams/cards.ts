import { type Block, type FieldErrors, type Form, type Message, plainText } from "../../core/messages.js";

/**
 * Rendering of the core's neutral messages and forms to Adaptive Cards (schema 1.5, what
 * Teams renders on desktop and mobile). Pure functions. Buttons and forms submit data
 * marked with `kampvuur`, so a submit is never mistaken for typed text.
 */

export const CARD_VERSION = "1.5";
/** Teams accepts cards up to about 28 KB; text beyond this is cut with "…". */
const MAX_TEXT = 8_000;

export type CardElement = Record<string, unknown>;
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
}

/** What a button or a form sends back. */
export type SubmitData =
  | { kampvuur: "action"; actionId: string; value?: string }
  | { kampvuur: "submit"; formId: string; metadata?: string };

const clip = (text: string, max = MAX_TEXT) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A list item the core writes ("• ", "- ", "1. "). */
const LIST_ITEM = /^(?:[•·] |- |\d{1,3}[.)] )/;

/**
 * The core's text as Teams' markdown (in cards and in text messages alike):
 * - *bold* becomes **bold** (a single star is italic there);
 * - a single line break is a space in Teams' markdown, so every line becomes its own
 *   paragraph, except list items ("• ", "- ", "1. "), which stay one list ("• " becomes "- ").
 */
export function toTeamsMarkdown(text: string): string {
  const bold = text.replace(/(^|[\s(“"])\*([^*\n]+)\*(?=[\s).,:;!?”"]|$)/gm, "$1**$2**");
  const lines = bold.split(/\r?\n/);
  let out = "";
  let previousWasItem = false;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.trim() === "") {
      previousWasItem = false;
      continue;
    }
    const item = LIST_ITEM.test(line.trimStart());
    const rendered = item ? line.trimStart().replace(/^[•·] /, "- ") : line;
    out += out === "" ? rendered : item && previousWasItem ? `\n${rendered}` : `\n\n${rendered}`;
    previousWasItem = item;
  }
  return out;
}

const textBlock = (text: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: "TextBlock",
  text: clip(toTeamsMarkdown(text)),
  wrap: true,
  ...extra,
});

function renderBlock(block: Block): { body: CardElement[]; actions: CardElement[] } {
  switch (block.type) {
    case "text":
      return { body: [textBlock(block.text)], actions: [] };
    case "section":
      return {
        body: [
          ...(block.title ? [textBlock(block.title, { weight: "Bolder", size: "Medium" })] : []),
          textBlock(block.text),
          ...(block.fields?.length
            ? [
                {
                  type: "FactSet",
                  facts: block.fields.map((f) => ({ title: f.label, value: clip(f.value, 500) })),
                },
              ]
            : []),
        ],
        actions: [],
      };
    case "context":
      return { body: [textBlock(block.text, { isSubtle: true, size: "Small" })], actions: [] };
    case "divider":
      return { body: [{ type: "TextBlock", text: " ", separator: true }], actions: [] };
    case "image":
      return { body: [{ type: "Image", url: block.url, altText: block.alt, size: "Stretch" }], actions: [] };
    case "actions":
      return {
        body: [],
        actions: block.buttons.map((b) => ({
          type: "Action.Submit",
          title: clip(b.label, 60),
          ...(b.style === "primary"
            ? { style: "positive" }
            : b.style === "danger"
              ? { style: "destructive" }
              : {}),
          data: {
            kampvuur: "action",
            actionId: b.actionId,
            ...(b.value !== undefined ? { value: b.value } : {}),
          },
        })),
      };
  }
}

const card = (body: CardElement[], actions: CardElement[]): AdaptiveCard => ({
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: CARD_VERSION,
  body,
  ...(actions.length ? { actions } : {}),
});

/** True when a message needs a card (buttons, sections); plain text is sent as text. */
export function needsCard(message: Message): boolean {
  return (message.blocks ?? []).some((b) => b.type !== "text");
}

/**
 * A neutral message as an Adaptive Card. One row of buttons goes at the foot of the card, as
 * Teams shows it best; several rows (a "Gedaan" button under each task of a checklist) each
 * stay where they are, as an `ActionSet` in the body, so every button sits under what it is for.
 */
export function toCard(message: Message): AdaptiveCard {
  const blocks = message.blocks ?? [{ type: "text" as const, text: plainText(message) }];
  const inline = blocks.filter((b) => b.type === "actions").length > 1;
  const parts = blocks.map(renderBlock);
  if (!inline)
    return card(
      parts.flatMap((p) => p.body),
      parts.flatMap((p) => p.actions),
    );
  return card(
    parts.flatMap((p) =>
      p.actions.length > 0 ? [...p.body, { type: "ActionSet", actions: p.actions }] : p.body,
    ),
    [],
  );
}

/** Words the form card needs in the person's language. */
export interface FormWords {
  /** Under an empty required field (Teams blocks the tap, and without words it only shows red). */
  required: string;
}

/** A neutral form as a card with inputs; `errors` are shown under their fields. */
export function toFormCard(
  form: Form,
  errors: FieldErrors = {},
  values: Record<string, string> = {},
  words: FormWords = { required: "Vul dit in. / Please fill this in." },
): AdaptiveCard {
  const body: CardElement[] = [textBlock(form.title, { weight: "Bolder", size: "Medium" })];
  for (const field of form.fields) {
    const value = values[field.id] ?? field.initial;
    if (field.kind === "choice") {
      body.push({
        type: "Input.ChoiceSet",
        id: field.id,
        label: field.label,
        style: "expanded",
        isRequired: Boolean(field.required),
        ...(field.required ? { errorMessage: words.required } : {}),
        choices: field.options.map((o) => ({ title: o.label, value: o.value })),
        ...(value ? { value } : {}),
      });
    } else {
      body.push({
        type: "Input.Text",
        id: field.id,
        label: clip(field.label, 1_000),
        isMultiline: field.kind === "textarea",
        isRequired: Boolean(field.required),
        ...(field.required ? { errorMessage: words.required } : {}),
        ...(field.hint ? { placeholder: field.hint } : {}),
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(value ? { value } : {}),
      });
    }
    const error = errors[field.id];
    if (error) body.push(textBlock(`⚠ ${error}`, { color: "Attention", spacing: "None" }));
  }
  return card(body, [
    {
      type: "Action.Submit",
      title: form.submitLabel,
      style: "positive",
      data: {
        kampvuur: "submit",
        formId: form.formId,
        ...(form.metadata ? { metadata: form.metadata } : {}),
      },
    },
  ]);
}

/**
 * The form card once it was sent: its title, what was filled in, and that it is done. No
 * inputs and no buttons: a second tap cannot send it again.
 */
export function toDoneFormCard(form: Form, values: Record<string, string>, done: string): AdaptiveCard {
  const facts = form.fields.flatMap((field) => {
    const value = values[field.id]?.trim();
    if (!value) return [];
    const shown =
      field.kind === "choice" ? (field.options.find((o) => o.value === value)?.label ?? value) : value;
    return [{ title: clip(field.label, 200), value: clip(shown, 1_500) }];
  });
  return card(
    [
      textBlock(form.title, { weight: "Bolder", size: "Medium" }),
      ...(facts.length ? [{ type: "FactSet", facts }] : []),
      textBlock(`✓ ${done}`, { isSubtle: true, size: "Small" }),
    ],
    [],
  );
}
