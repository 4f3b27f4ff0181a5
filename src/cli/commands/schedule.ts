/** `kampvuur schedule`: list the next reflection sends of a programme. */
import type { Command } from "commander";
import { DateTime } from "luxon";
import { parseEnv } from "../../config/env.js";
import { loadAppProgramme } from "../../app.js";
import { PromptBank } from "../../features/reflections/prompt-bank.js";
import { reflectionOccurrences } from "../../features/reflections/plan.js";
import type { CliContext } from "../io.js";
import { parseMoment, positiveInt, PROGRAMME_OPTION, programmePath } from "../options.js";

export function registerSchedule(program: Command, { io }: CliContext): void {
  program
    .command("schedule")
    .description("list the next reflection sends of a programme")
    .option("--programme <file>", PROGRAMME_OPTION)
    .option("--count <n>", "how many", positiveInt("--count"), 10)
    .option("--from <date>", "list sends after this moment (default: now)")
    .action(async (opts: { programme?: string; count: number; from?: string }) => {
      const env = parseEnv(io.env);
      const programme = await loadAppProgramme(programmePath(opts.programme, env));
      const from = opts.from ? parseMoment(opts.from, programme.timezone, "--from") : new Date();
      const bank = (await PromptBank.load()).withProgrammePrompts(
        programme.reflection.prompts,
        programme.language,
      );
      const upcoming = reflectionOccurrences(programme, bank)
        .filter((o) => o.at.getTime() > from.getTime())
        .slice(0, opts.count);
      if (upcoming.length === 0) {
        io.stdout.write(
          `No reflection sends after ${from.toISOString()}: the programme's last session day has passed.\n`,
        );
        return;
      }
      const participants = programme.participants.length;
      for (const o of upcoming) {
        const when = DateTime.fromJSDate(o.at, { zone: programme.timezone })
          .setLocale("nl-NL")
          .toFormat("ccc dd LLL yyyy HH:mm");
        const text = bank.get(o.promptId, programme.language)?.text ?? "";
        io.stdout.write(
          `${when}  ${o.phase.padEnd(14)}  ${o.promptId.padEnd(10)}  ${participants} participants  ${text}\n`,
        );
      }
    });
}
