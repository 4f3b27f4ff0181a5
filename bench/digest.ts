import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { createApp, loadAppProgramme, programmeSections } from "../src/app.js";
import { programmeSchemaWith } from "../src/config/programme-schema.js";
import { ManualClock } from "../src/core/clock.js";
import { mentor } from "../src/features/index.js";
import { sessionStates } from "../src/features/session-reminders/records.js";
import type { Delivery } from "../src/storage/records.js";

export interface DigestFigures {
  mentors: number;
  participants: number;
  records: number;
  seedMs: number;
  /** Building every mentor's digest (one read of the store for all, then each message), cold and warm. */
  digestMs: number;
  digestWarmMs: number;
  /** The job's plan at the digest moment: what is due, with the digests built. */
  planMs: number;
  /** The largest digest, as JSON. */
  maxBytes: number;
}

/**
 * The weekly digests of `mentors` mentors of `n` participants (teams of n/mentors, one
 * mentor each) on SQLite: the store is seeded with a week of reflections (a prompt to
 * everyone, answers from about 60 %, a fifth of them shared, skips, pauses) and the session
 * day's preparation, then every digest is built: the bot's own work, not the sending.
 */
export async function benchDigest(storeUrl: string, n: number, mentors: number): Promise<DigestFigures> {
  const { sections, ...demo } = await loadAppProgramme();
  const size = Math.ceil(n / mentors);
  const ids = Array.from({ length: n }, (_, i) => `p-${i}`);
  const mentorIds = Array.from({ length: mentors }, (_, i) => `m-${i}`);
  const programme = programmeSchemaWith(programmeSections()).parse({
    ...demo,
    ...sections,
    groups: [],
    id: `bench-digest-${process.pid}-${Date.now()}`,
    mentors: mentorIds.map((id, i) => ({ id, name: `Mentor ${i}`, capacity: 1 })),
    participants: ids.map((id, i) => ({ id, name: `Deelnemer ${i}`, learningQuestion: "Hoe laat ik los?" })),
    teams: mentorIds.map((m, t) => ({
      id: `team-${t}`,
      name: `Team ${t + 1}`,
      mentor: m,
      members: ids.slice(t * size, (t + 1) * size),
    })),
  });
  const zone = programme.timezone;
  const tuesday = DateTime.fromISO("2026-11-24T09:00", { zone });
  const friday = DateTime.fromISO("2026-11-27T16:00", { zone }).toJSDate();
  const clock = new ManualClock(friday);
  const app = await createApp({ programme, storeUrl, clock });
  const { store } = app;

  const t0 = performance.now();
  const occurrence = { id: "reflection:2026-11-24T09:00", at: tuesday.toISO() as string };
  await store.occurrences.set(occurrence.id, {
    id: occurrence.id,
    kind: "reflection",
    promptId: "after-01",
    createdAt: occurrence.at,
  });
  await store.occurrenceIndex.set("all", { occurrences: [occurrence] });
  const details = { prompt: { promptId: "after-01", text: "Wat is je bijgebleven van de eerste dag?" } };
  const deliveries: { id: string; value: Delivery }[] = [];
  const books: { id: string; value: unknown }[] = [];
  const states: { id: string; value: unknown }[] = [];
  const sessions: { id: string; value: unknown }[] = [];
  ids.forEach((personId, p) => {
    const id = `${occurrence.id}:${personId}`;
    deliveries.push({
      id,
      value: {
        id,
        kind: "reflection",
        occurrenceId: occurrence.id,
        personId,
        status: "sent",
        at: occurrence.at,
        attempts: 1,
        details,
      },
    });
    const roll = (p * 31) % 10;
    if (roll < 6)
      books.push({
        id: personId,
        value: {
          personId,
          answers: [
            {
              id: occurrence.id,
              occurrenceId: occurrence.id,
              promptId: "after-01",
              promptText: details.prompt.text,
              text: "Een antwoord van een paar zinnen over de week en de bewoners van het initiatief.",
              visibility: roll < 2 ? "mentor" : roll < 3 ? "group" : "private",
              createdAt: occurrence.at,
              updatedAt: occurrence.at,
            },
          ],
        },
      });
    states.push({
      id: personId,
      value: {
        personId,
        skipped: roll === 6 ? [occurrence.id] : [],
        ...(roll === 7 ? { pausedUntil: "2026-12-31T23:00:00.000Z" } : {}),
      },
    });
    if (p % 3 === 0)
      sessions.push({
        id: personId,
        value: { personId, done: ["2026-12-10#0", "2026-12-10#1"], cantCome: [] },
      });
  });
  const states2 = store.collection(sessionStates);
  for (let i = 0; i < deliveries.length; i += 2000)
    await store.deliveries.setMany(deliveries.slice(i, i + 2000));
  for (let i = 0; i < n; i += 1000) {
    await store.answers.setMany(books.slice(i, i + 1000) as never);
    await store.people.setMany(states.slice(i, i + 1000) as never);
    await states2.setMany(sessions.slice(i, i + 1000) as never);
  }
  const records = deliveries.length + books.length + states.length + sessions.length + 2;
  const seedMs = performance.now() - t0;

  const api = app.api(mentor);
  const people = api.mentorsWithMentees();
  const moment = api.moments.find((m) => m.date === "2026-11-27");
  if (!moment) throw new Error("no digest on 27 November");
  const build = async () => {
    const digests = await api.digests(people, moment, friday);
    return digests.map((d) => d.build("nl"));
  };
  const t1 = performance.now();
  const messages = await build();
  const digestMs = performance.now() - t1;
  const t2 = performance.now();
  await build();
  const digestWarmMs = performance.now() - t2;
  const job = app.jobs.find((j) => j.id === "mentor.digest");
  const t3 = performance.now();
  const plan = await job?.plan(friday);
  const planMs = performance.now() - t3;
  if (plan?.send.length !== mentors) throw new Error(`planned ${plan?.send.length} digests, not ${mentors}`);
  await app.close();
  return {
    mentors: people.length,
    participants: n,
    records,
    seedMs,
    digestMs,
    digestWarmMs,
    planMs,
    maxBytes: Math.max(...messages.map((m) => JSON.stringify(m).length)),
  };
}

/** Child-process entry: `tsx bench/digest.ts <participants> <mentors>` prints one JSON line. */
if (process.argv[1]?.endsWith("digest.ts")) {
  const [n = "5000", mentors = "500"] = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), "kampvuur-bench-"));
  try {
    const figures = await benchDigest(`sqlite://${join(dir, "bench.sqlite")}`, Number(n), Number(mentors));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
