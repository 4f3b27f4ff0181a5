/**
 * The words of the coordinator-facing commands (`schedule`, `simulate`), in the programme's
 * language: Dutch first, `en` typed from it.
 */
import type { Language } from "../config/programme-schema.js";

export const nl = {
  simulate: {
    later: (list: string) =>
      `Na deze weken komen nog: ${list}${list.endsWith("…") ? "" : "."} Daarna is het programma klaar.`,
    over: "Na deze weken komen er geen reflectievragen meer: het programma is klaar.",
  },
  schedule: {
    headers: ["Wanneer", "Wat", "Reflectievraag"],
    phase: {
      "after-session": "terugblik",
      midway: "tussendoor",
      "before-session": "vooruitblik",
      closing: "afsluiting",
      "follow-up": "een maand later",
    } as Record<string, string>,
    to: (n: number) => `naar ${n} ${n === 1 ? "deelnemer" : "deelnemers"}`,
    week: (from: string, to: string) => `week ${from} – ${to}`,
    none: "geen vraag",
    sessionWeek: (day: string, theme: string) => `bijeenkomst op ${day}: “${theme}”`,
    holiday: (day: string) => `vrij (${day})`,
    beforeStart: (day: string) => `de eerste bijeenkomst is op ${day}`,
    between: (day: string) => `de bijeenkomsten zijn voorbij; de vraag van een maand later komt op ${day}`,
    over: (day: string) => `Na ${day} komen er geen reflectievragen meer: het programma is klaar.`,
    thatIsAll: (shown: number, asked: number) => `Dat is alles: ${shown} van de ${asked} gevraagde regels.`,
    person: {
      firstName: "‹voornaam›",
      learningQuestion: "‹eigen leervraag›",
      caseName: "‹praktijkcase›",
      teamName: "‹team›",
    } as Record<string, string>,
  },
};

export type CliStrings = typeof nl;

export const en: CliStrings = {
  simulate: {
    later: (list) =>
      `After these weeks still to come: ${list}${list.endsWith("…") ? "" : "."} Then the programme is over.`,
    over: "After these weeks there are no more reflection prompts: the programme is over.",
  },
  schedule: {
    headers: ["When", "What", "Reflection prompt"],
    phase: {
      "after-session": "looking back",
      midway: "in between",
      "before-session": "looking ahead",
      closing: "closing",
      "follow-up": "a month later",
    },
    to: (n) => `to ${n} ${n === 1 ? "participant" : "participants"}`,
    week: (from, to) => `week ${from} – ${to}`,
    none: "no prompt",
    sessionWeek: (day, theme) => `session day on ${day}: “${theme}”`,
    holiday: (day) => `holiday (${day})`,
    beforeStart: (day) => `the first session day is on ${day}`,
    between: (day) => `the session days are over; the prompt a month later comes on ${day}`,
    over: (day) => `After ${day} there are no more reflection prompts: the programme is over.`,
    thatIsAll: (shown, asked) => `That is all: ${shown} of the ${asked} rows asked for.`,
    person: {
      firstName: "‹first name›",
      learningQuestion: "‹own learning question›",
      caseName: "‹practice case›",
      teamName: "‹team›",
    },
  },
};

export function cliStrings(language: Language): CliStrings {
  return language === "en" ? en : nl;
}

/** Rows as a plain-text table: columns padded to their widest cell, the last one left as it is. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
