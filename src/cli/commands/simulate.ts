/** `kampvuur simulate`: run the programme on a virtual clock and print every message. */
import type { Command } from "commander";
import { DateTime } from "luxon";
import { parseEnv } from "../../config/env.js";
import type { CliContext } from "../io.js";
import type { Language, Programme } from "../../config/programme-schema.js";
import { cliStrings } from "../strings.js";
import { language, parseMoment, positiveInt, PROGRAMME_OPTION, programmePath, share } from "../options.js";

interface SimulateOptions {
  programme?: string;
  from?: string;
  weeks?: number;
  json?: boolean;
  answerRate: number;
  lateRate: number;
  seed: number;
  language?: Language;
  pairMentors?: boolean;
}

export function registerSimulate(program: Command, { io }: CliContext): void {
  program
    .command("simulate")
    .description(
      "run the programme on a virtual clock with auto-answering participants and print every message",
    )
    .option("--programme <file>", PROGRAMME_OPTION)
    .option(
      "--from <date>",
      "start (ISO date or date-time; default: today while the programme is under way, else the day of its first message)",
    )
    .option(
      "--weeks <n>",
      "how many weeks to run (default: until the programme's last message)",
      positiveInt("--weeks"),
    )
    .option("--json", "JSON Lines: one object per message (at, to, role, kind, occurrence, text)")
    .option("--answer-rate <share>", "share of prompts answered at all, 0 to 1", share("--answer-rate"), 0.75)
    .option(
      "--late-rate <share>",
      "share of answers that come after the reminder, 0 to 1",
      share("--late-rate"),
      0.25,
    )
    .option("--seed <n>", "seed for who answers when", positiveInt("--seed"), 1)
    .option(
      "--pair-mentors",
      "the coordinator asks for the mentor pairing at the start and approves it (shows the proposal and the introductions)",
    )
    .option("--language <nl|en>", "the language of the table (default: the programme's)", language)
    .action(async (opts: SimulateOptions) => {
      // Imported here: `kampvuur help` and the other commands do not load the app and the simulation.
      const [{ loadAppProgramme }, { runSimulation, weeklyTable }] = await Promise.all([
        import("../../app.js"),
        import("../../simulation/simulate.js"),
      ]);
      const env = parseEnv(io.env);
      const programme = await loadAppProgramme(programmePath(opts.programme, env));
      const from = opts.from ? parseMoment(opts.from, programme.timezone, "--from") : undefined;
      const {
        messages,
        from: start,
        weeks,
      } = await runSimulation({
        programme,
        from,
        now: io.now?.(),
        weeks: opts.weeks,
        pairMentors: opts.pairMentors,
        answerRate: opts.answerRate,
        lateRate: opts.lateRate,
        seed: opts.seed,
      });
      if (opts.json) for (const m of messages) io.stdout.write(`${JSON.stringify(m)}\n`);
      else {
        const lang = opts.language ?? programme.language;
        const first = DateTime.fromJSDate(start, { zone: programme.timezone }).setLocale(
          lang === "nl" ? "nl-NL" : "en-GB",
        );
        const title =
          lang === "nl"
            ? `${programme.name}: ${weeks} weken vanaf ${first.toFormat("d LLLL yyyy")}`
            : `${programme.name}: ${weeks} weeks from ${first.toFormat("d LLLL yyyy")}`;
        io.stdout.write(`${title}\n\n${weeklyTable(programme, messages, start, weeks, lang)}\n`);
        const end = new Date(start.getTime() + weeks * 7 * 86_400_000);
        io.stdout.write(`\n${await afterwards(programme, end, lang)}\n`);
      }
    });
}

/** What the programme still sends after the simulated weeks, or that it is over. */
async function afterwards(programme: Programme, end: Date, lang: Language): Promise<string> {
  const [{ reflectionOccurrences }, { PromptBank }] = await Promise.all([
    import("../../features/reflections/plan.js"),
    import("../../features/reflections/prompt-bank.js"),
  ]);
  const bank = (await PromptBank.load()).withProgrammePrompts(
    programme.reflection.prompts,
    programme.language,
  );
  const later = reflectionOccurrences(programme, bank).filter((o) => o.at > end);
  const t = cliStrings(lang).simulate;
  if (later.length === 0) return t.over;
  const zone = programme.timezone;
  const phase = cliStrings(lang).schedule.phase;
  const shown = later.slice(0, 4);
  return t.later(
    [
      ...shown.map((o) => {
        const at = DateTime.fromJSDate(o.at, { zone }).setLocale(lang === "nl" ? "nl-NL" : "en-GB");
        return `${at.toFormat("ccc d LLL HH:mm")} (${phase[o.phase] ?? o.phase})`;
      }),
      ...(later.length > shown.length ? ["…"] : []),
    ].join(", "),
  );
}
