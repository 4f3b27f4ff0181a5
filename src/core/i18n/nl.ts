import type { Language } from "../../config/programme-schema.js";

/** Dutch, the default language. `en.ts` must provide every key (checked by the compiler). */
export const nl = {
  /** The language of this dictionary, for code that holds the dictionary only. */
  language: "nl" as Language,
  languageName: "Nederlands",
  unknownPerson: (name?: string) =>
    `Hallo${name ? ` ${name}` : ""}! Ik ben kampvuur, de assistent van de leergang. Ik kan je nog niet vinden in het programma, dus ik kan nog niets voor je doen. Vraag de coördinator van je programma om je toe te voegen (met je e-mailadres of je Slack- of Teams-account). Daarna kun je meteen beginnen.`,
  unknownCommand: (word: string) =>
    `Ik weet niet wat je bedoelt met “${word}”. Typ *help* voor wat ik kan doen.`,
  notAllowed: (command: string, role: string) =>
    `“${command}” is alleen voor een ${role}. Typ *help* voor wat jij kunt doen.`,
  internalError:
    "Sorry, er ging iets mis aan mijn kant. Er is niets verloren gegaan; probeer het over een minuut opnieuw. Blijft het misgaan, laat het dan je coördinator weten.",
  staleAction: "Deze knop hoort bij een bericht dat niet meer geldt. Typ *help* om verder te gaan.",
  notAllowedAction: (role: string) => `Dit kan alleen een ${role} doen. Er is niets veranderd.`,
  notYours: "Dit hoort niet bij jou, dus ik doe er niets mee. Er is niets veranderd.",
  roles: { participant: "deelnemer", mentor: "mentor", coordinator: "coördinator" },
  /** A reply the bot waits for, without words (only emoji, a "?"): nothing is kept. */
  replyNeedsWords: "Bedoel je dat als antwoord? Schrijf er een paar woorden bij, dan bewaar ik het.",
  /** Text that is almost a command ("wijzg 3", "pauze een week"). */
  nearMiss: {
    typo: (suggestion: string) => `Bedoel je *${suggestion}*?`,
    arguments: (word: string) => `Bedoel je *${word}*? Zo werkt het:`,
    usage: (word: string, help: string) => `• *${word.replace(/:$/, "")}*: ${help}`,
    keep: (to: string) => `Of was het je antwoord op ${to}? Klik dan op de knop, dan bewaar ik het.`,
    ask: "Was het een vraag aan mij? Typ dan *vraag:* met je vraag erachter.",
  },

  helpIntro: (name: string, roles: string) =>
    `Hoi ${name}! Je doet mee als ${roles}. Dit kun je tegen me zeggen:`,
  whoami: (name: string, roles: string, organisation?: string, team?: string) =>
    `Je bent *${name}*${organisation ? ` (${organisation})` : ""}, ${roles}${team ? ` in ${team}` : ""}.`,
  languageSet: "Ik praat vanaf nu Nederlands met je.",
  languageUsage: "Kies een taal: *taal nl* of *taal en*.",

  commands: {
    help: "laat deze hulp zien",
    whoami: "wie ben ik in dit programma?",
    language: "wissel van taal: taal nl of taal en",
  },

  privacy: {
    sentByDm: "Ik heb je dat in een privébericht gestuurd.",
    noDirectChat: (command?: string) =>
      `Dit is persoonlijk, dus ik zet het niet hier neer. Ik kan je nog geen privébericht sturen. Open eerst een privégesprek met mij: in Slack klik je op kampvuur en dan op *Bericht*, in Teams kies je Apps → kampvuur → Toevoegen. Typ daar ${command ? `*${command}*` : "je vraag opnieuw"}.`,
    openForm: (title: string) => `${title}: klik op de knop om het formulier hier te openen.`,
    openFormButton: "Openen",
    typeAgain: (title: string) => `${title}: typ het commando hier nog een keer, dan open ik het formulier.`,
  },

  /** The "answer or question?" offer when a DM could be either (`offerAnswerOrQuestion`). */
  offer: {
    answerOrQuestion: (to: string) => `Is dit je antwoord op ${to}, of een vraag aan mij?`,
    saveAsAnswer: "Mijn antwoord",
    askAsQuestion: "Mijn vraag",
  },

  home: {
    title: (firstName: string) => `Hoi ${firstName}`,
    nextSession: (day: string, theme: string) => `Volgende bijeenkomst: ${day} · ${theme}`,
  },

  teams: {
    /** Under a required field of a card form, when it is left empty. */
    required: "Vul dit in.",
    /** The form card after it was sent: no live buttons left on it. */
    formDone: "Verstuurd. Dit formulier is klaar; gebruik het bericht hieronder als je iets wilt wijzigen.",
    welcome: (firstName: string) =>
      `Hoi ${firstName}! Ik ben kampvuur. Tussen de bijeenkomsten stuur ik je elke week een korte reflectievraag, en je kunt me alles vragen over de principes en het programma. Typ *help* om te zien wat ik kan.`,
    welcomeTeam: (programme: string) =>
      `Hallo allemaal! Ik ben kampvuur, de assistent van ${programme}. Noem me (@kampvuur) met een vraag over de principes of het programma, dan antwoord ik hier.`,
  },
  /** Someone in more than one programme served by this bot (a mentor in two leergangen). */
  programmes: {
    which: "Over welk programma gaat dit? Je zit in meer dan één programma. Kies er een; dat onthoud ik.",
    chosen: (name: string) =>
      `Goed, we hebben het over *${name}*. Dat onthoud ik. Wil je wisselen? Typ *programma*.`,
    gone: "Dat programma ken ik niet meer. Typ *programma* om er een te kiezen.",
    /** Words that (typed alone) ask to switch programmes. */
    words: ["programma", "wissel", "wissel programma", "ander programma"],
    home: (names: string) => `Je zit in meer programma's: ${names}. Typ *programma* om te wisselen.`,
  },
};

export type Messages = typeof nl;
