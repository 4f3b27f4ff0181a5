import type { Language } from "../../config/programme-schema.js";

/**
 * The overview feature's words, Dutch first (B1: short sentences, "je"). `en` is typed from
 * `nl`, so a key missing in English does not compile.
 */
export const nl = {
  commands: {
    overview:
      "hoe het gaat: per team en per week de reflecties, herinneringen en afmeldingen (alleen aantallen)",
    export:
      "een bestand met de deelname, de vragen aan de bot, de gedeelde reflecties of de verstuurde reflectievragen (CSV, of md erachter)",
  },
  exportWords: {
    participation: "deelname",
    questions: "vragen",
    answers: "antwoorden",
    prompts: "reflectievragen",
  },
  exportUsage:
    "Wat wil je exporteren? Typ *export deelname*, *export vragen*, *export antwoorden* of *export reflectievragen*. Zet er *md* achter voor Markdown. Anders krijg je een CSV-bestand.",
  /** The line with the file: what it holds and how many. */
  exportWhat: (kind: "participation" | "questions" | "answers" | "prompts", count: number) =>
    ({
      participation: `Deelname per week en team: ${count} ${count === 1 ? "rij" : "rijen"}. Alleen aantallen.`,
      questions: `Vragen aan de bot: ${count}. Zonder namen.`,
      answers: `Gedeelde antwoorden: ${count}. Alleen wat de schrijver met het team deelde.`,
      prompts: `Verstuurde reflectievragen: ${count}.`,
    })[kind],
  exportLink: (name: string, url: string) =>
    `Download het bestand: [${name}](${url}). De link werkt een uur.`,
  exportTitle: "Export",
  exportInline: "Een bestand kan ik hier niet sturen. Daarom staat de export hieronder als tekst.",
  exportTooLong: (command: string) =>
    `Deze export is te groot voor de chat, en een bestand kan ik hier niet sturen. Vraag het aan wie de bot beheert, of typ in een terminal bij de bot: \`${command}\``,
  chartFileTitle: (date: string) => `Antwoorden per week (${date})`,
  chartFilename: "antwoorden-per-week",
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
    "Alleen antwoorden die de schrijver met het team deelde, met de naam erbij. Wat alleen met de mentor is gedeeld, staat er niet in.",
  exportPromptsTitle: "Gestelde reflectievragen",
  exportAskedTitle: "Vragen aan de bot",
  exportAskedIntro: "Wat mensen de bot vroegen, zonder namen. Zo zie je wat er in de inhoud nog ontbreekt.",
  roles: { participant: "deelnemer", mentor: "mentor", coordinator: "coördinator" },
  modes: { llm: "ja (taalmodel)", extractive: "ja", none: "nee" },
  ratings: { helpful: "nuttig", "not-helpful": "niet nuttig" },
  sharedWithMentor: "(gedeeld met de mentor)",
  columns: {
    date: "datum",
    author: "van",
    visibility: "gedeeld met",
    prompt: "vraag",
    answer: "antwoord",
    role: "rol",
    language: "taal",
    question: "vraag",
    found: "antwoord gevonden",
    sources: "bronnen",
    rating: "beoordeling",
  },
  visibility: { mentor: "mentor", group: "team" },
};

export type OverviewStrings = typeof nl;

export const en: OverviewStrings = {
  commands: {
    overview: "how it goes: per team and week the reflections, reminders and can't-comes (counts only)",
    export:
      "a file with participation, the questions asked to the bot, the shared reflections or the prompts sent (CSV, or add md)",
  },
  exportWords: {
    participation: "participation",
    questions: "questions",
    answers: "answers",
    prompts: "prompts",
  },
  exportUsage:
    "What do you want to export? Type *export participation*, *export questions*, *export answers* or *export prompts*. Add *md* for Markdown. Otherwise you get a CSV file.",
  exportWhat: (kind, count) =>
    ({
      participation: `Participation per week and team: ${count} ${count === 1 ? "row" : "rows"}. Counts only.`,
      questions: `Questions to the bot: ${count}. Without names.`,
      answers: `Shared answers: ${count}. Only what the authors shared with their team.`,
      prompts: `Reflection prompts sent: ${count}.`,
    })[kind],
  exportLink: (name, url) => `Download the file: [${name}](${url}). The link works for an hour.`,
  exportTitle: "Export",
  exportInline: "I cannot send a file here. So the export is below, as text.",
  exportTooLong: (command) =>
    `This export is too long for the chat, and I cannot send a file here. Ask whoever runs the bot, or type in a terminal where the bot runs: \`${command}\``,
  chartFileTitle: (date) => `Answers per week (${date})`,
  chartFilename: "answers-per-week",
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
    "Only answers their authors shared with their team, with their name. What was shared with the mentor only is not in it.",
  exportPromptsTitle: "Reflection prompts sent",
  exportAskedTitle: "Questions to the bot",
  exportAskedIntro: "What people asked the bot, without names. It shows what the content is still missing.",
  roles: { participant: "participant", mentor: "mentor", coordinator: "coordinator" },
  modes: { llm: "yes (language model)", extractive: "yes", none: "no" },
  ratings: { helpful: "helpful", "not-helpful": "not helpful" },
  sharedWithMentor: "(shared with the mentor)",
  columns: {
    date: "date",
    author: "by",
    visibility: "shared with",
    prompt: "prompt",
    answer: "answer",
    role: "role",
    language: "language",
    question: "question",
    found: "answer found",
    sources: "sources",
    rating: "rating",
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
