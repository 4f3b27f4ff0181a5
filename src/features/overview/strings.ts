import type { Language } from "../../config/programme-schema.js";

/**
 * The overview feature's words, Dutch first (B1: short sentences, "je"). `en` is typed from
 * `nl`, so a key missing in English does not compile.
 */
export const nl = {
  commands: {
    overview:
      "hoe het gaat: per team en per week de reflecties, herinneringen en afmeldingen (alleen aantallen)",
  },
  title: "Overzicht deelname",
  intro: (weeks: number) =>
    `De laatste ${weeks === 1 ? "week" : `${weeks} weken`}, per team. Alleen aantallen: wat iemand schreef, zie je hier niet.`,
  mentorIntro: (weeks: number) =>
    `Je team, de laatste ${weeks === 1 ? "week" : `${weeks} weken`}. Alleen aantallen: wat iemand schreef, zie je hier niet.`,
  nothingYet: "Er is nog niets verstuurd. Na de eerste reflectievraag zie je hier hoe het gaat.",
  noTeams: "Je bent geen mentor van een team in dit programma.",
  teamTitle: (team: string, members: number) =>
    `${team} (${members} ${members === 1 ? "deelnemer" : "deelnemers"})`,
  week: (week: string) => `Week ${weekNumber(week)}`,
  /** One week of one team, on one line. */
  weekLine: (week: string, answered: number, prompts: number, rest: string) =>
    prompts === 0 && answered === 0
      ? `*Week ${weekNumber(week)}*: geen reflectievraag${rest ? ` · ${rest}` : ""}`
      : `*Week ${weekNumber(week)}*: ${answered} van ${prompts} beantwoord${rest ? ` · ${rest}` : ""}`,
  noTeam: "Zonder team",
  members: "deelnemers",
  team: "team",
  weekColumn: "week",
  chartTitle: "Antwoorden per week",
  chartAxis: "antwoorden",
  chartAlt: (weeks: number, teams: number) =>
    `Grafiek: antwoorden per week voor ${teams} ${teams === 1 ? "team" : "teams"}, de laatste ${weeks === 1 ? "week" : `${weeks} weken`}.`,
  chartLater: "De grafiek staat in het overzicht als de bot een openbaar adres heeft (KAMPVUUR_PUBLIC_URL).",
  homeTitle: "Deelname",
  homeLine: (week: string, answered: number, prompts: number) =>
    `Week ${weekNumber(week)}: ${answered} van ${prompts} reflecties beantwoord.`,
  homeMore: "Typ *overzicht* voor alle aantallen per team.",
  exportAnswersTitle: "Gedeelde antwoorden",
  exportAnswersIntro:
    "Alleen antwoorden die de schrijver met de mentor of het team deelde. De naam staat erbij als het antwoord met het team is gedeeld.",
  exportQuestionsTitle: "Gestelde reflectievragen",
  sharedWithMentor: "(gedeeld met de mentor)",
  columns: {
    date: "datum",
    author: "van",
    visibility: "gedeeld met",
    prompt: "vraag",
    answer: "antwoord",
  },
  visibility: { mentor: "mentor", group: "team" },
};

export type OverviewStrings = typeof nl;

export const en: OverviewStrings = {
  commands: {
    overview: "how it goes: per team and week the reflections, reminders and can't-comes (counts only)",
  },
  title: "Participation overview",
  intro: (weeks) =>
    `The last ${weeks === 1 ? "week" : `${weeks} weeks`}, per team. Counts only: what people wrote is not shown here.`,
  mentorIntro: (weeks) =>
    `Your team, the last ${weeks === 1 ? "week" : `${weeks} weeks`}. Counts only: what people wrote is not shown here.`,
  nothingYet: "Nothing has been sent yet. After the first reflection prompt you see here how it goes.",
  noTeams: "You are not the mentor of a team in this programme.",
  teamTitle: (team, members) => `${team} (${members} ${members === 1 ? "participant" : "participants"})`,
  week: (week) => `Week ${weekNumber(week)}`,
  weekLine: (week, answered, prompts, rest) =>
    prompts === 0 && answered === 0
      ? `*Week ${weekNumber(week)}*: no reflection prompt${rest ? ` · ${rest}` : ""}`
      : `*Week ${weekNumber(week)}*: ${answered} of ${prompts} answered${rest ? ` · ${rest}` : ""}`,
  noTeam: "No team",
  members: "participants",
  team: "team",
  weekColumn: "week",
  chartTitle: "Answers per week",
  chartAxis: "answers",
  chartAlt: (weeks, teams) =>
    `Chart: answers per week for ${teams} ${teams === 1 ? "team" : "teams"}, the last ${weeks === 1 ? "week" : `${weeks} weeks`}.`,
  chartLater: "The chart is part of the overview once the bot has a public address (KAMPVUUR_PUBLIC_URL).",
  homeTitle: "Participation",
  homeLine: (week, answered, prompts) =>
    `Week ${weekNumber(week)}: ${answered} of ${prompts} reflections answered.`,
  homeMore: "Type *overview* for all counts per team.",
  exportAnswersTitle: "Shared answers",
  exportAnswersIntro:
    "Only answers their authors shared with their mentor or their team. The name is given when the answer was shared with the team.",
  exportQuestionsTitle: "Reflection prompts sent",
  sharedWithMentor: "(shared with the mentor)",
  columns: {
    date: "date",
    author: "by",
    visibility: "shared with",
    prompt: "prompt",
    answer: "answer",
  },
  visibility: { mentor: "mentor", group: "team" },
};

export function strings(language: Language): OverviewStrings {
  return language === "en" ? en : nl;
}

/** `2026-W48` → `48`. */
export function weekNumber(week: string): string {
  return String(Number(week.slice(week.indexOf("W") + 1)));
}
