import type { Language } from "../../config/programme-schema.js";

/**
 * The session-reminders feature's words, Dutch first (B1: short sentences, "je"). `en` is
 * typed from `nl`, so a key missing in English does not compile.
 */
export const nl = {
  commands: {
    session: "de volgende bijeenkomst: wanneer, waar, wat je voorbereidt",
    cantCome: "laat weten dat je niet naar de volgende bijeenkomst kunt",
    canCome: "je kunt toch komen",
    reminders: "herinneringen aan bijeenkomsten: herinneringen aan of herinneringen uit",
    calendar: "alle bijeenkomsten, om in je agenda te zetten",
  },
  /** "Over 7 dagen", "Morgen", "Vandaag": how far off the session day is. */
  when: (days: number): string => (days === 0 ? "Vandaag" : days === 1 ? "Morgen" : `Over ${days} dagen`),
  sessionTitle: (number: number, total: number) => `bijeenkomst ${number} van ${total}`,
  timeRange: (start: string, end: string) => `${start}–${end}`,
  place: (location: string) => `📍 ${location}`,
  theme: (theme: string) => `Thema: ${theme}`,
  preparation: "*Voorbereiding*",
  task: (done: boolean, task: string) => `${done ? "✅" : "☐"} ${task}`,
  doneButton: "Gedaan",
  allDone: "Alles voorbereid. Fijn!",
  teamComing: (names: string) => `Van je team komen ook: ${names}.`,
  teamNobody: "Van je team heeft nog niemand anders laten weten te komen.",
  mentorTeam: (team: string, coming: number, total: number, absent: string) =>
    `${team}: ${coming} van ${total} komen${absent ? ` (niet: ${absent})` : ""}.`,
  cantComeButton: "Ik kan niet",
  canComeButton: "Ik kan toch",
  youCantCome: "Je hebt laten weten dat je er niet bij bent.",
  footer:
    "Zet de bijeenkomsten in je agenda: typ *agenda*. Geen herinneringen meer? Typ *herinneringen uit*.",
  and: "en",

  cantComeSaved: (day: string) =>
    `Jammer! Ik heb doorgegeven dat je er op ${day} niet bij bent. De coördinator en je mentor zien het. Kun je toch? Typ *ik kan toch*.`,
  canComeSaved: (day: string) => `Fijn! Je bent er op ${day} weer bij.`,
  noNextSession: "Er staat geen bijeenkomst meer gepland in dit programma.",
  remindersOn: "Je krijgt weer herinneringen aan de bijeenkomsten.",
  remindersOff:
    "Je krijgt geen herinneringen aan de bijeenkomsten meer. Je reflectievragen komen gewoon. Weer aanzetten? Typ *herinneringen aan*.",
  remindersStatus: (on: boolean): string =>
    on
      ? "Je krijgt herinneringen aan de bijeenkomsten. Uitzetten? Typ *herinneringen uit*."
      : "Je krijgt geen herinneringen aan de bijeenkomsten. Aanzetten? Typ *herinneringen aan*.",
  taskSaved: "Genoteerd.",

  calendarTitle: "De bijeenkomsten",
  calendarLine: (day: string, time: string, theme: string, location?: string) =>
    `• *${day}*, ${time}: ${theme}${location ? ` (${location})` : ""}`,
  calendarHow:
    "Wil je ze in één keer in je agenda? Vraag je coördinator om het agendabestand (.ics). Open het bestand, dan zet je telefoon of Outlook de dagen erin.",

  coordinatorTitle: (day: string) => `Volgende bijeenkomst: ${day}`,
  coordinatorCantCome: (names: string) => `Kunnen niet: ${names}.`,
  coordinatorAllComing: "Nog niemand heeft laten weten dat hij of zij niet kan.",
  coordinatorTasks: (done: number, people: number, tasks: number) =>
    `Voorbereiding: ${done} van ${people * tasks} taken gedaan (${people} mensen, ${tasks} ${tasks === 1 ? "taak" : "taken"}).`,
};

export type SessionStrings = typeof nl;

export const en: SessionStrings = {
  commands: {
    session: "the next session day: when, where, what to prepare",
    cantCome: "let us know you cannot come to the next session day",
    canCome: "you can come after all",
    reminders: "reminders of the session days: reminders on or reminders off",
    calendar: "all session days, to put in your calendar",
  },
  when: (days) => (days === 0 ? "Today" : days === 1 ? "Tomorrow" : `In ${days} days`),
  sessionTitle: (number, total) => `session ${number} of ${total}`,
  timeRange: (start, end) => `${start}–${end}`,
  place: (location) => `📍 ${location}`,
  theme: (theme) => `Theme: ${theme}`,
  preparation: "*Preparation*",
  task: (done, task) => `${done ? "✅" : "☐"} ${task}`,
  doneButton: "Done",
  allDone: "All prepared. Well done!",
  teamComing: (names) => `From your team also coming: ${names}.`,
  teamNobody: "Nobody else from your team has said they are coming yet.",
  mentorTeam: (team, coming, total, absent) =>
    `${team}: ${coming} of ${total} coming${absent ? ` (not: ${absent})` : ""}.`,
  cantComeButton: "I can't come",
  canComeButton: "I can come",
  youCantCome: "You said you cannot come.",
  footer: "Put the session days in your calendar: type *calendar*. No more reminders? Type *reminders off*.",
  and: "and",

  cantComeSaved: (day) =>
    `What a pity! I passed on that you cannot come on ${day}. The coordinator and your mentor see it. Can you come after all? Type *i can come*.`,
  canComeSaved: (day) => `Good! You are coming on ${day} again.`,
  noNextSession: "There are no more session days planned in this programme.",
  remindersOn: "You will get reminders of the session days again.",
  remindersOff:
    "You will no longer get reminders of the session days. Your reflection prompts still come. Turn them on again? Type *reminders on*.",
  remindersStatus: (on) =>
    on
      ? "You get reminders of the session days. Turn them off? Type *reminders off*."
      : "You do not get reminders of the session days. Turn them on? Type *reminders on*.",
  taskSaved: "Noted.",

  calendarTitle: "The session days",
  // The theme is the programme's own name, often Dutch: quoted, it does not read as broken English.
  calendarLine: (day, time, theme, location) =>
    `• *${day}*, ${time}: ‘${theme}’${location ? ` (${location})` : ""}`,
  calendarHow:
    "Want them in your calendar at once? Ask your coordinator for the calendar file (.ics). Open it, and your phone or Outlook adds the days.",

  coordinatorTitle: (day) => `Next session day: ${day}`,
  coordinatorCantCome: (names) => `Cannot come: ${names}.`,
  coordinatorAllComing: "Nobody has said they cannot come yet.",
  coordinatorTasks: (done, people, tasks) =>
    `Preparation: ${done} of ${people * tasks} tasks done (${people} people, ${tasks} ${tasks === 1 ? "task" : "tasks"}).`,
};

export function strings(language: Language): SessionStrings {
  return language === "en" ? en : nl;
}
