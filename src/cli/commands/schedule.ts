/** `kampvuur schedule`: the next reflection prompts of a programme, week by week, in its language. */
import type { Command } from "commander";
import { DateTime } from "luxon";
import { parseEnv } from "../../config/env.js";
import type { Language, Programme } from "../../config/programme-schema.js";
import { formatDay } from "../../core/i18n/index.js";
import { programmeMoment } from "../../features/reflections/phase.js";
import type { ScheduledOccurrence } from "../../features/reflections/plan.js";
import type { PromptBank } from "../../features/reflections/prompt-bank.js";
import type { CliContext } from "../io.js";
import { language, parseMoment, positiveInt, PROGRAMME_OPTION, programmePath } from "../options.js";
import { cliStrings, table } from "../strings.js";

export function registerSchedule(program: Command, { io }: CliContext): void {
  program
    .command("schedule")
    .description("list the next reflection prompts week by week, and why a week has none")
    .option("--programme <file>", PROGRAMME_OPTION)
    .option("--count <n>", "how many rows", positiveInt("--count"), 10)
    .option("--from <date>", "start at this moment (default: now)")
    .option("--language <nl|en>", "the language of the list (default: the programme's)", language)
    .action(async (opts: { programme?: string; count: number; from?: string; language?: Language }) => {
      // Imported here: `kampvuur help` and the other commands do not load the app.
      const [{ loadAppProgramme }, { reflectionOccurrences }, { PromptBank }] = await Promise.all([
        import("../../app.js"),
        import("../../features/reflections/plan.js"),
        import("../../features/reflections/prompt-bank.js"),
      ]);
      const env = parseEnv(io.env);
      const programme = await loadAppProgramme(programmePath(opts.programme, env));
      const from = opts.from ? parseMoment(opts.from, programme.timezone, "--from") : new Date();
      const bank = (await PromptBank.load()).withProgrammePrompts(
        programme.reflection.prompts,
        programme.language,
      );
      io.stdout.write(
        `${scheduleTable(programme, reflectionOccurrences(programme, bank), bank, from, opts.count, opts.language ?? programme.language)}\n`,
      );
    });
}

/**
 * Week by week from `from`: each reflection prompt (when, its phase in words, to how many, its
 * text with the programme's own details filled in and a person's shown as ‹…›), and for a week
 * without one the reason; after the last session day, that there are no more.
 */
export function scheduleTable(
  programme: Programme,
  occurrences: ScheduledOccurrence[],
  bank: PromptBank,
  from: Date,
  count: number,
  lang: Language,
): string {
  const t = cliStrings(lang).schedule;
  const zone = programme.timezone;
  const day = (date: DateTime) => formatDay(date.set({ hour: 12 }).toJSDate(), lang, zone);
  const short = (date: DateTime) => date.setLocale(lang === "nl" ? "nl-NL" : "en-GB").toFormat("ccc d LLL");
  const participants = programme.participants.length;
  // The conversation goes on after the last session day (the closing prompt, the follow-up).
  const lastSession = DateTime.fromISO(programme.sessions.at(-1)?.date as string, { zone }).endOf("day");
  const lastPrompt = occurrences.at(-1);
  const last = lastPrompt
    ? DateTime.max(lastSession, DateTime.fromJSDate(lastPrompt.at, { zone }))
    : lastSession;
  const first = DateTime.fromISO(programme.sessions[0]?.date as string, { zone });
  const rows: string[][] = [t.headers];
  let week = DateTime.fromJSDate(from, { zone }).startOf("week");
  let over = false;
  while (rows.length - 1 < count) {
    const end = week.plus({ weeks: 1 });
    if (week > last) {
      over = true;
      break;
    }
    const inWeek = occurrences.filter((o) => o.at > from && o.at >= week.toJSDate() && o.at < end.toJSDate());
    for (const o of inWeek) {
      if (rows.length - 1 >= count) break;
      const when = DateTime.fromJSDate(o.at, { zone });
      rows.push([
        `${short(when)} ${when.toFormat("HH:mm")}`,
        `${t.phase[o.phase] ?? o.phase}, ${t.to(participants)}`,
        promptText(programme, bank, o, lang),
      ]);
    }
    if (inWeek.length === 0) {
      const session = programme.sessions.find((s) => {
        const d = DateTime.fromISO(s.date, { zone });
        return d >= week && d < end;
      });
      const holiday = programme.reflection.skipDates.find((d) => {
        const date = DateTime.fromISO(d, { zone });
        return date >= week && date < end;
      });
      const reason = session
        ? t.sessionWeek(day(DateTime.fromISO(session.date, { zone })), session.theme)
        : holiday
          ? t.holiday(day(DateTime.fromISO(holiday, { zone })))
          : end <= first
            ? t.beforeStart(day(first))
            : week > lastSession && lastPrompt
              ? t.between(day(DateTime.fromJSDate(lastPrompt.at, { zone })))
              : undefined;
      // A week whose prompt already went out before `from` needs no row.
      if (reason) rows.push([t.week(short(week), short(end.minus({ days: 1 }))), t.none, reason]);
    }
    week = end;
  }
  const lines = [table(rows)];
  if (over) lines.push("", t.over(day(last)));
  if (rows.length - 1 < count) lines.push(t.thatIsAll(rows.length - 1, count));
  return lines.join("\n");
}

/** A prompt's text with what is the same for everyone filled in, and what differs per person as ‹…›. */
function promptText(programme: Programme, bank: PromptBank, o: ScheduledOccurrence, lang: Language): string {
  const prompt = bank.get(o.promptId, lang);
  if (!prompt) return "";
  const t = cliStrings(lang).schedule;
  const moment = programmeMoment(programme, o.at);
  const zone = programme.timezone;
  const next = moment.nextSession;
  const values: Record<string, string | undefined> = {
    lastSessionTheme: moment.lastSession?.theme,
    nextSessionTheme: next?.theme,
    nextSessionDate: next
      ? formatDay(DateTime.fromISO(`${next.date}T12:00`, { zone }).toJSDate(), lang, zone)
      : undefined,
    ...t.person,
  };
  return prompt.text.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (_, name: string) => values[name] ?? "");
}
