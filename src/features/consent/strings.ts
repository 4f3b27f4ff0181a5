import type { Language } from "../../config/programme-schema.js";
import type { Messages } from "../../core/i18n/index.js";

/**
 * The consent feature's own words, Dutch first (B1: short sentences, "je"). `en` is typed
 * from `nl`, so a key missing in English does not compile.
 */
export const nl = {
  commands: {
    consent:
      "mag de bot je eigen gegevens (zoals je leervraag) aan het taalmodel geven? Ja of nee; toestemming intrekken zet het uit",
  },
  title: "Toestemming voor het taalmodel",
  what: [
    "Soms schrijft een taalmodel (AI) een antwoord voor de bot.",
    "Met je toestemming mag de bot daarbij je eigen gegevens gebruiken, zoals je leervraag.",
    "Je reflecties, je huiswerk en namen van anderen gaan er nooit naartoe.",
    "Zonder toestemming krijg je dezelfde informatie, alleen zonder taalmodel.",
  ].join(" "),
  state: {
    yes: (date: string) => `Nu: *ja*. Je gaf toestemming op ${date}.`,
    no: "Nu: *nee*. De bot geeft je eigen gegevens niet aan het taalmodel.",
    none: "Nu: je koos nog niet. Dan is het *nee*.",
  },
  question: "Mag de bot je eigen gegevens gebruiken in antwoorden met het taalmodel?",
  yesButton: "Ja, dat mag",
  noButton: "Nee",
  noModel: "Deze bot gebruikt nu geen taalmodel. Je keuze geldt als dat later wel zo is.",
  off: "In dit programma krijgt het taalmodel nooit je eigen gegevens. Je hoeft niets te kiezen.",
  saidYes:
    "Dank je. De bot mag je eigen gegevens, zoals je leervraag, nu gebruiken in antwoorden met het taalmodel. Intrekken kan altijd: typ *toestemming intrekken*.",
  saidNo: "Prima. De bot geeft je eigen gegevens niet aan het taalmodel.",
  withdrawn: "Je toestemming is ingetrokken. De bot geeft je eigen gegevens niet meer aan het taalmodel.",
  hint: "Tip: typ *toestemming* als je wilt dat antwoorden met het taalmodel je eigen gegevens gebruiken.",
  describe:
    "Of je toestemming gaf om je eigen gegevens aan het taalmodel te geven (ja of nee, en wanneer), en of de bot je daar al op wees.",
};

export type ConsentStrings = typeof nl;

export const en: ConsentStrings = {
  commands: {
    consent:
      "may the bot give your own details (such as your learning question) to the language model? Yes or no; consent withdraw turns it off",
  },
  title: "Consent for the language model",
  what: [
    "Sometimes a language model (AI) writes an answer for the bot.",
    "With your consent, the bot may use your own details for it, such as your learning question.",
    "Your reflections, your homework and other people's names never go to it.",
    "Without consent you get the same information, only without the language model.",
  ].join(" "),
  state: {
    yes: (date) => `Now: *yes*. You gave consent on ${date}.`,
    no: "Now: *no*. The bot does not give your own details to the language model.",
    none: "Now: you have not chosen yet. That means *no*.",
  },
  question: "May the bot use your own details in answers written with the language model?",
  yesButton: "Yes, that's fine",
  noButton: "No",
  noModel: "This bot uses no language model right now. Your choice counts if it does later.",
  off: "In this programme the language model never gets your own details. You do not need to choose.",
  saidYes:
    "Thank you. The bot may now use your own details, such as your learning question, in answers written with the language model. You can withdraw at any time: type *consent withdraw*.",
  saidNo: "Fine. The bot does not give your own details to the language model.",
  withdrawn: "Your consent is withdrawn. The bot no longer gives your own details to the language model.",
  hint: "Tip: type *consent* if you want answers written with the language model to use your own details.",
  describe:
    "Whether you consented to your own details going to the language model (yes or no, and when), and whether the bot told you about it.",
};

/** The feature's words in a language. */
export function strings(language: Language): ConsentStrings {
  return language === "en" ? en : nl;
}

/** The feature's words in the language of a core dictionary (what handlers are handed as `t`). */
export function own(t: Messages): ConsentStrings {
  return strings(t.language);
}
