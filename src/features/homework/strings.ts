import type { Language } from "../../config/programme-schema.js";

/**
 * The homework feature's words, Dutch first (B1: short sentences, "je"). `en` is typed from
 * `nl`, so a key missing in English does not compile.
 */
export const nl = {
  commands: {
    homework:
      "je huiswerk: open opdrachten en wanneer ze af moeten (mentor en coördinator: hoe ver de groepjes zijn)",
    homeworkNew: "een nieuwe huiswerkopdracht maken voor de groepjes",
  },
  helpNote: "Huiswerk van je groepje? Typ *huiswerk*.",

  // The assignment as it arrives.
  newAssignment: (title: string) => `Nieuw huiswerk: ${title}`,
  due: (day: string) => `Inleveren uiterlijk ${day}`,
  forGroup: (name: string) => `Voor ${name}`,
  forYou: "Voor jou alleen (voorbereiding)",
  modeShared: "Jullie schrijven samen één antwoord. Iedereen van het groepje kan het aanvullen.",
  modePerMember: "Iedereen schrijft een eigen antwoord. Jullie zien elkaars antwoorden.",
  questionsTitle: "*Vragen*",
  question: (n: number, text: string) => `${n}. ${text}`,
  whoSees: "Wie ziet je antwoord? Je groepje, jullie mentor en de coördinatoren. Verder niemand.",
  whoSeesSolo: "Wie ziet je antwoord? Jij, je mentor en de coördinatoren. Verder niemand.",
  answerButton: "Beantwoorden",
  viewButton: "Bekijk ons groepje",
  viewButtonSolo: "Bekijk mijn antwoord",
  viewGroupButton: "Bekijken",

  // Reminder and completion.
  reminderTitle: (title: string, day: string) => `Nog even: ${title}. Inleveren uiterlijk ${day}.`,
  reminderShared: "Het antwoord van jullie groepje is nog niet ingeleverd.",
  reminderOwn: "Je hebt je antwoord nog niet ingeleverd.",
  reminderDraft: "Je concept is bewaard. Maak het af en kies *Inleveren*.",
  completeTitle: (title: string, group: string) => `${group} is klaar met ${title}.`,
  completeText: "Iedereen heeft geantwoord. Mooi werk! Neem het mee naar de volgende bijeenkomst.",

  // The answer form.
  formTitle: "Huiswerk",
  formSubmit: "Versturen",
  actionLabel: "Wat wil je doen?",
  actionSubmit: "Inleveren",
  actionDraft: "Opslaan (later afmaken)",
  hintFirst: (whoSees: string) => `${whoSees} Leeg laten mag als je opslaat.`,
  required: "Vul dit in om in te leveren. Of kies Opslaan om later verder te gaan.",
  tooLong: (max: number) => `Dit is te lang. Gebruik hoogstens ${max} tekens.`,
  badChoice: "Kies een van de antwoorden.",
  nothingWritten: "Je hebt nog niets geschreven. Er is niets bewaard.",
  draftSaved: (title: string) =>
    `Opgeslagen: ${title}. Nog niet ingeleverd. Ga later verder met *Beantwoorden*.`,
  submitted: (title: string) => `Ingeleverd: ${title}. Dank je!`,
  submittedLate: (title: string) =>
    `Ingeleverd: ${title}. Dat is na de inleverdatum, dus het staat als te laat. Het telt gewoon mee.`,
  updated: (title: string) => `Bijgewerkt: ${title}. De vorige versie is bewaard.`,
  groupComplete: "Jullie groepje is compleet: iedereen heeft geantwoord.",
  editButton: "Aanpassen",

  // The group's view.
  progress: (answered: number, total: number) => `${answered} van ${total} hebben geantwoord`,
  sharedProgress: (filled: number, total: number) => `${filled} van ${total} vragen ingevuld`,
  sharedSubmitted: (who: string, day: string, late: boolean) =>
    `Ingeleverd door ${who} op ${day}${late ? " (te laat)" : ""}`,
  sharedNotSubmitted: "Nog niet ingeleverd",
  lastEdited: (day: string) => `Laatst bewerkt: ${day}`,
  by: (who: string, day: string) => `— ${who}, ${day}`,
  edits: (n: number) => `${n} eerdere ${n === 1 ? "versie" : "versies"} bewaard`,
  noAnswer: "_(nog geen antwoord)_",
  memberSubmitted: (name: string, day: string, late: boolean) =>
    `*${name}*: ingeleverd op ${day}${late ? " (te laat)" : ""}`,
  memberDraft: (name: string) => `*${name}*: bezig (concept)`,
  memberNothing: (name: string) => `*${name}*: nog niet`,
  yourDraft: "Je concept (alleen jij ziet het tot je inlevert):",
  groupTitle: (title: string, group: string) => `${title}: ${group}`,

  // `huiswerk`.
  listTitle: "Je huiswerk",
  listEmpty: "Je hebt nu geen huiswerk. Fijn!",
  listItem: (title: string, due: string) => `*${title}*\nInleveren uiterlijk ${due}`,
  statusOpen: "Nog niet beantwoord.",
  statusDraft: "Concept bewaard, nog niet ingeleverd.",
  statusSubmitted: "Ingeleverd.",
  statusLate: "Ingeleverd (te laat).",
  statusPastDue: "De inleverdatum is voorbij. Je kunt nog inleveren; het staat dan als te laat.",
  overviewTitle: "Huiswerk van de groepjes",
  overviewEmpty: "Er is nog geen huiswerk opengezet.",
  mentorEmpty: "Jouw groepjes hebben nu geen huiswerk.",
  overviewItem: (title: string, due: string) => `*${title}* (inleveren uiterlijk ${due})`,
  overviewGroup: (group: string, progress: string) => `${group}: ${progress}`,
  notOpenYet: (day: string) => `Gaat open op ${day}.`,
  newButton: "Nieuwe opdracht",
  more: (n: number) => `En nog ${n} ${n === 1 ? "opdracht" : "opdrachten"}.`,

  // Coordinators create an assignment.
  createTitle: "Nieuw huiswerk",
  createSubmit: "Bekijken",
  fieldTitle: "Titel",
  fieldQuestions: "Vragen",
  fieldQuestionsHint: "Eén vraag per regel.",
  fieldGroups: "Voor welke groepjes?",
  fieldGroupsHint: (ids: string) => `*alle*, *iedereen apart*, of namen met komma's: ${ids}`,
  fieldDue: "Inleveren uiterlijk (datum)",
  fieldDueHint: "Bijvoorbeeld 2026-12-08",
  fieldMode: "Hoe antwoorden ze?",
  modeSharedOption: "Eén antwoord per groepje",
  modePerMemberOption: "Ieder een eigen antwoord",
  errTitle: "Geef de opdracht een titel (hoogstens 80 tekens).",
  errQuestions: "Schrijf één tot tien vragen, elk op een eigen regel.",
  errGroups: (unknown: string) => `Dit groepje ken ik niet: ${unknown}.`,
  errDue: "Schrijf een datum na vandaag, zoals 2026-12-08.",
  previewTitle: (title: string) => `Voorbeeld: ${title}`,
  previewFor: (names: string, people: number) =>
    `Gaat naar ${names} (${people} ${people === 1 ? "persoon" : "mensen"}).`,
  previewAll: "alle groepjes",
  previewIndividual: "iedere deelnemer apart",
  openButton: "Openzetten",
  cancelButton: "Annuleren",
  opened: (title: string, sent: number) =>
    `${title} staat open. ${sent} ${sent === 1 ? "bericht" : "berichten"} verstuurd.`,
  cancelled: "Geannuleerd. Er is niets verstuurd.",
  alreadyOpen: "Deze opdracht staat al open.",
};

export type HomeworkStrings = typeof nl;

export const en: HomeworkStrings = {
  commands: {
    homework:
      "your homework: open assignments and when they are due (mentor and coordinator: how far the groups are)",
    homeworkNew: "make a new homework assignment for the groups",
  },
  helpNote: "Homework for your group? Type *homework*.",

  newAssignment: (title) => `New homework: ${title}`,
  due: (day) => `Due by ${day}`,
  forGroup: (name) => `For ${name}`,
  forYou: "For you alone (preparation)",
  modeShared: "You write one answer together. Anyone in the group can add to it.",
  modePerMember: "Everyone writes their own answer. You see each other's answers.",
  questionsTitle: "*Questions*",
  question: (n, text) => `${n}. ${text}`,
  whoSees: "Who sees your answer? Your group, your mentor and the coordinators. Nobody else.",
  whoSeesSolo: "Who sees your answer? You, your mentor and the coordinators. Nobody else.",
  answerButton: "Answer",
  viewButton: "View our group",
  viewButtonSolo: "View my answer",
  viewGroupButton: "View",

  reminderTitle: (title, day) => `A reminder: ${title}. Due by ${day}.`,
  reminderShared: "Your group's answer has not been handed in yet.",
  reminderOwn: "You have not handed in your answer yet.",
  reminderDraft: "Your draft is saved. Finish it and choose *Hand in*.",
  completeTitle: (title, group) => `${group} has finished ${title}.`,
  completeText: "Everyone has answered. Well done! Bring it to the next session day.",

  formTitle: "Homework",
  formSubmit: "Send",
  actionLabel: "What do you want to do?",
  actionSubmit: "Hand in",
  actionDraft: "Save (finish later)",
  hintFirst: (whoSees) => `${whoSees} You may leave fields empty when you save.`,
  required: "Fill this in to hand in. Or choose Save to continue later.",
  tooLong: (max) => `This is too long. Use at most ${max} characters.`,
  badChoice: "Choose one of the answers.",
  nothingWritten: "You have not written anything yet. Nothing was saved.",
  draftSaved: (title) => `Saved: ${title}. Not handed in yet. Continue later with *Answer*.`,
  submitted: (title) => `Handed in: ${title}. Thank you!`,
  submittedLate: (title) =>
    `Handed in: ${title}. That is after the due date, so it is marked late. It still counts.`,
  updated: (title) => `Updated: ${title}. The earlier version is kept.`,
  groupComplete: "Your group is complete: everyone has answered.",
  editButton: "Edit",

  progress: (answered, total) => `${answered} of ${total} have answered`,
  sharedProgress: (filled, total) => `${filled} of ${total} questions filled in`,
  sharedSubmitted: (who, day, late) => `Handed in by ${who} on ${day}${late ? " (late)" : ""}`,
  sharedNotSubmitted: "Not handed in yet",
  lastEdited: (day) => `Last edited: ${day}`,
  by: (who, day) => `— ${who}, ${day}`,
  edits: (n) => `${n} earlier ${n === 1 ? "version" : "versions"} kept`,
  noAnswer: "_(no answer yet)_",
  memberSubmitted: (name, day, late) => `*${name}*: handed in on ${day}${late ? " (late)" : ""}`,
  memberDraft: (name) => `*${name}*: working on it (draft)`,
  memberNothing: (name) => `*${name}*: not yet`,
  yourDraft: "Your draft (only you see it until you hand it in):",
  groupTitle: (title, group) => `${title}: ${group}`,

  listTitle: "Your homework",
  listEmpty: "You have no homework right now. Good!",
  listItem: (title, due) => `*${title}*\nDue by ${due}`,
  statusOpen: "Not answered yet.",
  statusDraft: "Draft saved, not handed in yet.",
  statusSubmitted: "Handed in.",
  statusLate: "Handed in (late).",
  statusPastDue: "The due date has passed. You can still hand in; it is then marked late.",
  overviewTitle: "The groups' homework",
  overviewEmpty: "No homework has been opened yet.",
  mentorEmpty: "Your groups have no homework right now.",
  overviewItem: (title, due) => `*${title}* (due by ${due})`,
  overviewGroup: (group, progress) => `${group}: ${progress}`,
  notOpenYet: (day) => `Opens on ${day}.`,
  newButton: "New assignment",
  more: (n) => `And ${n} more ${n === 1 ? "assignment" : "assignments"}.`,

  createTitle: "New homework",
  createSubmit: "Preview",
  fieldTitle: "Title",
  fieldQuestions: "Questions",
  fieldQuestionsHint: "One question per line.",
  fieldGroups: "For which groups?",
  fieldGroupsHint: (ids) => `*all*, *everyone alone*, or names with commas: ${ids}`,
  fieldDue: "Due by (date)",
  fieldDueHint: "For example 2026-12-08",
  fieldMode: "How do they answer?",
  modeSharedOption: "One answer per group",
  modePerMemberOption: "Everyone their own answer",
  errTitle: "Give the assignment a title (at most 80 characters).",
  errQuestions: "Write one to ten questions, each on its own line.",
  errGroups: (unknown) => `I do not know this group: ${unknown}.`,
  errDue: "Write a date after today, like 2026-12-08.",
  previewTitle: (title) => `Preview: ${title}`,
  previewFor: (names, people) => `Goes to ${names} (${people} ${people === 1 ? "person" : "people"}).`,
  previewAll: "all groups",
  previewIndividual: "every participant alone",
  openButton: "Open it",
  cancelButton: "Cancel",
  opened: (title, sent) => `${title} is open. ${sent} ${sent === 1 ? "message" : "messages"} sent.`,
  cancelled: "Cancelled. Nothing was sent.",
  alreadyOpen: "This assignment is already open.",
};

export function strings(language: Language): HomeworkStrings {
  return language === "en" ? en : nl;
}
