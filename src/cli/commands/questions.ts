/** `kampvuur questions`: the questions people asked in chat, without their names. */
import type { Command } from "commander";
import { parseEnv } from "../../config/env.js";
import { loadProgramme } from "../../config/programme.js";
import { isUnanswered } from "../../features/questions/service.js";
import { Store } from "../../storage/store.js";
import type { CliContext } from "../io.js";
import { PROGRAMME_OPTION, programmePath } from "../options.js";

export function registerQuestions(program: Command, { io }: CliContext): void {
  program
    .command("questions")
    .description("list the questions people asked the bot (without their names)")
    .option("--programme <file>", PROGRAMME_OPTION)
    .option(
      "--unanswered",
      "only questions the content base could not answer, or that were rated not helpful",
    )
    .option("--json", "JSON Lines: one object per question")
    .action(async (opts: { programme?: string; unanswered?: boolean; json?: boolean }) => {
      const env = parseEnv(io.env);
      const programme = await loadProgramme(programmePath(opts.programme, env));
      const store = await Store.open(env.KAMPVUUR_STORE, programme.id);
      try {
        const all = (await store.questions.all()).sort((a, b) => a.at.localeCompare(b.at));
        const shown = opts.unanswered ? all.filter(isUnanswered) : all;
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
          io.stdout.write(
            opts.json
              ? `${JSON.stringify(row)}\n`
              : `${q.at.slice(0, 16).replace("T", " ")}  ${q.language}  ${q.mode.padEnd(10)}  ${(q.feedback ?? "").padEnd(11)}  ${q.text.replace(/\s+/g, " ")}\n`,
          );
        }
        if (!opts.json)
          io.stdout.write(
            `${shown.length} ${opts.unanswered ? "unanswered " : ""}question${shown.length === 1 ? "" : "s"} (of ${all.length}) in ${programme.name}.\n`,
          );
      } finally {
        await store.close();
      }
    });
}
