/**
 * The questions feature's own words, Dutch first. `en` is typed from `nl`, so a key missing
 * in English does not compile.
 */
export const nl = {
  commands: {
    ask: "stel een vraag over de principes of het programma: vraag wat betekent klein beginnen?",
    principles: "de lijst met de 18 principes",
  },
};

export type QuestionStrings = typeof nl;

export const en: QuestionStrings = {
  commands: {
    ask: "ask about the principles or the programme: ask what does start small mean?",
    principles: "the list of the 18 principles",
  },
};
