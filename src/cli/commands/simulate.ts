/** `kampvuur simulate`: run the programme on a virtual clock and print every message. */
import type { Command } from "commander";
import { DateTime } from "luxon";
import { parseEnv } from "../../config/env.js";
import { loadAppProgramme } from "../../app.js";
import { simulate, weeklyTable } from "../../simulation/simulate.js";
import type { CliContext } from "../io.js";
import { parseMoment, positiveInt, PROGRAMME_OPTION, programmePath, share } from "../options.js";

interface SimulateOptions {
  programme?: string;
  from?: string;
  weeks: number;
  json?: boolean;
  answerRate: number;
  lateRate: number;
  seed: number;
}

export function registerSimulate(program: Command, { io }: CliContext): void {
  program
    .command("simulate")
    .description(
      "run the programme on a virtual clock with auto-answering participants and print every message",
    )
    .option("--programme <file>", PROGRAMME_OPTION)
    .option("--from <date>", "start (ISO date or date-time; default: the first session day)")
    .requiredOption("--weeks <n>", "how many weeks to run", positiveInt("--weeks"))
    .option("--json", "JSON Lines: one object per message (at, to, role, kind, occurrence, text)")
    .option("--answer-rate <share>", "share of prompts answered at all, 0 to 1", share("--answer-rate"), 0.75)
    .option(
      "--late-rate <share>",
      "share of answers that come after the reminder, 0 to 1",
      share("--late-rate"),
      0.25,
    )
    .option("--seed <n>", "seed for who answers when", positiveInt("--seed"), 1)
    .action(async (opts: SimulateOptions) => {
      const env = parseEnv(io.env);
      const programme = await loadAppProgramme(programmePath(opts.programme, env));
      const from = opts.from ? parseMoment(opts.from, programme.timezone, "--from") : undefined;
      const start =
        from ??
        DateTime.fromISO(programme.sessions[0]?.date as string, { zone: programme.timezone }).toJSDate();
      const messages = await simulate({
        programme,
        from: start,
        weeks: opts.weeks,
        answerRate: opts.answerRate,
        lateRate: opts.lateRate,
        seed: opts.seed,
      });
      if (opts.json) for (const m of messages) io.stdout.write(`${JSON.stringify(m)}\n`);
      else
        io.stdout.write(
          `${programme.name}: ${opts.weeks} weeks from ${DateTime.fromJSDate(start, { zone: programme.timezone }).toISODate()}\n\n${weeklyTable(programme, messages, start, opts.weeks)}\n`,
        );
    });
}
