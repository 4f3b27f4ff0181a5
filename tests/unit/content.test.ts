import { describe, expect, it } from "vitest";
import { contentDirs, loadContent, parseContent } from "../../src/knowledge/content.js";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.js";
import { cli } from "../helpers/cli.js";

const BROKEN = "tests/fixtures/content-broken";
const EXTRA = "tests/fixtures/content-extra";

describe("the shipped content base", async () => {
  const base = await loadContent();

  it("loads without problems", () => {
    expect(base.problems).toEqual([]);
  });

  it("has the 18 principles in Dutch and in English, each with idea, why, practice and a question", () => {
    for (const language of ["nl", "en"] as const) {
      const principles = base.docs.filter((d) => d.language === language && d.id.startsWith("principe-"));
      expect(principles.map((d) => d.id).sort()).toEqual(
        Array.from({ length: 18 }, (_, i) => `principe-${String(i + 1).padStart(2, "0")}`),
      );
      for (const p of principles) expect(p.chunks.length, p.id).toBeGreaterThanOrEqual(4);
    }
  });

  it("has the four programme documents and a glossary in Dutch", () => {
    const nl = base.docs.filter((d) => d.language === "nl").map((d) => d.id);
    expect(nl).toEqual(
      expect.arrayContaining(["leergang", "community-of-practice", "masterclass", "bouwstenen", "begrippen"]),
    );
  });
});

describe("content files written by a coordinator", () => {
  it("reports a broken front-matter by file and field, and still loads the good files", async () => {
    const base = await loadContent([BROKEN]);
    expect(base.docs.map((d) => d.id)).toEqual(["goed-bestand"]);
    const problems = base.problems.map((p) => `${p.file.split("/").pop()}: ${p.field}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        "geen-front-matter.md: (front-matter)",
        "geen-titel.md: id",
        "geen-titel.md: title",
        "geen-titel.md: language",
        "geen-titel.md: tags",
      ]),
    );
  });

  it("kampvuur content lists every problem with file and field and exits 2", async () => {
    const result = await cli(["content", BROKEN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/geen-titel\.md: title: is required/);
    expect(result.stderr).toMatch(/geen-titel\.md: language: must be one of "nl", "en"/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("does not let an extra folder silently replace a shipped file with the same id", async () => {
    const base = await loadContent(contentDirs("tests/fixtures/content-duplicate"));
    expect(base.problems).toEqual([
      expect.objectContaining({
        field: "id",
        message: expect.stringMatching(/'principe-06' \(nl\) is already used/),
      }),
    ]);
    expect(base.docs.find((d) => d.id === "principe-06" && d.language === "nl")?.title).toMatch(
      /^Principe 6/,
    );
  });

  it("reads front-matter and sections of one file", () => {
    const text =
      "---\nid: x\ntitle: Een titel\nlanguage: en\nsource: s\ntags: a, b\n---\n# T\nintro\n## One\nfirst\n## Two\nsecond\n";
    const doc = parseContent(text, "x.md").doc;
    expect(doc?.tags).toEqual(["a", "b"]);
    expect(doc?.chunks.map((c) => [c.heading, c.text])).toEqual([
      ["", "intro"],
      ["One", "first"],
      ["Two", "second"],
    ]);
  });

  it("makes the files of a KAMPVUUR_CONTENT folder searchable next to the shipped content", async () => {
    const knowledge = await KnowledgeBase.load({ dirs: contentDirs(EXTRA) });
    const result = await knowledge.search("hoe vraag ik het buurtbudget in Zonnedorp aan?");
    expect(result.sources[0]?.id).toBe("buurtbudget-zonnedorp");
    expect(knowledge.content.docs.some((d) => d.id === "principe-06")).toBe(true);
  });
});
