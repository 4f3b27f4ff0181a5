import { beforeAll, describe, expect, it } from "vitest";
import { withAnswerText } from "../../src/features/questions/answer-text.js";
import { Answerer } from "../../src/knowledge/answerer.js";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.js";
import { principleAsked, principlesAsked } from "../../src/knowledge/principles.js";

let answerer: Answerer;
beforeAll(async () => {
  answerer = await Answerer.create(await KnowledgeBase.load());
});

const NL_ORDINALS = [
  "eerste",
  "tweede",
  "derde",
  "vierde",
  "vijfde",
  "zesde",
  "zevende",
  "achtste",
  "negende",
  "tiende",
  "elfde",
  "twaalfde",
  "dertiende",
  "veertiende",
  "vijftiende",
  "zestiende",
  "zeventiende",
  "achttiende",
];
const EN_ORDINALS = [
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
];
const numbers = Array.from({ length: 18 }, (_, i) => i + 1);
const id = (n: number) => `principe-${String(n).padStart(2, "0")}`;

describe("principles asked by number come first", () => {
  it.each(numbers)("principle %i, in Dutch and English, spelled several ways", async (n) => {
    const asked: [string, "nl" | "en"][] = [
      [`principe ${n}`, "nl"],
      [`wat is principe ${n}`, "nl"],
      [`vraag wat betekent principe ${n}?`, "nl"],
      [`het ${NL_ORDINALS[n - 1]} principe`, "nl"],
      [`princpe ${n}`, "nl"],
      [`principle ${n}?`, "en"],
      [`what does principle ${n} mean`, "en"],
      [`the ${EN_ORDINALS[n - 1]} principle`, "en"],
      [`priciple ${n}`, "en"],
    ];
    for (const [q, language] of asked) {
      // The asker's language is the other one: the question's own words decide.
      const result = await answerer.ask(q, { language: language === "nl" ? "en" : "nl" });
      expect({ q, first: result.sources[0]?.id, language: result.language }).toEqual({
        q,
        first: id(n),
        language,
      });
    }
  });

  it("does not see a number where none names a principle", () => {
    expect(principleAsked("noem 5 principes")).toBeUndefined();
    expect(principleAsked("welk principe een rol speelt bij geld")).toBeUndefined();
    expect(principleAsked("principe 19")).toBeUndefined();
    expect(principleAsked("wat is een principe")).toBeUndefined();
    expect(principleAsked("the principle of one street")).toBeUndefined();
    expect(principleAsked("het laatste principe")).toEqual({ number: 18, language: "nl" });
  });
});

describe("several principles asked at once come first, in the order asked", () => {
  it.each([
    ["de eerste twee principes", "nl", [1, 2]],
    ["wat zijn de eerste 3 principes?", "nl", [1, 2, 3]],
    ["principe 3 en 5", "nl", [3, 5]],
    ["principes 4 t/m 6", "nl", [4, 5, 6]],
    ["the last two principles", "en", [17, 18]],
    ["principles 1-3", "en", [1, 2, 3]],
    ["what do principles 7 and 12 say", "en", [7, 12]],
  ] as const)("%s", async (q, language, expected) => {
    const result = await answerer.ask(q, { language });
    expect(result.sources.slice(0, expected.length).map((s) => s.id)).toEqual(expected.map(id));
    // The answer leads with the first; the others are listed under it by title.
    const word = language === "nl" ? "Principe" : "Principle";
    const [lead, more] = withAnswerText(result).answer.split(
      language === "nl" ? "Meer hierover:" : "More on this:",
    );
    expect(lead).toContain(`${word} ${expected[0]}:`);
    expect(more).toContain(`${word} ${expected[1]}:`);
  });

  it("counts, a range past 18 and a single principle are read as before", () => {
    expect(principlesAsked("noem 5 principes")).toBeUndefined();
    expect(principlesAsked("principes 17 t/m 19")).toEqual({ numbers: [17], language: "nl" });
    expect(principlesAsked("wat is principe 10?")).toEqual({ numbers: [10], language: "nl" });
    expect(principlesAsked("the first principle")).toEqual({ numbers: [1], language: "en" });
  });
});
