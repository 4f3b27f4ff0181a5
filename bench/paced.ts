/**
 * A weekly fan-out through the real Slack adapter (Bolt's WebClient over HTTP) against the
 * loopback Slack fake that enforces Slack's published limits: `chat.postMessage` about one a
 * second per channel and 600 a minute per workspace (burst 20), 429 with `Retry-After` past it.
 * Prints wall time against the floor (N / limit), the 429s provoked, lost and duplicated.
 *
 * `tsx bench/paced.ts slack <n> [store] [replicas]` prints one JSON line. With `redis` as the
 * store (REDIS_URL, default redis://127.0.0.1:6379) the fan-out runs as BullMQ jobs shared by
 * `replicas` app instances on the one store, each with its own adapter and scheduler, all
 * against the one fake: the limit is shared, not doubled, so the figures are the same.
 */
import { DateTime } from "luxon";
import { programmeSchema } from "../src/config/programme-schema.js";
import { Scheduler } from "../src/scheduling/scheduler.js";
import { createApp, loadAppProgramme } from "../src/app.js";
import { ManualClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/log.js";
import { createSlack } from "../src/adapters/slack/index.js";
import { FakeSlack } from "../tests/helpers/fake-slack.js";
import { createTeams } from "../src/adapters/teams/index.js";
import { startHttpServer } from "../src/server/http.js";
import { FakeConnector } from "../tests/helpers/fake-connector.js";

const PER_MINUTE = 600;

export async function benchPacedSlack(n: number, store: "memory" | "redis" = "memory", replicas = 1) {
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
  const storeUrl = store === "redis" ? (process.env.REDIS_URL ?? "redis://127.0.0.1:6379") : "memory://";
  const apps = [];
  for (let r = 0; r < (store === "redis" ? replicas : 1); r++) {
    const app = await createApp({ programme, storeUrl, clock });
    const slack = createSlack(app.bot, {
      auth: { botToken: "xoxb-bench" },
      signingSecret: "bench",
      apiUrl,
      logger: silentLogger,
      findSettleMs: 0,
    });
    app.bot.addAdapter(slack.adapter);
    app.queue.serve?.();
    apps.push(app);
  }
  const schedulers = apps.map((app) => new Scheduler(app));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let passes = 0;
  // Passes a minute apart until everyone has it (a send left `failed` is tried on the next pass).
  for (; passes < 30; passes++) {
    clock.set(new Date(due.getTime() + passes * 60_000));
    // Every replica runs its pass (the pass lock lets one plan; every replica's workers send).
    await Promise.all(schedulers.map((s) => s.tick()));
    const reached = new Set(fake.of("chat.postMessage").map((m) => String(m.channel))).size;
    if (reached >= n) break;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const posts = fake.of("chat.postMessage").map((m) => String(m.channel));
  const per = new Map<string, number>();
  for (const c of posts) per.set(c, (per.get(c) ?? 0) + 1);
  const refused = fake.calls.filter((c) => c.method.endsWith("(429)")).length;
  const otherCalls = fake.calls.filter((c) => !c.method.startsWith("chat.postMessage")).length;
  for (const app of apps) await app.close();
  await fake.stop();
  const floorMs = (n / PER_MINUTE) * 60_000;
  return {
    platform: store === "redis" ? `slack (Redis, ${apps.length} replica(s))` : "slack",
    participants: n,
    wallMs,
    floorMs,
    ratio: wallMs / floorMs,
    http429: refused,
    lost: n - per.size,
    duplicated: [...per.values()].filter((v) => v > 1).length,
    cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / n,
    passes: passes + 1,
    otherCalls,
  };
}

/**
 * The same through the real botbuilder CloudAdapter against the loopback Bot Connector that
 * allows 50 requests a second per tenant and answers 429 past it (with `Retry-After: 1`, or
 * without any header as Microsoft documents: `retryAfter` "none").
 */
export async function benchPacedTeams(n: number, retryAfter: "1" | "none") {
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const { sections, ...demo } = await loadAppProgramme();
  void sections;
  const programme = programmeSchema.parse({
    ...demo,
    id: `bench-paced-teams-${process.pid}-${Date.now()}`,
    teams: [],
    mentors: [],
    participants: Array.from({ length: n }, (_, i) => ({
      id: `p-${i}`,
      name: `Deelnemer ${i}`,
      identities: { teams: `29:p-${i}` },
    })),
  });
  const due = DateTime.fromISO("2026-11-24T09:00", { zone: programme.timezone }).toJSDate();
  const clock = new ManualClock(due);
  const app = await createApp({ programme, storeUrl: "memory://", clock });
  const teams = createTeams(app.bot, { store: app.store, logger: silentLogger, local: true });
  app.bot.addAdapter(teams.adapter);
  const http = await startHttpServer(0, { "/api/messages": teams.route }, silentLogger);
  // Everyone added the app (the connector then has a conversation for each).
  for (let i = 0; i < n; i++) {
    const user = `29:p-${i}`;
    await fetch(`http://127.0.0.1:${http.port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "installationUpdate",
        action: "add",
        channelId: "msteams",
        serviceUrl,
        id: `install-${i}`,
        recipient: { id: "28:kampvuur", name: "kampvuur" },
        from: { id: user, name: user },
        conversation: { id: `a:personal-${user}`, conversationType: "personal", tenantId: "tenant" },
      }),
    });
  }
  connector.reset();
  connector.rateLimit({ perSecond: 50, ...(retryAfter === "1" ? { retryAfter: 1 } : {}) });
  const scheduler = new Scheduler(app);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let passes = 0;
  for (; passes < 30; passes++) {
    clock.set(new Date(due.getTime() + passes * 60_000));
    await scheduler.tick();
    if (connector.sent().length >= n) break;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const per = new Map<string, number>();
  for (const c of connector.sent())
    per.set(String(c.conversation), (per.get(String(c.conversation)) ?? 0) + 1);
  const refused = connector.refused(429).length;
  await http.close();
  await app.close();
  await connector.stop();
  const floorMs = (n / 50) * 1000;
  return {
    platform: `teams (Retry-After: ${retryAfter})`,
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
  const [platform = "slack", n = "1000", retryAfter = "none"] = process.argv.slice(2);
  try {
    const figures =
      platform === "teams"
        ? await benchPacedTeams(Number(n), retryAfter === "1" ? "1" : "none")
        : await benchPacedSlack(
            Number(n),
            process.argv[4] === "redis" ? "redis" : "memory",
            Number(process.argv[5] ?? 1),
          );
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  }
  process.exit(0);
}
