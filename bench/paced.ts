/**
 * A weekly fan-out through the real Slack adapter (Bolt's WebClient over HTTP) against the
 * loopback Slack fake that enforces Slack's published limits: `chat.postMessage` about one a
 * second per channel and 600 a minute per workspace (burst 20), 429 with `Retry-After` past it.
 * Prints wall time against the floor (N / limit), the 429s provoked, lost and duplicated.
 *
 * `tsx bench/paced.ts slack <n>` prints one JSON line.
 */
import { DateTime } from "luxon";
import { programmeSchema } from "../src/config/programme-schema.js";
import { Scheduler } from "../src/scheduling/scheduler.js";
import { createApp, loadAppProgramme } from "../src/app.js";
import { ManualClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/log.js";
import { createSlack } from "../src/adapters/slack/index.js";
import { FakeSlack } from "../tests/helpers/fake-slack.js";

const PER_MINUTE = 600;

export async function benchPacedSlack(n: number) {
  const fake = new FakeSlack();
  const apiUrl = await fake.start();
  fake.enforceRateLimits({ workspace: { perMinute: PER_MINUTE, burst: 20 } });
  const { sections, ...demo } = await loadAppProgramme();
  void sections;
  const programme = programmeSchema.parse({
    ...demo,
    id: `bench-paced-${process.pid}-${Date.now()}`,
    teams: [],
    mentors: [],
    participants: Array.from({ length: n }, (_, i) => ({
      id: `p-${i}`,
      name: `Deelnemer ${i}`,
      identities: { slack: `U0BENCH${i}` },
    })),
  });
  const due = DateTime.fromISO("2026-11-24T09:00", { zone: programme.timezone }).toJSDate();
  const clock = new ManualClock(due);
  const app = await createApp({ programme, storeUrl: "memory://", clock });
  const slack = createSlack(app.bot, {
    auth: { botToken: "xoxb-bench" },
    signingSecret: "bench",
    apiUrl,
    logger: silentLogger,
    findSettleMs: 0,
  });
  app.bot.addAdapter(slack.adapter);
  const scheduler = new Scheduler(app);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let passes = 0;
  // Passes a minute apart until everyone has it (a send left `failed` is tried on the next pass).
  for (; passes < 30; passes++) {
    clock.set(new Date(due.getTime() + passes * 60_000));
    await scheduler.tick();
    const reached = new Set(fake.of("chat.postMessage").map((m) => String(m.channel))).size;
    if (reached >= n) break;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const posts = fake.of("chat.postMessage").map((m) => String(m.channel));
  const per = new Map<string, number>();
  for (const c of posts) per.set(c, (per.get(c) ?? 0) + 1);
  const refused = fake.calls.filter((c) => c.method === "chat.postMessage (429)").length;
  await app.close();
  await fake.stop();
  const floorMs = (n / PER_MINUTE) * 60_000;
  return {
    platform: "slack",
    participants: n,
    wallMs,
    floorMs,
    ratio: wallMs / floorMs,
    http429: refused,
    lost: n - per.size,
    duplicated: [...per.values()].filter((v) => v > 1).length,
    cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / n,
    passes: passes + 1,
  };
}

if (process.argv[1]?.endsWith("paced.ts")) {
  const [, n = "1000"] = process.argv.slice(2);
  try {
    process.stdout.write(`${JSON.stringify(await benchPacedSlack(Number(n)))}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  }
  process.exit(0);
}
