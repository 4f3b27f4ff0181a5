import type { Language } from "../../../config/programme-schema.js";

const list = (items: string[], and: string) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;

/** The words of programme answers (session days, team, mentor, case), Dutch first. */
export const nl = {
  day: (n: number, of: number) => `Leerdag ${n} van ${of}`,
  relative: (days: number) =>
    days === 0
      ? "vandaag"
      : days === 1
        ? "morgen"
        : days > 1
          ? `over ${days} dagen`
          : days === -1
            ? "gisteren"
            : `${-days} dagen geleden`,
  theme: "Thema",
  preparation: "Voorbereiden",
  nothingToPrepare: "Voor deze dag hoef je niets voor te bereiden.",
  noMore: (last: string) => `De laatste leerdag was op ${last}. Er komen geen leerdagen meer.`,
  nonePast: "Er is nog geen leerdag geweest.",
  noSuchDay: (n: number, of: number) => `Er zijn ${of} leerdagen, dus geen leerdag ${n}.`,
  noDayOn: (when: string) => `Op ${when} is er geen leerdag.`,
  which: (a: string, b: string) => `Bedoel je de leerdag van ${a} of die van ${b}?`,
  whichOf: "Welke leerdag bedoel je?",
  remaining: (n: number) => (n === 1 ? "Nog 1 leerdag:" : `Nog ${n} leerdagen:`),
  past: (n: number, of: number) => `${n} van de ${of} leerdagen ${n === 1 ? "is" : "zijn"} al geweest.`,
  team: (team: string, others: string[]) =>
    others.length ? `Je zit in *${team}*, met ${list(others, "en")}.` : `Je zit in *${team}*.`,
  teamMentor: (mentor: string) => `Jullie mentor is ${mentor}.`,
  noTeam: "Je zit (nog) niet in een team.",
  mentorOfTeams: (teams: string[]) => `Jij bent mentor van ${list(teams, "en")}.`,
  mentorOfNone: "Je bent (nog) aan geen team gekoppeld als mentor.",
  coordinatorTeams: (n: number) => `Je bent coördinator; er zijn ${n} teams. Typ *mensen* voor wie waar zit.`,
  mentor: (name: string, organisation?: string) =>
    `Je mentor is *${name}*${organisation ? ` (${organisation})` : ""}.`,
  noMentor: "Je hebt (nog) geen mentor. Vraag de coördinator ernaar.",
  youAreMentor: "Jij bent zelf mentor.",
  caseIs: (name: string, place?: string, initiators?: string) =>
    `Jullie praktijkcase is *${name}*${place ? ` in ${place}` : ""}${initiators ? `, van ${initiators}` : ""}.`,
  noCase: "Je team heeft (nog) geen praktijkcase in het programma staan.",
  learningQuestion: (q: string) => `Je leervraag: _${q}_`,
  noLearningQuestion:
    "Er staat (nog) geen leervraag van je in het programma. Schrijf hem op in één zin en geef hem door aan de coördinator.",
  due: "Dit staat voor je klaar:",
  dueNothing: "Er staat nu niets voor je klaar: geen open huiswerk en niets voor te bereiden.",
  dueHomework: "Typ *huiswerk* voor je open opdrachten.",
  dueHomeworkTitle: "Huiswerk",
  dueAssignment: (title: string, day: string, done: boolean, past: boolean) =>
    done
      ? `✅ *${title}*: ingeleverd (inleveren uiterlijk ${day})`
      : past
        ? `☐ *${title}*: nog niet ingeleverd, dat moest uiterlijk ${day} (het kan nog, het staat dan als te laat)`
        : `☐ *${title}*: nog niet ingeleverd, inleveren uiterlijk ${day}`,
  duePrepared: "Gedaan",
  dueSome: (done: string[], of: number) => `${done.length} van de ${of}: ${done.join(" ")}`,
  dueNonePrepared: "Nog niets afgevinkt als gedaan.",
  dueAllPrepared: "Alles voorbereid. Fijn!",
  personalInChannel: "Dat is persoonlijk. Vraag het me in een privébericht, dan vertel ik het je daar.",
};

export type ProgrammeStrings = typeof nl;

export const en: ProgrammeStrings = {
  day: (n, of) => `Session day ${n} of ${of}`,
  relative: (days) =>
    days === 0
      ? "today"
      : days === 1
        ? "tomorrow"
        : days > 1
          ? `in ${days} days`
          : days === -1
            ? "yesterday"
            : `${-days} days ago`,
  theme: "Theme",
  preparation: "To prepare",
  nothingToPrepare: "There is nothing to prepare for this day.",
  noMore: (last) => `The last session day was on ${last}. There are no more session days.`,
  nonePast: "There has been no session day yet.",
  noSuchDay: (n, of) => `There are ${of} session days, so there is no day ${n}.`,
  noDayOn: (when) => `There is no session day on ${when}.`,
  which: (a, b) => `Do you mean the session day of ${a} or the one of ${b}?`,
  whichOf: "Which session day do you mean?",
  remaining: (n) => (n === 1 ? "1 session day left:" : `${n} session days left:`),
  past: (n, of) => `${n} of the ${of} session days ${n === 1 ? "has" : "have"} been.`,
  team: (team, others) =>
    others.length ? `You are in *${team}*, with ${list(others, "and")}.` : `You are in *${team}*.`,
  teamMentor: (mentor) => `Your mentor is ${mentor}.`,
  noTeam: "You are not in a team (yet).",
  mentorOfTeams: (teams) => `You mentor ${list(teams, "and")}.`,
  mentorOfNone: "You are not paired with a team as a mentor (yet).",
  coordinatorTeams: (n) => `You are a coordinator; there are ${n} teams. Type *people* to see who is where.`,
  mentor: (name, organisation) => `Your mentor is *${name}*${organisation ? ` (${organisation})` : ""}.`,
  noMentor: "You have no mentor (yet). Ask the coordinator about it.",
  youAreMentor: "You are a mentor yourself.",
  caseIs: (name, place, initiators) =>
    `Your practice case is *${name}*${place ? ` in ${place}` : ""}${initiators ? `, by ${initiators}` : ""}.`,
  noCase: "Your team has no practice case in the programme (yet).",
  learningQuestion: (q) => `Your learning question: _${q}_`,
  noLearningQuestion:
    "There is no learning question of yours in the programme (yet). Write it down in one sentence and pass it on to the coordinator.",
  due: "This is waiting for you:",
  dueNothing: "Nothing is waiting for you right now: no open homework and nothing to prepare.",
  dueHomework: "Type *homework* for your open assignments.",
  dueHomeworkTitle: "Homework",
  dueAssignment: (title, day, done, past) =>
    done
      ? `✅ *${title}*: handed in (due by ${day})`
      : past
        ? `☐ *${title}*: not handed in yet, it was due by ${day} (you still can; it is then marked late)`
        : `☐ *${title}*: not handed in yet, due by ${day}`,
  duePrepared: "Done",
  dueSome: (done, of) => `${done.length} of ${of}: ${done.join(" ")}`,
  dueNonePrepared: "Nothing ticked off as done yet.",
  dueAllPrepared: "All prepared. Well done!",
  personalInChannel: "That is personal. Ask me in a direct message and I'll tell you there.",
};

export function programmeStrings(language: Language): ProgrammeStrings {
  return language === "en" ? en : nl;
}
