import type { Activity } from "botbuilder";
import { SendError } from "../../core/adapter.js";

/**
 * Teams refuses an activity over 28 KB (413 RequestEntityTooLarge). Every activity the bot
 * sends goes through `fitActivity` first: one that would be too large is never sent as is;
 * its longest texts are shortened with "…" until it fits, and it says that it was shortened.
 */

/** Teams' limit for one activity, serialized. */
export const TEAMS_ACTIVITY_BYTES = 28 * 1024;
/**
 * What the bot's own part of an activity may take: botbuilder adds the conversation, the
 * sender and recipient, the service address and channel data before it goes out.
 */
export const ACTIVITY_BUDGET = TEAMS_ACTIVITY_BYTES - 2 * 1024;
/** Said at the foot of a shortened message (the adapter does not know the reader's language here). */
export const SHORTENED_NOTE =
  "✂ Dit bericht was te lang voor Teams en is ingekort. / This message was too long for Teams and was shortened.";
/** A shortened text keeps at least this many characters (and its "…"). */
const MIN_KEPT = 40;

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/** A text in the activity that may be shortened. */
interface Slot {
  get(): string;
  set(text: string): void;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The texts of a card that can be shortened: TextBlocks and the values of facts, anywhere in it. */
function cardSlots(value: unknown, slots: Slot[]): void {
  if (Array.isArray(value)) for (const item of value) cardSlots(item, slots);
  if (!isObject(value)) return;
  const textual =
    (value.type === "TextBlock" && typeof value.text === "string") ||
    (typeof value.title === "string" && typeof value.value === "string" && value.type === undefined);
  const key = value.type === "TextBlock" ? "text" : "value";
  if (textual) slots.push({ get: () => value[key] as string, set: (text) => void (value[key] = text) });
  for (const child of Object.values(value)) if (typeof child === "object") cardSlots(child, slots);
}

const isCard = (attachment: unknown): attachment is { content: Json } =>
  isObject(attachment) &&
  attachment.contentType === "application/vnd.microsoft.card.adaptive" &&
  isObject(attachment.content);

/** Cuts `text` to about `length` characters, at a space when there is one near, ending in "…". */
function shorten(text: string, length: number): string {
  const room = Math.max(MIN_KEPT, length) - 1;
  if (text.length <= room + 1) return text;
  const window = text.slice(0, room);
  const space = window.lastIndexOf(" ");
  return `${(space > room * 0.8 ? window.slice(0, space) : window).trimEnd()}…`;
}

/**
 * The activity as it may be sent: as it is when it fits in `budget` bytes; else a copy whose
 * longest texts (a card's TextBlocks and facts, the activity's `text`) are shortened with "…",
 * longest first, and which says it was shortened. Throws a `not-sent` `SendError` when not
 * even that fits (a card of hundreds of elements), rather than have Teams refuse it.
 *
 * @example fitActivity(MessageFactory.text("x".repeat(50_000))) // text of ~26 KB ending in "…" and the note
 */
export function fitActivity(activity: Partial<Activity>, budget = ACTIVITY_BUDGET): Partial<Activity> {
  if (bytesOf(activity) <= budget) return activity;
  const fitted = structuredClone(activity) as Partial<Activity> & Json;
  const slots: Slot[] = [];
  const cards = (fitted.attachments ?? []).filter(isCard);
  for (const attachment of cards) cardSlots(attachment.content, slots);
  // A card says it at its foot; a text message after its text.
  const note = cards.length === 0 ? `\n\n${SHORTENED_NOTE}` : "";
  if (typeof fitted.text === "string") {
    const kept = fitted.text;
    fitted.text = `${kept}${note}`;
    slots.push({
      get: () => (fitted.text as string).slice(0, (fitted.text as string).length - note.length),
      set: (text) => void (fitted.text = `${text}${note}`),
    });
  }
  for (const attachment of cards) {
    const body = attachment.content.body;
    if (Array.isArray(body))
      body.push({ type: "TextBlock", text: SHORTENED_NOTE, wrap: true, isSubtle: true, size: "Small" });
  }
  for (;;) {
    const excess = bytesOf(fitted) - budget;
    if (excess <= 0) return fitted;
    const longest = slots.reduce<Slot | undefined>(
      (best, s) => (!best || s.get().length > best.get().length ? s : best),
      undefined,
    );
    const text = longest?.get() ?? "";
    if (!longest || text.length <= MIN_KEPT)
      throw new SendError(
        "not-sent",
        `the message does not fit in one Teams activity (${TEAMS_ACTIVITY_BYTES} bytes), even shortened`,
      );
    // A character is at least one byte: cutting `excess` characters (and a little more) gets there, or near.
    longest.set(shorten(text, text.length - excess - 16));
  }
}
