import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { withAnswerText } from "../../src/features/questions/answer-text.js";
import { ANSWER_CEILING, answerLength, answerMessage } from "../../src/features/questions/message.js";
import { Answerer } from "../../src/knowledge/answerer.js";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.js";

/**
 * The retrieval evaluation: questions phrased the way participants type them, each with the
 * content id that should answer it, and questions the content base does not cover. Runs the
 * embedded (extractive) answerer, exactly what `kampvuur ask --json` returns without OpenAI.
 *
 * Two sets: `questions.yaml`, which the retrieval was tuned on (its misses are printed), and
 * `held-out.yaml`, written from the content alone by someone who did not see the retriever
 * and never used for tuning: only its figure is printed, not its misses, so that nobody
 * tunes on it by accident (`EVAL_SHOW_HELD_OUT=1` prints them for a deliberate look).
 */
const questionSchema = z.object({
  q: z.string(),
  lang: z.enum(["nl", "en"]),
  expect: z.union([z.string(), z.array(z.string())]),
});
type Question = z.infer<typeof questionSchema>;
const evalSchema = z.object({
  questions: z.array(questionSchema),
  offTopic: z.array(z.object({ q: z.string(), lang: z.enum(["nl", "en"]) })).default([]),
});
const load = (name: string) =>
  evalSchema.parse(parse(readFileSync(new URL(`./${name}`, import.meta.url), "utf8")));
const tuning = load("questions.yaml");
const heldOutFile = new URL("./held-out.yaml", import.meta.url);
const heldOut = existsSync(heldOutFile) ? load("held-out.yaml") : undefined;

const TARGET = 0.9;
/**
 * The held-out set is measured, never tuned on. Issue 16's target for it is 90%; it reaches
 * 86.2% today, so the test keeps it from getting worse and prints where it stands against
 * the target (the issue stays open until it is met).
 */
const HELD_OUT_FLOOR = 0.85;

let answerer: Answerer;
beforeAll(async () => {
  answerer = await Answerer.create(await KnowledgeBase.load());
});

/** hit@3 over a set: the share of questions whose expected document is among the first three sources. */
async function hitAt3(questions: Question[]): Promise<{ share: number; hits: number; misses: string[] }> {
  const misses: string[] = [];
  for (const q of questions) {
    const result = await answerer.ask(q.q, { language: q.lang });
    expect(result.mode).not.toBe("llm");
    const top = result.sources.slice(0, 3).map((s) => s.id);
    const expected = [q.expect].flat();
    if (!top.some((id) => expected.includes(id)))
      misses.push(
        `${JSON.stringify(q.q)}: expected ${expected.join(" or ")}, got ${top.join(", ") || "nothing"}`,
      );
  }
  return { share: 1 - misses.length / questions.length, hits: questions.length - misses.length, misses };
}

const pct = (r: { share: number; hits: number }, n: number) =>
  `${(r.share * 100).toFixed(1)}% (${r.hits}/${n})`;

describe("retrieval evaluation (extractive mode)", () => {
  it(`has at least 60 questions in Dutch and English, and at least 10 off-topic ones`, () => {
    expect(tuning.questions.length).toBeGreaterThanOrEqual(60);
    expect(new Set(tuning.questions.map((q) => q.lang))).toEqual(new Set(["nl", "en"]));
    expect(tuning.offTopic.length).toBeGreaterThanOrEqual(10);
  });

  it("finds the expected document among the first three sources for at least 90% of the tuning set", async () => {
    const r = await hitAt3(tuning.questions);
    console.info(
      `[eval] tuning set hit@3 ${pct(r, tuning.questions.length)}` +
        (r.misses.length ? `; misses:\n  ${r.misses.join("\n  ")}` : ""),
    );
    expect(r.share).toBeGreaterThanOrEqual(TARGET);
  });

  it.runIf(heldOut)(
    "the held-out set: never below its floor, and reported against the 90% target",
    async () => {
      const held = heldOut?.questions ?? [];
      const r = await hitAt3(held);
      const t = await hitAt3(tuning.questions);
      const all = tuning.questions.length + held.length;
      const together = { hits: r.hits + t.hits, share: (r.hits + t.hits) / all };
      console.info(
        `[eval] held-out set hit@3 ${pct(r, held.length)} (target ${TARGET * 100}%: ${r.share >= TARGET ? "met" : "NOT met"}); both sets ${pct(together, all)}` +
          (process.env.EVAL_SHOW_HELD_OUT && r.misses.length ? `; misses:\n  ${r.misses.join("\n  ")}` : ""),
      );
      expect(r.share).toBeGreaterThanOrEqual(HELD_OUT_FLOOR);
      expect(together.share).toBeGreaterThanOrEqual(TARGET);
    },
  );

  it("answers every off-topic question with mode 'none' and no sources", async () => {
    const leaks: string[] = [];
    for (const q of [...tuning.offTopic, ...(heldOut?.offTopic ?? [])]) {
      const result = await answerer.ask(q.q, { language: q.lang });
      if (result.mode !== "none" || result.sources.length > 0)
        leaks.push(`${JSON.stringify(q.q)} → ${result.sources.map((s) => s.id).join(", ")}`);
    }
    console.info(
      `[eval] off-topic answered: ${leaks.length}${leaks.length ? `:\n  ${leaks.join("\n  ")}` : ""}`,
    );
    expect(leaks).toEqual([]);
  });

  it("keeps every answer of both sets within each platform's length ceiling", async () => {
    const over: string[] = [];
    const questions = [...tuning.questions, ...(heldOut?.questions ?? []), ...tuning.offTopic];
    for (const q of questions) {
      const answer = withAnswerText(await answerer.ask(q.q, { language: q.lang }), "Henk Westerveld");
      for (const [platform, ceiling] of Object.entries(ANSWER_CEILING)) {
        const length = answerLength(answerMessage(answer, "q", true, platform));
        if (length > ceiling) over.push(`${platform} ${length} > ${ceiling}`);
      }
      expect(answerLength(answerMessage(answer, "q", true, "unknown-platform"))).toBeLessThanOrEqual(600);
    }
    expect(over).toEqual([]);
  });
});
