import type { Language } from "../../config/programme-schema.js";
import type { Messages } from "../../core/i18n/index.js";

/**
 * The questions feature's own words, Dutch first. `en` is typed from `nl`, so a key missing
 * in English does not compile.
 */
export const nl = {
  commands: {
    ask: "stel een vraag over de principes of het programma, zoals *vraag: wat betekent klein beginnen?*",
    principles: "de lijst met de 18 principes",
  },
  qa: {
    extractiveIntro: "Dit staat erover in de inhoud van het programma:",
    sourcesLabel: "Bronnen",
    none: "Hierover staat niets in de inhoud van het programma, dus ik kan je er geen goed antwoord op geven.",
    offTopic: "Daar kan ik je niet mee helpen. Ik beantwoord vragen over de principes en het programma.",
    askMentor: (mentor?: string) =>
      mentor
        ? `Je mentor, ${mentor}, weet er misschien meer van.`
        : "Je mentor of de coördinator weet er misschien meer van.",
    moreLabel: "Meer hierover:",
    readMore: "Lees verder",
    readMoreGone: "Dat stuk kan ik niet meer vinden. Stel je vraag gerust opnieuw.",
    greeting: (name: string) =>
      `Hoi ${name}! Stel me gerust een vraag over de principes of het programma, bijvoorbeeld: *wanneer is de volgende leerdag?* Typ *help* voor wat ik nog meer kan.`,
    thanks: "Graag gedaan!",
    related: (title: string) => `Misschien helpt dit je verder: *${title}*.`,
    principlesTip: "Typ *principes* voor de lijst met alle principes, of *help* voor wat ik nog meer kan.",
    logged:
      "Je vraag is zonder je naam doorgegeven aan de coördinatoren, zodat zij de inhoud kunnen aanvullen.",
    fallback: {
      rate_limited: "Het taalmodel is op dit moment te druk. Hier zijn de passages zelf:",
      timeout: "Het taalmodel deed er te lang over. Hier zijn de passages zelf:",
      unavailable: "Het taalmodel is nu niet bereikbaar. Hier zijn de passages zelf:",
    },
    helpful: "👍 Nuttig",
    notHelpful: "👎 Niet nuttig",
    thanksHelpful: "Dank je, fijn dat het hielp!",
    thanksNotHelpful:
      "Fijn dat je het laat weten. De vraag gaat zonder je naam naar de coördinatoren, zodat de inhoud beter wordt. Je mentor weet vaak ook raad.",
    feedbackNotYours: "Alleen wie de vraag stelde kan dit antwoord beoordelen.",
    empty:
      "Wat wil je weten? Typ je vraag achter *vraag*, bijvoorbeeld: *vraag wat betekent klein beginnen?*",
    tooLong: (length: number, max: number) =>
      `Je vraag is ${length} tekens lang; ik kan er ${max} aan. Maak hem wat korter, dan zoek ik het op.`,
    principlesTitle: "De 18 principes van gemeenschapskracht",
    principlesFooter:
      "Vraag me gerust wat een principe betekent, bijvoorbeeld: *vraag wat betekent principe 10?*",
  },
};

export type QuestionStrings = typeof nl;

export const en: QuestionStrings = {
  commands: {
    ask: "ask about the principles or the programme, like *ask what does start small mean?*",
    principles: "the list of the 18 principles",
  },
  qa: {
    extractiveIntro: "This is what the programme's content says about it:",
    sourcesLabel: "Sources",
    none: "The programme's content says nothing about this, so I can't give you a good answer.",
    offTopic: "I can't help you with that. I answer questions about the principles and the programme.",
    askMentor: (mentor?: string) =>
      mentor
        ? `Your mentor, ${mentor}, may know more about it.`
        : "Your mentor or the coordinator may know more about it.",
    moreLabel: "More on this:",
    readMore: "Read more",
    readMoreGone: "I can't find that passage any more. Feel free to ask your question again.",
    greeting: (name: string) =>
      `Hi ${name}! Ask me anything about the principles or the programme, for example: *when is the next session day?* Type *help* for what else I can do.`,
    thanks: "You're welcome!",
    related: (title: string) => `This may help you further: *${title}*.`,
    principlesTip: "Type *principles* for the list of all principles, or *help* for what else I can do.",
    logged:
      "Your question has been passed on to the coordinators, without your name, so they can add to the content.",
    fallback: {
      rate_limited: "The language model is too busy right now. Here are the passages themselves:",
      timeout: "The language model took too long. Here are the passages themselves:",
      unavailable: "The language model cannot be reached right now. Here are the passages themselves:",
    },
    helpful: "👍 Helpful",
    notHelpful: "👎 Not helpful",
    thanksHelpful: "Thanks, glad it helped!",
    thanksNotHelpful:
      "Thanks for letting me know. The question goes to the coordinators without your name, so the content can get better. Your mentor often knows more, too.",
    feedbackNotYours: "Only the person who asked can rate this answer.",
    empty:
      "What would you like to know? Type your question after *ask*, for example: *ask what does start small mean?*",
    tooLong: (length: number, max: number) =>
      `Your question is ${length} characters long; I can take ${max}. Make it a bit shorter and I'll look it up.`,
    principlesTitle: "The 18 principles of community strength",
    principlesFooter: "Ask me what a principle means, for example: *ask what does principle 10 mean?*",
  },
};

/** The questions feature's words in a language. */
export function strings(language: Language): QuestionStrings {
  return language === "en" ? en : nl;
}

/** The feature's words in the language of a core dictionary (what handlers are handed as `t`). */
export function own(t: Messages): QuestionStrings {
  return strings(t.language);
}
