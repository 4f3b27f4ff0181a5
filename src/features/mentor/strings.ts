import type { Language } from "../../config/programme-schema.js";
import type { Messages } from "../../core/i18n/index.js";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The mentor feature's own words, Dutch first (B1: short sentences, "je"). `en` is typed
 * from `nl`, so a key missing in English does not compile.
 */
export const nl = {
  commands: {
    myTeam: "je team: de deelnemers, hun leervragen, de praktijkcase en hoe het deze week gaat",
    shared: "alles wat je team met je deelde, het nieuwste eerst",
    digest: "je weekoverzicht nu; of: weekoverzicht alleen gedeeld / weekoverzicht altijd",
  },
  helpNote: "Elke week krijg je een overzicht van je team. Onder een gedeeld antwoord staat Reageer.",
  onlyMentors: "Dit is voor mentoren. Je hebt nu geen team om te volgen.",
  noTeam: "Je hebt nu geen deelnemers om te begeleiden. Zodra er een koppeling is, zie je hier je team.",
  digest: {
    title: (team: string) => `Weekoverzicht ${team}`,
    summary: (shared: number, answered: number, total: number) =>
      `${shared === 0 ? "Niemand deelde iets" : plural(shared, "antwoord gedeeld", "antwoorden gedeeld")}. ${answered} van de ${total} beantwoordden de vraag van deze week.`,
    noPromptSummary: (shared: number) =>
      `${shared === 0 ? "Niemand deelde iets" : plural(shared, "antwoord gedeeld", "antwoorden gedeeld")}. Deze week was er geen reflectievraag.`,
    quiet: (team: string) => `Weekoverzicht ${team}: een rustige week. Niemand deelde iets of gaf antwoord.`,
    quietNext: (day: string) => `De volgende bijeenkomst is ${day}. Typ *mijn team* voor alles.`,
    quietNoNext: "Typ *mijn team* voor alles.",
    sharedTitle: "Gedeeld met jou",
    sharedWith: { mentor: "met jou", group: "met jou en het team" } as Record<"mentor" | "group", string>,
    question: (prompt: string) => `_Vraag: ${prompt}_`,
    statusTitle: "Reflectie van deze week",
    noPrompt: "Deze week was er geen reflectievraag.",
    status: {
      answered: "beantwoord",
      answeredPrivate: "beantwoord (privé)",
      answeredShared: "beantwoord, gedeeld",
      skipped: "overgeslagen",
      noResponse: "nog geen antwoord",
      paused: "pauze",
      optedOut: "afgemeld",
      notReached: "niet bereikt",
    },
    nudged: "duwtje gestuurd",
    privateCount: (n: number) =>
      n === 1
        ? "1 antwoord is privé. Je ziet alleen dat het er is."
        : `${n} antwoorden zijn privé. Je ziet alleen dat ze er zijn.`,
    statusCount: (answered: number, total: number) => `${answered} van de ${total} beantwoord.`,
    statusMore: "(vervolg)",
    homeworkTitle: "Huiswerk",
    homeworkLine: (title: string, state: string, due: string) => `• ${title}: ${state}. Af ${due}.`,
    homeworkDone: "ingeleverd",
    homeworkStarted: "begonnen, nog niet ingeleverd",
    homeworkNotStarted: "nog niet begonnen",
    homeworkPartly: (done: number, total: number) => `${done} van de ${total} ingeleverd`,
    homeworkNotOpen: (opens: string) => `opent ${opens}`,
    sessionTitle: (day: string) => `Volgende bijeenkomst: ${day}`,
    prepared: (names: string[], total: number) =>
      names.length === 0
        ? "Nog niemand is klaar met de voorbereiding."
        : `Voorbereid: ${names.join(", ")} (${names.length} van de ${total}).`,
    noPreparation: "Er is geen voorbereiding.",
    cantCome: (names: string[]) =>
      names.length ? `Kan niet komen: ${names.join(", ")}.` : "Iedereen kan komen.",
    learningTitle: "Leervragen van je team",
    noLearningQuestion: "(nog geen leervraag)",
    replyButton: "Reageer",
    nudgeButton: (firstName: string) => `Duwtje aan ${firstName}`,
    learningButton: "Leervragen",
    moreShared: (n: number) =>
      `En nog ${plural(n, "gedeeld antwoord", "gedeelde antwoorden")}. Typ *gedeeld* of tik hieronder.`,
    allSharedButton: "Alles wat gedeeld is",
    onlySharedButton: "Alleen als er iets gedeeld is",
    everyWeekButton: "Elke week",
    footerEveryWeek: "Je krijgt dit overzicht elke week.",
    footerOnlyShared: "Je krijgt dit overzicht alleen als er iets gedeeld is.",
  },
  team: {
    title: (team: string) => `${team}`,
    caseLine: (name: string, place?: string) => `Praktijkcase: ${name}${place ? `, ${place}` : ""}`,
    member: (name: string, status: string) => `${name}: ${status}`,
    sharedCount: (n: number) =>
      n === 0
        ? "Nog niets gedeeld."
        : `${plural(n, "antwoord", "antwoorden")} gedeeld. Typ *gedeeld* om ze te lezen.`,
  },
  sharedView: {
    title: (n: number) => (n === 0 ? "Je team deelde nog niets met je." : `Gedeeld met jou (${n})`),
    page: (page: number, pages: number) => `Pagina ${page} van ${pages}.`,
    more: "Meer",
    by: (name: string, date: string, withWhom: string) => `${name} · ${date} · ${withWhom}`,
  },
  nudge: {
    message: (firstName: string, mentor: string, prompt: string) =>
      `Hoi ${firstName}, ${mentor} denkt aan je. De vraag van deze week staat nog open:\n\n*${prompt}*\n\nEen paar zinnen is genoeg. Typ je antwoord hier, of typ *antwoord*. Overslaan mag ook.`,
    sent: (firstName: string) => `Duwtje gestuurd aan ${firstName}. Dat zie je ook in je volgende overzicht.`,
    already: (firstName: string) => `${firstName} kreeg al een duwtje voor deze vraag. Eén is genoeg.`,
    notNeeded: (firstName: string) => `${firstName} heeft deze vraag al beantwoord of overgeslagen.`,
    paused: (firstName: string) => `${firstName} heeft pauze of is afgemeld. Dan stuur ik geen duwtje.`,
    noPrompt: (firstName: string) => `${firstName} heeft deze week geen vraag gekregen.`,
    unreachable: (firstName: string) => `Ik kon ${firstName} niet bereiken. Probeer het later nog eens.`,
  },
  reply: {
    formTitle: "Reageer",
    formSubmit: "Versturen",
    label: (firstName: string) => `Je reactie aan ${firstName}`,
    backTitle: "Antwoord terug",
    backLabel: (mentor: string) => `Je antwoord aan ${mentor}`,
    toParticipant: (mentor: string, prompt: string) => `${mentor} reageert op je antwoord op: _${prompt}_`,
    toMentor: (name: string, prompt: string) => `${name} antwoordt je terug over: _${prompt}_`,
    answerBackButton: "Antwoord terug",
    replyAgainButton: "Reageer",
    sent: (firstName: string) => `Je reactie is naar ${firstName} gestuurd.`,
    backSent: (mentor: string) => `Je antwoord is naar ${mentor} gestuurd.`,
    notSent: "Dat lukte niet: ik kon de ander nu niet bereiken. Probeer het later nog eens.",
    empty: "Schrijf eerst een paar woorden.",
    tooLong: (length: number, max: number) => `Dat is te lang (${length} tekens). Het kan tot ${max} tekens.`,
    gone: "Dit antwoord is niet meer gedeeld met jou.",
  },
  settings: {
    onlyShared: "Goed: je krijgt het weekoverzicht alleen als er iets gedeeld is.",
    everyWeek: "Goed: je krijgt het weekoverzicht elke week.",
    usage: "Typ *weekoverzicht*, *weekoverzicht alleen gedeeld* of *weekoverzicht altijd*.",
  },
  home: {
    hint: "Typ *mijn team* of *gedeeld* in de chat.",
  },
};

export type MentorStrings = typeof nl;

export const en: MentorStrings = {
  commands: {
    myTeam: "your team: the participants, their learning questions, the practice case and how this week goes",
    shared: "everything your team shared with you, newest first",
    digest: "your weekly digest now; or: digest only shared / digest always",
  },
  helpNote: "Every week you get a digest of your team. Under a shared answer is Reply.",
  onlyMentors: "This is for mentors. You have no team to follow now.",
  noTeam: "You have no participants to mentor now. Once there is a pairing, you see your team here.",
  digest: {
    title: (team: string) => `Weekly digest ${team}`,
    summary: (shared: number, answered: number, total: number) =>
      `${shared === 0 ? "Nobody shared anything" : plural(shared, "answer shared", "answers shared")}. ${answered} of ${total} answered this week's prompt.`,
    noPromptSummary: (shared: number) =>
      `${shared === 0 ? "Nobody shared anything" : plural(shared, "answer shared", "answers shared")}. There was no reflection prompt this week.`,
    quiet: (team: string) => `Weekly digest ${team}: a quiet week. Nobody shared or answered anything.`,
    quietNext: (day: string) => `The next session day is ${day}. Type *my team* for everything.`,
    quietNoNext: "Type *my team* for everything.",
    sharedTitle: "Shared with you",
    sharedWith: { mentor: "with you", group: "with you and the team" },
    question: (prompt: string) => `_Prompt: ${prompt}_`,
    statusTitle: "This week's reflection",
    noPrompt: "There was no reflection prompt this week.",
    status: {
      answered: "answered",
      answeredPrivate: "answered (private)",
      answeredShared: "answered, shared",
      skipped: "skipped",
      noResponse: "no answer yet",
      paused: "paused",
      optedOut: "unsubscribed",
      notReached: "not reached",
    },
    nudged: "nudge sent",
    privateCount: (n: number) =>
      n === 1
        ? "1 answer is private. You only see that it exists."
        : `${n} answers are private. You only see that they exist.`,
    statusCount: (answered: number, total: number) => `${answered} of ${total} answered.`,
    statusMore: "(continued)",
    homeworkTitle: "Homework",
    homeworkLine: (title: string, state: string, due: string) => `• ${title}: ${state}. Due ${due}.`,
    homeworkDone: "handed in",
    homeworkStarted: "started, not handed in yet",
    homeworkNotStarted: "not started yet",
    homeworkPartly: (done: number, total: number) => `${done} of ${total} handed in`,
    homeworkNotOpen: (opens: string) => `opens ${opens}`,
    sessionTitle: (day: string) => `Next session day: ${day}`,
    prepared: (names: string[], total: number) =>
      names.length === 0
        ? "Nobody has finished the preparation yet."
        : `Prepared: ${names.join(", ")} (${names.length} of ${total}).`,
    noPreparation: "There is no preparation.",
    cantCome: (names: string[]) => (names.length ? `Can't come: ${names.join(", ")}.` : "Everyone can come."),
    learningTitle: "Your team's learning questions",
    noLearningQuestion: "(no learning question yet)",
    replyButton: "Reply",
    nudgeButton: (firstName: string) => `Nudge ${firstName}`,
    learningButton: "Learning questions",
    moreShared: (n: number) =>
      `And ${plural(n, "more shared answer", "more shared answers")}. Type *shared* or tap below.`,
    allSharedButton: "Everything shared",
    onlySharedButton: "Only when something is shared",
    everyWeekButton: "Every week",
    footerEveryWeek: "You get this digest every week.",
    footerOnlyShared: "You get this digest only when something is shared.",
  },
  team: {
    title: (team: string) => `${team}`,
    caseLine: (name: string, place?: string) => `Practice case: ${name}${place ? `, ${place}` : ""}`,
    member: (name: string, status: string) => `${name}: ${status}`,
    sharedCount: (n: number) =>
      n === 0
        ? "Nothing shared yet."
        : `${plural(n, "answer", "answers")} shared. Type *shared* to read them.`,
  },
  sharedView: {
    title: (n: number) =>
      n === 0 ? "Your team has not shared anything with you yet." : `Shared with you (${n})`,
    page: (page: number, pages: number) => `Page ${page} of ${pages}.`,
    more: "More",
    by: (name: string, date: string, withWhom: string) => `${name} · ${date} · ${withWhom}`,
  },
  nudge: {
    message: (firstName: string, mentor: string, prompt: string) =>
      `Hi ${firstName}, ${mentor} is thinking of you. This week's prompt is still open:\n\n*${prompt}*\n\nA few sentences is plenty. Type your answer here, or type *answer*. Skipping is fine too.`,
    sent: (firstName: string) => `Nudge sent to ${firstName}. Your next digest shows it too.`,
    already: (firstName: string) => `${firstName} already got a nudge for this prompt. One is enough.`,
    notNeeded: (firstName: string) => `${firstName} has already answered or skipped this prompt.`,
    paused: (firstName: string) => `${firstName} is paused or unsubscribed, so I send no nudge.`,
    noPrompt: (firstName: string) => `${firstName} got no prompt this week.`,
    unreachable: (firstName: string) => `I could not reach ${firstName}. Please try again later.`,
  },
  reply: {
    formTitle: "Reply",
    formSubmit: "Send",
    label: (firstName: string) => `Your reply to ${firstName}`,
    backTitle: "Answer back",
    backLabel: (mentor: string) => `Your answer to ${mentor}`,
    toParticipant: (mentor: string, prompt: string) => `${mentor} replies to your answer to: _${prompt}_`,
    toMentor: (name: string, prompt: string) => `${name} answers you back about: _${prompt}_`,
    answerBackButton: "Answer back",
    replyAgainButton: "Reply",
    sent: (firstName: string) => `Your reply was sent to ${firstName}.`,
    backSent: (mentor: string) => `Your answer was sent to ${mentor}.`,
    notSent: "That did not work: I could not reach them now. Please try again later.",
    empty: "Please write a few words first.",
    tooLong: (length: number, max: number) =>
      `That is too long (${length} characters). It can be up to ${max}.`,
    gone: "This answer is no longer shared with you.",
  },
  settings: {
    onlyShared: "Fine: you get the weekly digest only when something is shared.",
    everyWeek: "Fine: you get the weekly digest every week.",
    usage: "Type *digest*, *digest only shared* or *digest always*.",
  },
  home: {
    hint: "Type *my team* or *shared* in the chat.",
  },
};

/** The feature's words in a language. */
export function strings(language: Language): MentorStrings {
  return language === "en" ? en : nl;
}

/** The feature's words in the language of a core dictionary (what handlers are handed as `t`). */
export function own(t: Messages): MentorStrings {
  return strings(t.language);
}
