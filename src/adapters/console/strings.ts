import type { Language } from "../../config/programme-schema.js";

/**
 * Words only the terminal uses: switching who you are, forms asked field by field. What to
 * type is marked as code (`als <naam>`): the renderer shows it in bold cyan, or keeps the
 * backticks in plain output, so a command never runs into the sentence around it.
 */
const nl = {
  welcome: (programme: string) => `kampvuur · ${programme}`,
  youAre: (name: string, role: string) =>
    `Je bent nu ${name} (${role}). Typ \`help\` om te zien wat je kunt doen. Typ \`als <naam>\` om iemand anders te zijn, \`mensen\` om te zien wie er meedoen en \`stop\` om te stoppen.`,
  switched: (name: string, role: string) => `Je bent nu ${name} (${role}).`,
  whoUsage: "Wie wil je zijn? Typ bijvoorbeeld `als anna` of `als marieke`. Typ `mensen` voor de lijst.",
  notFound: (q: string) =>
    `Ik vind niemand die “${q}” heet (of meerdere mensen). Typ \`mensen\` voor de lijst.`,
  people: "Mensen in dit programma:",
  waiting: (n: number) =>
    `(${n} ${n === 1 ? "bericht wacht" : "berichten wachten"} op anderen; wissel met \`als <naam>\` om ze te lezen.)`,
  inbox: (n: number) => `${n} ${n === 1 ? "nieuw bericht" : "nieuwe berichten"}:`,
  formIntro: (title: string) => `${title}. Typ \`annuleer\` om te stoppen.`,
  keep: "Enter = laten zoals het is",
  chooseNumber: (n: number) => `Kies 1 tot en met ${n}`,
  formCancelled: "Formulier geannuleerd; er is niets opgeslagen.",
  cancelWords: ["annuleer", "annuleren", "cancel"],
  noSuchButton: (n: number) => `Er is geen knop ${n}.`,
  noButtons: (n: number) =>
    `Er is nu geen knop ${n}: het laatste bericht heeft geen knoppen. Een getal kiest altijd een knop van het laatste bericht.`,
  bye: "Tot de volgende keer!",
  timeNow: (when: string) => `Het is nu ${when} (in deze console).`,
  timeUsage:
    "Verzet de klok van de console: `tijd +1w` (een week), `tijd +2d`, `tijd +3u`, `tijd 2026-12-01 09:00`, of `tijd volgende` (naar de volgende reflectievraag).",
  timeNoNext: "Er staat geen reflectievraag meer gepland.",
};

const en: typeof nl = {
  welcome: (programme: string) => `kampvuur · ${programme}`,
  youAre: (name: string, role: string) =>
    `You are now ${name} (${role}). Type \`help\` to see what you can do. Type \`as <name>\` to be someone else, \`people\` to see who takes part and \`stop\` to quit.`,
  switched: (name: string, role: string) => `You are now ${name} (${role}).`,
  whoUsage: "Who do you want to be? Type for example `as anna` or `as marieke`. Type `people` for the list.",
  notFound: (q: string) => `I can't find one person called “${q}”. Type \`people\` for the list.`,
  people: "People in this programme:",
  waiting: (n: number) =>
    `(${n} ${n === 1 ? "message is" : "messages are"} waiting for others; switch with \`as <name>\` to read them.)`,
  inbox: (n: number) => `${n} new ${n === 1 ? "message" : "messages"}:`,
  formIntro: (title: string) => `${title}. Type \`cancel\` to stop.`,
  keep: "Enter = keep as it is",
  chooseNumber: (n: number) => `Choose 1 to ${n}`,
  formCancelled: "Form cancelled; nothing was saved.",
  cancelWords: ["cancel", "annuleer"],
  noSuchButton: (n: number) => `There is no button ${n}.`,
  noButtons: (n: number) =>
    `There is no button ${n} now: the latest message has no buttons. A number always picks a button of the latest message.`,
  bye: "See you next time!",
  timeNow: (when: string) => `It is now ${when} (in this console).`,
  timeUsage:
    "Move the console's clock: `time +1w` (a week), `time +2d`, `time +3h`, `time 2026-12-01 09:00`, or `time next` (to the next reflection prompt).",
  timeNoNext: "No more reflection prompts are planned.",
};

export const consoleStrings = (language: Language) => (language === "nl" ? nl : en);
