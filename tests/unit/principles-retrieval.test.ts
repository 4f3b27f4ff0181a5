import { beforeAll, describe, expect, it } from "vitest";
import { Answerer } from "../../src/knowledge/answerer.js";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.js";
import { principleAsked } from "../../src/knowledge/principles.js";

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
