/** `kampvuur questions`: the questions people asked in chat, without their names. */
import { DateTime } from "luxon";
import type { FeatureCommand } from "../../core/feature.js";
import type { QuestionRecord } from "../../storage/records.js";
import { normalise } from "./programme/intent.js";
import { isUnanswered, type Questions } from "./service.js";

/** The words that say what a question is about: no short words, no question words. */
const CONTENT_WORDS =
  /^(wat|hoe|waar|wanneer|waarom|welke|wie|voor|over|met|een|het|de|van|bij|ook|nog|dat|die|dit|zijn|kan|kun|moet|what|how|where|when|why|which|who|the|for|about|with|can|does|should|and|our|have)$/;
const wordsOf = (text: string) =>
  new Set(
    normalise(text)
      .split(" ")
      .filter((w) => w.length > 2 && !CONTENT_WORDS.test(w))
      .map((w) => w.replace(/(en|s|e)$/, "")),
  );

/** Share of words two questions have in common (Jaccard). */
function similarity(a: Set<string>, b: Set<string>): number {
  const shared = [...a].filter((w) => b.has(w)).length;
  const all = new Set([...a, ...b]).size;
  return all === 0 ? 0 : shared / all;
}

/** From this share of shared words two unanswered questions count as the same gap. */
export const SIMILAR = 0.5;

/**
 * Groups similar questions (single link: a question joins the first group with a question
 * it shares at least half of its words with); groups keep their questions oldest first and
 * come largest first, so the gap most people ran into is on top.
 */
export function groupSimilar(questions: QuestionRecord[]): QuestionRecord[][] {
  const groups: { words: Set<string>[]; items: QuestionRecord[] }[] = [];
  for (const q of questions) {
    const words = wordsOf(q.text);
    const group = groups.find((g) => g.words.some((w) => similarity(w, words) >= SIMILAR));
    if (group) {
      group.words.push(words);
      group.items.push(q);
    } else groups.push({ words: [words], items: [q] });
  }
  return groups.map((g) => g.items).sort((a, b) => b.length - a.length);
}

export const QUESTION_CLI: FeatureCommand<Questions>[] = [
  {
    name: "questions",
    description: "list the questions people asked the bot (without their names)",
    options: [
      {
        flags: "--unanswered",
        description:
          "only questions the content base could not answer, or that were rated not helpful, similar ones together",
      },
      { flags: "--json", description: "JSON Lines: one object per question" },
    ],
    async run(questions, { options, programme }, out) {
      const zone = programme.timezone;
      const all = (await questions.all()).sort((a, b) => a.at.localeCompare(b.at));
      const shown = options.unanswered ? all.filter(isUnanswered) : all;
      const local = (at: string) => DateTime.fromISO(at).setZone(zone).toFormat("yyyy-MM-dd HH:mm");
      const groups = options.unanswered ? groupSimilar(shown) : shown.map((q) => [q]);
      if (!options.json) out.write(`Times in ${zone}.\n`);
      for (const [g, group] of groups.entries()) {
        if (!options.json && group.length > 1) out.write(`-- ${group.length} similar questions --\n`);
        for (const q of group) {
          const row = {
            at: q.at,
            local: local(q.at),
            timezone: zone,
            language: q.language,
            role: q.role,
            mode: q.mode,
            feedback: q.feedback ?? null,
            sources: q.sources,
            question: q.text,
            ...(options.unanswered ? { group: g + 1 } : {}),
          };
          out.write(
            options.json
              ? `${JSON.stringify(row)}\n`
              : `${row.local}  ${q.language}  ${q.mode.padEnd(10)}  ${(q.feedback ?? "").padEnd(11)}  ${q.text.replace(/\s+/g, " ")}\n`,
          );
        }
      }
      if (!options.json)
        out.write(
          `${shown.length} ${options.unanswered ? "unanswered " : ""}question${shown.length === 1 ? "" : "s"} (of ${all.length}) in ${programme.name}.\n`,
        );
    },
  },
];
