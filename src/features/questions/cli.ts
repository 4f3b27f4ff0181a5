/** `kampvuur questions`: the questions people asked in chat, without their names. */
import type { FeatureCommand } from "../../core/feature.js";
import { isUnanswered, type Questions } from "./service.js";

export const QUESTION_CLI: FeatureCommand<Questions>[] = [
  {
    name: "questions",
    description: "list the questions people asked the bot (without their names)",
    options: [
      {
        flags: "--unanswered",
        description: "only questions the content base could not answer, or that were rated not helpful",
      },
      { flags: "--json", description: "JSON Lines: one object per question" },
    ],
    async run(questions, { options, programme }, out) {
      const all = (await questions.all()).sort((a, b) => a.at.localeCompare(b.at));
      const shown = options.unanswered ? all.filter(isUnanswered) : all;
      for (const q of shown) {
        const row = {
          at: q.at,
          language: q.language,
          role: q.role,
          mode: q.mode,
          feedback: q.feedback ?? null,
          sources: q.sources,
          question: q.text,
        };
        out.write(
          options.json
            ? `${JSON.stringify(row)}\n`
            : `${q.at.slice(0, 16).replace("T", " ")}  ${q.language}  ${q.mode.padEnd(10)}  ${(q.feedback ?? "").padEnd(11)}  ${q.text.replace(/\s+/g, " ")}\n`,
        );
      }
      if (!options.json)
        out.write(
          `${shown.length} ${options.unanswered ? "unanswered " : ""}question${shown.length === 1 ? "" : "s"} (of ${all.length}) in ${programme.name}.\n`,
        );
    },
  },
];
