import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { Answerer } from "../../src/knowledge/answerer.js";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.js";

/**
 * The retrieval evaluation: questions phrased the way participants type them, each with the
 * content id that should answer it, and questions the content base does not cover. Runs the
 * embedded (extractive) answerer, exactly what `kampvuur ask --json` returns without OpenAI.
 */
const evalSchema = z.object({
  questions: z.array(
    z.object({
      q: z.string(),
      lang: z.enum(["nl", "en"]),
      expect: z.union([z.string(), z.array(z.string())]),
    }),
  ),
  offTopic: z.array(z.object({ q: z.string(), lang: z.enum(["nl", "en"]) })),
});
const set = evalSchema.parse(parse(readFileSync(new URL("./questions.yaml", import.meta.url), "utf8")));

let answerer: Answerer;
beforeAll(async () => {
  answerer = await Answerer.create(await KnowledgeBase.load());
});

describe("retrieval evaluation (extractive mode)", () => {
  it(`has at least 60 questions in Dutch and English, and at least 10 off-topic ones`, () => {
    expect(set.questions.length).toBeGreaterThanOrEqual(60);
    expect(new Set(set.questions.map((q) => q.lang))).toEqual(new Set(["nl", "en"]));
    expect(set.offTopic.length).toBeGreaterThanOrEqual(10);
  });

  it("finds the expected document among the first three sources for at least 90% of the questions", async () => {
    const misses: string[] = [];
    for (const q of set.questions) {
      const result = await answerer.ask(q.q, { language: q.lang });
      expect(result.mode).not.toBe("llm");
      const top = result.sources.slice(0, 3).map((s) => s.id);
      const expected = [q.expect].flat();
      if (!top.some((id) => expected.includes(id)))
        misses.push(
          `${JSON.stringify(q.q)}: expected ${expected.join(" or ")}, got ${top.join(", ") || "nothing"}`,
        );
    }
    const share = 1 - misses.length / set.questions.length;
    console.info(
      `[eval] top-3 hit rate ${(share * 100).toFixed(1)}% (${set.questions.length - misses.length}/${set.questions.length})` +
        (misses.length ? `; misses:\n  ${misses.join("\n  ")}` : ""),
    );
    expect(share).toBeGreaterThanOrEqual(0.9);
  });

  it("answers off-topic questions with mode 'none' and no sources in at least 9 of 10 cases", async () => {
    const leaks: string[] = [];
    for (const q of set.offTopic) {
      const result = await answerer.ask(q.q, { language: q.lang });
      if (result.mode !== "none" || result.sources.length > 0)
        leaks.push(`${JSON.stringify(q.q)} → ${result.sources.map((s) => s.id).join(", ")}`);
    }
    const share = 1 - leaks.length / set.offTopic.length;
    console.info(
      `[eval] off-topic 'none' rate ${(share * 100).toFixed(1)}%${leaks.length ? `; leaks:\n  ${leaks.join("\n  ")}` : ""}`,
    );
    expect(share).toBeGreaterThanOrEqual(0.9);
  });
});
