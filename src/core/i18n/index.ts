import type { Language } from "../../config/programme-schema.js";
import { en } from "./en.js";
import { type Messages, nl } from "./nl.js";

export type { Messages } from "./nl.js";

const dictionaries: Record<Language, Messages> = { nl, en };

/** The messages of one language. */
export function messages(language: Language): Messages {
  return dictionaries[language];
}

/** Formats a date for people: "dinsdag 9 februari" / "Tuesday 9 February". */
export function formatDay(date: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(language === "nl" ? "nl-NL" : "en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone,
  }).format(date);
}
