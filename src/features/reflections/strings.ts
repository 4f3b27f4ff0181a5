/**
 * The reflections feature's own words, Dutch first. `en` is typed from `nl`, so a key
 * missing in English does not compile.
 */
export const nl = {
  commands: {
    reflection: "laat je huidige reflectievraag zien",
    answer: "beantwoord je huidige reflectievraag",
    answers: "laat al je antwoorden zien",
    edit: "wijzig een antwoord, bijvoorbeeld: wijzig 2",
    pause: "even geen reflectievragen: pauze 2 weken, of pauze tot 2027-01-10",
    resume: "de pauze beëindigen",
    optOut: "helemaal geen reflectievragen meer",
    optIn: "weer reflectievragen ontvangen",
    sendReflection: "stuur de reflectievraag van deze week nu naar alle deelnemers",
  },
  helpNote: "Je kunt ook gewoon antwoorden op een reflectievraag door een bericht te sturen.",
};

export type ReflectionStrings = typeof nl;

export const en: ReflectionStrings = {
  commands: {
    reflection: "show your current reflection prompt",
    answer: "answer your current reflection prompt",
    answers: "list all your answers",
    edit: "edit an answer, for example: edit 2",
    pause: "no prompts for a while: pause 2 weeks, or pause until 2027-01-10",
    resume: "end your pause",
    optOut: "no more reflection prompts at all",
    optIn: "receive reflection prompts again",
    sendReflection: "send this week's reflection prompt to all participants now",
  },
  helpNote: "You can also simply answer a reflection prompt by sending a message.",
};
