import type { Language } from "../../config/programme-schema.js";
import { en } from "./en.js";
import { type Messages, nl } from "./nl.js";

export type { Messages } from "./nl.js";

const dictionaries: Record<Language, Messages> = { nl, en };

/** The messages of one language. */
export function messages(language: Language): Messages {
  return dictionaries[language];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A date formatter for a language and timezone, made once: building an Intl.DateTimeFormat
 * costs far more than using one, and a fan-out formats thousands of dates.
 */
export function dateFormatter(language: Language, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${language}|${timeZone}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language === "nl" ? "nl-NL" : "en-GB", { ...options, timeZone });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Formats a date for people: "dinsdag 9 februari" / "Tuesday 9 February". */
export function formatDay(date: Date, language: Language, timeZone: string): string {
  return dateFormatter(language, timeZone, { weekday: "long", day: "numeric", month: "long" }).format(date);
}
