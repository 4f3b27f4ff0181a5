import type { Language } from "../../config/programme-schema.js";

/**
 * The retention feature's words, Dutch first (B1: short sentences, "je"). `en` is typed from
 * `nl`, so a key missing in English does not compile. Dates come in words ("woensdag 12 mei 2027").
 */
export const nl = {
  /** The warning: how many days until the deletion (on time: `warnDaysBefore`). */
  warning: (days: number): string =>
    `${days <= 1 ? "Morgen" : `Over ${days} dagen`} verwijdert kampvuur je antwoorden en gegevens uit deze leergang. Wil je ze bewaren? Typ *mijn gegevens*.`,
  warningWhen: (day: string) =>
    `Dat gebeurt op ${day}. Daarna bewaart kampvuur niets meer van je uit deze leergang.`,
  /** The part's description (what it keeps, and when everything goes), for `mijn gegevens` and `kampvuur privacy status`. */
  planned: (warn: string, remove: string) =>
    `Het bericht over het verwijderen na de leergang. Dat bericht gaat op ${warn}. Op ${remove} verwijdert kampvuur alle antwoorden en gegevens uit deze leergang.`,
  done: (day: string, people: number) =>
    `Op ${day} heeft kampvuur alle antwoorden en gegevens uit deze leergang verwijderd (van ${people} ${people === 1 ? "persoon" : "personen"}).`,
};

export type RetentionStrings = typeof nl;

export const en: RetentionStrings = {
  warning: (days) =>
    `${days <= 1 ? "Tomorrow" : `In ${days} days`} kampvuur deletes your answers and data from this programme. Want to keep them? Type *my data*.`,
  warningWhen: (day) => `That is on ${day}. After that kampvuur keeps nothing of yours from this programme.`,
  planned: (warn, remove) =>
    `The message about the deletion after the programme. It goes on ${warn}. On ${remove} kampvuur deletes all answers and data from this programme.`,
  done: (day, people) =>
    `On ${day} kampvuur deleted all answers and data from this programme (of ${people} ${people === 1 ? "person" : "people"}).`,
};

export function strings(language: Language): RetentionStrings {
  return language === "en" ? en : nl;
}
