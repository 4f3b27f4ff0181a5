import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { createApp, loadAppProgramme } from "../src/app.js";

import { programmeSchema } from "../src/config/programme-schema.js";
import type { ChatAdapter } from "../src/core/adapter.js";
import { ManualClock } from "../src/core/clock.js";
import type { Person } from "../src/core/people.js";
import { Scheduler } from "../src/scheduling/scheduler.js";

/** A platform that accepts everything at once: the benchmark measures the bot's own work. */
class NullPlatform implements ChatAdapter {
  readonly platform = "bench";
  sent = 0;
  async directAddress(person: Person) {
    return `bench:${person.id}`;
  }
  async send(conversation: string) {
    this.sent++;
    return { conversation, messageId: String(this.sent) };
  }
}

export interface FanoutFigures {
  store: string;
  participants: number;
  fanoutMs: number;
  sent: number;
  idleTickMs: number;
  peakRssMb: number;
}

/** Plans and records one weekly fan-out to `n` participants on the store at `storeUrl`. */
export async function benchFanout(storeName: string, storeUrl: string, n: number): Promise<FanoutFigures> {
  // The features' sections are not fields of the file: parse the file's own fields again.
  const { sections, ...demo } = await loadAppProgramme();
  void sections;
  const programme = programmeSchema.parse({
    ...demo,
    id: `bench-${process.pid}-${Date.now()}`,
    teams: [],
    mentors: [],
    participants: Array.from({ length: n }, (_, i) => ({
      id: `p-${i}`,
      name: `Deelnemer ${i}`,
      learningQuestion: "Hoe laat ik los zonder dat het initiatief vastloopt?",
    })),
  });
  const due = DateTime.fromISO("2026-11-24T09:00", { zone: programme.timezone }).toJSDate();
  const clock = new ManualClock(due);
  const app = await createApp({ programme, storeUrl, clock });
  // The full-text index is built a moment after start (or at the first question): built here,
  // as it is by the time a running bot fans out, so its build is not inside the fan-out.
  void app.knowledge.retriever;
  const platform = new NullPlatform();
  app.bot.addAdapter(platform);
  const scheduler = new Scheduler(app);

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const t0 = performance.now();
  const result = await scheduler.tick(due);
  const fanoutMs = performance.now() - t0;
  clock.set(new Date(due.getTime() + 60_000));
  const t1 = performance.now();
  await scheduler.tick();
  const idleTickMs = performance.now() - t1;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await app.store.keyv.clear().catch(() => {});
  await app.close();
  return {
    store: storeName,
    participants: n,
    fanoutMs,
    sent: result.sent,
    idleTickMs,
    peakRssMb: peak / 1024 / 1024,
  };
}

/** Child-process entry: `tsx bench/fanout.ts <store> <n>` prints one JSON line. */
if (process.argv[1]?.endsWith("fanout.ts")) {
  const [store = "sqlite", n = "5000"] = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), "kampvuur-bench-"));
  const url =
    store === "sqlite"
      ? `sqlite://${join(dir, "bench.sqlite")}`
      : store === "redis"
        ? (process.env.REDIS_URL ?? "redis://127.0.0.1:6379")
        : (process.env.POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
  try {
    process.stdout.write(`${JSON.stringify(await benchFanout(store, url, Number(n)))}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ store, error: (error as Error).message })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
