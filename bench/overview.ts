import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { createApp, loadAppProgramme, programmeSections } from "../src/app.js";
import { programmeSchemaWith } from "../src/config/programme-schema.js";
import { ManualClock } from "../src/core/clock.js";
import { overview, reflections } from "../src/features/index.js";
import { answersChartPng } from "../src/features/overview/chart.js";
import type { Delivery } from "../src/storage/records.js";

export interface OverviewFigures {
  participants: number;
  teams: number;
  weeks: number;
  records: number;
  seedMs: number;
  /**
   * The overview of every team over every week in the running bot, which keeps everyone's
   * counts (read once: by its first overview, or in the background a minute after the
   * scheduler's first pass) and, after `changed` people answered late or shared an answer,
   * counts only them again from the store.
   */
  overviewMs: number;
  /** The same again, nothing changed. */
  overviewWarmMs: number;
  /** A process's first overview, everything read from the store (what `kampvuur report` does). */
  coldMs: number;
  /** People who answered late or changed an answer's visibility before `overviewMs`. */
  changed: number;
  /** The counts after those changes equal a count from scratch (a new process on the same store). */
  exact: boolean;
  /** The chart of that overview: Vega-Lite → SVG → PNG (first, then again). */
  chartMs: number;
  chartWarmMs: number;
  pngBytes: number;
}

/**
 * The participation overview for `n` participants in teams of 200 over `weeks` weekly
 * prompts on SQLite: the store is seeded with what those weeks leave behind (a prompt to
 * everyone, answers from about 60 %, skips, reminders, can't-comes), then the overview is
 * computed and its chart drawn.
 */
export async function benchOverview(storeUrl: string, n: number, weeks: number): Promise<OverviewFigures> {
  // The demo programme with generated people; its homework (about the demo's people) left out.
  const { sections, ...demo } = await loadAppProgramme();
  const teamSize = 200;
  const teamCount = Math.ceil(n / teamSize);
  const ids = Array.from({ length: n }, (_, i) => `p-${i}`);
  const programme = programmeSchemaWith(programmeSections()).parse({
    ...demo,
    ...sections,
    groups: [],
    assignments: [],
    id: `bench-overview-${process.pid}-${Date.now()}`,
    mentors: [],
    participants: ids.map((id, i) => ({ id, name: `Deelnemer ${i}` })),
    teams: Array.from({ length: teamCount }, (_, t) => ({
      id: `team-${t}`,
      name: `Team ${t + 1}`,
      members: ids.slice(t * teamSize, (t + 1) * teamSize),
    })),
  });
  const zone = programme.timezone;
  const first = DateTime.fromISO("2026-09-01T09:00", { zone });
  const clock = new ManualClock(first.plus({ weeks }).toJSDate());
  const app = await createApp({ programme, storeUrl, clock });
  const { store } = app;

  const t0 = performance.now();
  const occurrences = Array.from({ length: weeks }, (_, w) => {
    const moment = first.plus({ weeks: w });
    return { id: `reflection:${moment.toFormat("yyyy-MM-dd'T'HH:mm")}`, at: moment.toISO() as string };
  });
  await store.occurrences.setMany(
    occurrences.map((o) => ({
      id: o.id,
      value: { id: o.id, kind: "reflection", promptId: "after-01", createdAt: o.at },
    })),
  );
  await store.occurrenceIndex.set("all", { occurrences });
  let records = occurrences.length + 1;
  const deliveries: { id: string; value: Delivery }[] = [];
  const books: { id: string; value: { personId: string; answers: unknown[] } }[] = [];
  const states: { id: string; value: { personId: string; skipped: string[] } }[] = [];
  ids.forEach((personId, p) => {
    const answers = [];
    const skipped: string[] = [];
    for (const [w, o] of occurrences.entries()) {
      const base = { occurrenceId: o.id, personId, status: "sent" as const, at: o.at, attempts: 1 };
      deliveries.push({
        id: `${o.id}:${personId}`,
        value: { ...base, id: `${o.id}:${personId}`, kind: "reflection" },
      });
      const roll = (p * 31 + w * 17) % 10;
      if (roll < 6)
        answers.push({
          id: `a-${w}`,
          occurrenceId: o.id,
          promptId: "after-01",
          promptText: "Wat is je bijgebleven?",
          text: "Een antwoord van een paar zinnen over de week.",
          visibility: roll < 2 ? "group" : "private",
          createdAt: o.at,
          updatedAt: o.at,
        });
      else if (roll === 6) skipped.push(o.id);
      else
        deliveries.push({
          id: `${o.id}:${personId}:reminder`,
          value: { ...base, id: `${o.id}:${personId}:reminder`, kind: "reflection-reminder" },
        });
    }
    books.push({ id: personId, value: { personId, answers } });
    states.push({ id: personId, value: { personId, skipped } });
  });
  for (let i = 0; i < deliveries.length; i += 2000)
    await store.deliveries.setMany(deliveries.slice(i, i + 2000));
  for (let i = 0; i < n; i += 1000) {
    await store.answers.setMany(books.slice(i, i + 1000) as never);
    await store.people.setMany(states.slice(i, i + 1000) as never);
  }
  records += deliveries.length + 2 * n;
  const seedMs = performance.now() - t0;

  const api = app.api(overview);
  const teams = api.teamsFor("cli");
  // A process's first overview reads everything (as `kampvuur report` does, and the bot once).
  const t0c = performance.now();
  await api.report(teams);
  const coldMs = performance.now() - t0c;

  // Then, as in the running bot: a few people answer an old prompt late, a few share an
  // answer with their team, through the reflections feature as the chat does.
  const service = app.api(reflections);
  const changed = 20;
  for (let k = 0; k < changed; k++) {
    const person = app.bot.directory.get(ids[(k * 251) % n] as string);
    const old = occurrences[k % occurrences.length] as { id: string; at: string };
    if (!person) continue;
    if (k % 2 === 0)
      await service.saveAnswer(
        person,
        { occurrenceId: old.id, promptId: "after-01", text: "Wat is je bijgebleven?", receivedAt: old.at },
        "Laat, maar toch: wat ik deze week leerde.",
        "private",
      );
    else {
      // An answer shared with the team after all: the same answer, saved with another visibility.
      const first = (await service.answersOf(person.id))[0];
      if (first)
        await service.saveAnswer(
          person,
          {
            occurrenceId: first.occurrenceId,
            promptId: first.promptId,
            text: first.promptText,
            receivedAt: first.createdAt,
          },
          first.text,
          first.visibility === "group" ? "private" : "group",
        );
    }
  }
  const t1 = performance.now();
  const report = await api.report(teams);
  const overviewMs = performance.now() - t1;
  const t2 = performance.now();
  await api.report(teams);
  const overviewWarmMs = performance.now() - t2;

  // The counts kept equal a count from scratch: a second process on the same store.
  const fresh = await createApp({ programme, storeUrl, clock });
  const recount = await fresh.api(overview).report(fresh.api(overview).teamsFor("cli"));
  await fresh.close();
  const exact = JSON.stringify(recount.rows) === JSON.stringify(report.rows);
  const t3 = performance.now();
  const png = await answersChartPng(report, "nl");
  const chartMs = performance.now() - t3;
  const t4 = performance.now();
  await answersChartPng(report, "nl");
  const chartWarmMs = performance.now() - t4;
  await app.close();
  return {
    participants: n,
    teams: teamCount,
    weeks: report.weeks.length,
    records,
    seedMs,
    overviewMs,
    overviewWarmMs,
    coldMs,
    changed,
    exact,
    chartMs,
    chartWarmMs,
    pngBytes: png.length,
  };
}

/** Child-process entry: `tsx bench/overview.ts <n> <weeks>` prints one JSON line. */
if (process.argv[1]?.endsWith("overview.ts")) {
  const [n = "5000", weeks = "12"] = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), "kampvuur-bench-"));
  try {
    const figures = await benchOverview(`sqlite://${join(dir, "bench.sqlite")}`, Number(n), Number(weeks));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
