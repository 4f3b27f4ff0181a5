import { beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/knowledge/content.js";
import { principleAsked } from "../../src/knowledge/principles.js";
import { Retriever } from "../../src/knowledge/retriever.js";
import { loadSynonyms } from "../../src/knowledge/synonyms.js";

/**
 * Questions as they are typed on a phone: Dutch diminutives and compounds, plurals without
 * their apostrophe, typos, and principle numbers spelled wrong. Each case is a mechanism,
 * not a question of the evaluation sets.
 */
let retriever: Retriever;
beforeAll(async () => {
  retriever = Retriever.build((await loadContent()).chunks, await loadSynonyms());
});

const terms = (question: string, language: "nl" | "en" = "nl") =>
  retriever.search(question, { language }).terms;
const top3 = (question: string, language: "nl" | "en" = "nl") =>
  retriever
    .search(question, { language })
    .hits.slice(0, 3)
    .map((h) => h.chunk.docId);

describe("the retriever on phone-typed questions", () => {
  it("reads 'hoe zorg ik dat' as 'how do I make sure', not as care, and 'mee doen' as 'meedoen'", () => {
    expect(terms("hoe zorg ik dat bewoners mee doen")).toEqual(terms("bewoners meedoen"));
    expect(terms("hoe zorg je ervoor dat bewoners mee denken")).toEqual(terms("bewoners meedenken"));
    // Care itself is still a word of the question.
    expect(terms("de zorg voor ouderen")).toContain(terms("zorg")[0]);
  });

  it("reads a Dutch diminutive as its base word", () => {
    expect(terms("een groepje")).toEqual(["groep"]);
    expect(terms("het pleintje")).toEqual(["plein"]);
  });

  it("reads a Dutch plural in 's typed without the apostrophe", () => {
    expect(terms("risicos")).toEqual(terms("risico's"));
    expect(terms("collegas")).toEqual(terms("collega's"));
  });

  it("splits words at a hyphen", () => {
    expect(terms("cpo-initiatief")).toEqual(["cpo", "initiatief"]);
  });

  it("finds a compound in the content by its head word ('coöperatie' in 'energiecoöperatie')", () => {
    const hits = retriever.search("coöperatie opbrengst leden buurtfonds", { language: "nl" }).hits;
    expect(hits.map((h) => h.chunk.docId)).toContain("principe-17");
  });

  it("corrects one typo, also where the typo changes the stem", () => {
    expect(terms("vrijwilluger")).toEqual(terms("vrijwilliger"));
    expect(terms("eenzaamhied")).toEqual(terms("eenzaamheid"));
    expect(terms("residnets", "en")).toEqual(terms("residents", "en"));
    // A neighbouring key in a shorter word: k and l sit side by side.
    expect(terms("trelker")).toEqual(terms("trekker"));
  });

  it("does not turn a short word into a content word by a letter that is not a neighbouring key", () => {
    expect(terms("gedicht")).toEqual(["gedicht"]);
  });

  it("answers a question about a detail that only a few documents mention", () => {
    expect(top3("mag ik collega's meenemen naar de slotdag")).toContain("leergang");
    expect(top3("wat is cpo")).toEqual(expect.arrayContaining(["bouwstenen"]));
  });

  it("does not answer a detail whose words the content has in two different sections", () => {
    // The masterclass names a shrinking population in one section and Utrecht in another.
    expect(retriever.search("what is the population of utrecht", { language: "en" }).hits).toEqual([]);
    // Together in one section they are a detail of the text.
    expect(top3("waar is de masterclass in utrecht")).toContain("masterclass");
  });

  it("lets a near tie at the top go to the document that covers more of the question", () => {
    // Issue 16's own example: the principle about every talent, not the Community of Practice.
    const first = (q: string) => retriever.search(q, { language: "nl" }).hits[0]?.chunk.docId;
    expect(first("hoe zorg ik dat ook stille bewoners mee doen")).toBe("principe-07");
  });

  it("still finds nothing for questions outside the content", () => {
    for (const q of ["schrijf een gedicht over de herfst", "geef me een recept voor pannenkoeken"])
      expect(retriever.search(q, { language: "nl" }).hits).toEqual([]);
    for (const q of ["write me a haiku about the sea", "who won the champions league final last year?"])
      expect(retriever.search(q, { language: "en" }).hits).toEqual([]);
  });
});

describe("principles named with a typo", () => {
  it("reads a misspelt number word", () => {
    expect(principleAsked("wat is het eersse principe")?.number).toBe(1);
    expect(principleAsked("principe twaafl")?.number).toBe(12);
    expect(principleAsked("what does the fonrth principle say")?.number).toBe(4);
  });

  it("reads a long misspelt word for principle that does not start with 'pr'", () => {
    expect(principleAsked("piinciple 7")).toEqual({ number: 7, language: "en" });
  });

  it("does not read an ordinary word as a number", () => {
    expect(principleAsked("principle there is")).toBeUndefined();
    expect(principleAsked("welk principe een rol speelt")).toBeUndefined();
  });
});

describe("the retriever on situations, short typos and mixed languages", () => {
  it("reads a Dutch verb with -t as the infinitive the content has", () => {
    expect(terms("haakt")).toEqual(terms("haken"));
    expect(terms("klaagt")).toEqual(terms("klagen"));
    expect(terms("vergadert")).toEqual(terms("vergaderen"));
  });

  it("corrects a short word with a missing letter, only to a subject word", () => {
    expect(terms("mentr")).toEqual(terms("mentor"));
    expect(terms("budgt")).toEqual(terms("budget"));
    expect(terms("hond")).toEqual(["hond"]);
    expect(terms("trein")).toEqual(["trein"]);
  });

  it("understands the Dutch words people keep in an English question", () => {
    expect(top3("our vrijwilligers are exhausted", "en")).toContain("principe-09");
    expect(top3("the wethouder wants to cut the ribbon", "en")).toContain("principe-05");
  });

  it("looks a Dutch word in an English question up in the Dutch content when the English finds nothing", () => {
    const result = retriever.search("what is the participatiesamenleving", { fallback: "en" });
    expect(result.hits.map((h) => h.chunk.docId)).toContain("community-of-practice");
    // Not when the language is fixed by the caller, nor for an off-topic question.
    expect(retriever.search("what is the participatiesamenleving", { language: "en" }).hits).toEqual([]);
    expect(retriever.search("write me a haiku about the sea", { fallback: "en" }).hits).toEqual([]);
  });

  it("counts a question as on topic when it shares two specific words with one of a document's example questions", () => {
    expect(top3("sinds ik hun aanvraag heb afgewezen reageren ze niet meer")).toContain("principe-08");
  });
});
