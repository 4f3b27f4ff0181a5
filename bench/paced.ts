/**
 * A weekly fan-out through the real Slack adapter (Bolt's WebClient over HTTP) against the
 * loopback Slack fake that enforces Slack's published limits: `chat.postMessage` about one a
 * second per channel and 600 a minute per workspace (burst 20), 429 with `Retry-After` past it
 * (or, with `no-retry-after`, a bare 429). Prints wall time against the floor (N / limit), the
 * 429s provoked, lost (never got it) and duplicated (got it more than once).
 *
 * `tsx bench/paced.ts slack <n> [memory|redis] [replicas] [no-retry-after] [coordinator] [limit=<per minute>]` and
 * `tsx bench/paced.ts teams <n> [1|none] [memory|redis] [replicas]` print one JSON line.
 * - With `redis` as the store (REDIS_URL, default redis://127.0.0.1:6379) the fan-out runs as
 *   BullMQ jobs shared by `replicas` app instances on the one store, each with its own adapter
 *   (and scheduler), all against the one fake: the limit is shared, not doubled, so the figures
 *   should be the same.
 * - `coordinator`: not the scheduled send but the coordinator's (Marieke, U0KV0MARI): "stuur
 *   reflectie" in a DM, then the preview's "Versturen", over Bolt's HTTP receiver (signed
 *   requests, as Slack sends them); the wall time runs from the click. No scheduler runs, so a
 *   send the fan-out leaves unsent counts as lost.
 */
import { DateTime } from "luxon";
import { programmeSchema } from "../src/config/programme-schema.js";
import { Scheduler } from "../src/scheduling/scheduler.js";
import { type App, createApp, loadAppProgramme } from "../src/app.js";
import { ManualClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/log.js";
import { createSlack, type Slack } from "../src/adapters/slack/index.js";
import { FakeSlack } from "../tests/helpers/fake-slack.js";
import { createTeams } from "../src/adapters/teams/index.js";
import { type HttpServer, startHttpServer } from "../src/server/http.js";
import { FakeConnector } from "../tests/helpers/fake-connector.js";
import { dmEvent, eventBody, interactionBody, post, SECRET } from "../tests/helpers/slack-requests.js";

const PER_MINUTE = 600;
const TEAMS_PER_SECOND = 50;
/** The demo programme's coordinator, who sends the reflection by hand in the `coordinator` case. */
const MARIEKE = "U0KV0MARI";

type Store = "memory" | "redis";

export interface SlackOptions {
  store?: Store;
  /** App instances on the one Redis store (only with `redis`). */
  replicas?: number;
  /** False: the fake's 429s carry no `Retry-After`. */
  retryAfter?: boolean;
  /** The coordinator's send (DM and button over Bolt's receiver) instead of the scheduled one. */
  coordinator?: boolean;
  /**
   * The fake's workspace limit a minute (default 600, what the bot paces to): lower, it refuses
   * some of the bot's sends, to see how the bot takes 429s. The floor is then N / this limit.
   */
  limitPerMinute?: number;
}

const storeUrlOf = (store: Store) =>
  store === "redis" ? (process.env.REDIS_URL ?? "redis://127.0.0.1:6379") : "memory://";

/** The demo programme with `n` generated participants (and its coordinators), no teams or mentors. */
async function benchProgramme(
  name: string,
  n: number,
  identities: (i: number) => { slack: string } | { teams: string },
) {
  const { sections, ...demo } = await loadAppProgramme();
  void sections;
  return programmeSchema.parse({
    ...demo,
    id: `${name}-${process.pid}-${Date.now()}`,
    teams: [],
    mentors: [],
    participants: Array.from({ length: n }, (_, i) => ({
      id: `p-${i}`,
      name: `Deelnemer ${i}`,
      identities: identities(i),
    })),
  });
}

/** Lost and duplicated among the participants, from the channel of every message they got. */
function tally(n: number, channels: readonly string[], participants: ReadonlySet<string>) {
  const per = new Map<string, number>();
  for (const c of channels) if (participants.has(c)) per.set(c, (per.get(c) ?? 0) + 1);
  return { lost: n - per.size, duplicated: [...per.values()].filter((v) => v > 1).length };
}

/**
 * When the fake answered each call (performance.now), in the order of `calls`: to see where the
 * time goes (to the first send, through the stream, after the last).
 */
function stampCalls(calls: unknown[]): number[] {
  const stamps: number[] = [];
  const push = calls.push.bind(calls);
  calls.push = (...items: unknown[]) => {
    for (let i = 0; i < items.length; i++) stamps.push(performance.now());
    return push(...items);
  };
  return stamps;
}

/** Milliseconds from `t0` to the first and the last of the calls matching `keep` (from index `from`). */
function spanOf(stamps: readonly number[], keep: readonly boolean[], t0: number) {
  const kept = stamps.filter((_, i) => keep[i]);
  return { firstSendMs: (kept[0] ?? t0) - t0, lastSendMs: (kept.at(-1) ?? t0) - t0 };
}

/** When (ms from `t0`) the first few 429s were answered. */
const refusedAt = (stamps: readonly number[], refused: readonly boolean[], t0: number) =>
  stamps
    .filter((_, i) => refused[i])
    .slice(0, 10)
    .map((t) => Math.round(t - t0));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Element = { action_id?: string; value?: string; text?: { text?: string } };
const buttonsIn = (blocks: unknown): Element[] =>
  Array.isArray(blocks)
    ? (blocks as { type?: string; elements?: Element[] }[]).flatMap((b) =>
        b.type === "actions" ? (b.elements ?? []) : [],
      )
    : [];

export async function benchPacedSlack(n: number, options: SlackOptions = {}) {
  const store = options.store ?? "memory";
  const replicas = store === "redis" ? Math.max(1, options.replicas ?? 1) : 1;
  const retryAfter = options.retryAfter ?? true;
  const fake = new FakeSlack();
  const apiUrl = await fake.start();
  const perMinute = options.limitPerMinute ?? PER_MINUTE;
  fake.enforceRateLimits({ workspace: { perMinute, burst: 20 }, retryAfter });
  const programme = await benchProgramme("bench-paced", n, (i) => ({ slack: `U0BENCH${i}` }));
  if (options.coordinator && !programme.coordinators.some((c) => c.identities.slack === MARIEKE))
    throw new Error(`the demo programme has no coordinator ${MARIEKE}`);
  const participants = new Set(programme.participants.map((p) => p.identities.slack as string));
  const due = DateTime.fromISO("2026-11-24T09:00", { zone: programme.timezone }).toJSDate();
  // The coordinator sends at 10:00, with no scheduler running (the weekly prompt has not gone out).
  const clock = new ManualClock(options.coordinator ? new Date(due.getTime() + 3_600_000) : due);
  const apps: App[] = [];
  const slacks: Slack[] = [];
  for (let r = 0; r < replicas; r++) {
    const app = await createApp({ programme, storeUrl: storeUrlOf(store), clock });
    // A fan-out at 09:00 finds a process that has been up for a while: the content index
    // (built a second after start, in the background) is there, not built during the run.
    void app.knowledge.retriever;
    const slack = createSlack(app.bot, {
      auth: { botToken: "xoxb-bench" },
      signingSecret: SECRET,
      apiUrl,
      logger: silentLogger,
      findSettleMs: 0,
    });
    app.bot.addAdapter(slack.adapter);
    app.queue.serve?.();
    apps.push(app);
    slacks.push(slack);
  }
  /** Participants who got a `chat.postMessage`, counted from `fake.calls[from]` on. */
  const reachedSince = (from: number) => {
    const got = new Set<string>();
    for (let i = from; i < fake.calls.length; i++) {
      const call = fake.calls[i];
      if (call?.method === "chat.postMessage" && participants.has(String(call.args.channel)))
        got.add(String(call.args.channel));
    }
    return got.size;
  };

  const stampsFrom = fake.calls.length;
  const stamps = stampCalls(fake.calls);
  let http: HttpServer | undefined;
  let from = 0;
  let passes = 0;
  let summary: string | undefined;
  let summaryMs: number | undefined;
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  let wallMs: number;
  if (options.coordinator) {
    const server = await startHttpServer(0, (slacks[0] as Slack).routes, silentLogger);
    http = server;
    const dmChannel = `D${MARIEKE.slice(1)}`;
    const sent = await post(server.port, eventBody(dmEvent(MARIEKE, "stuur reflectie")), "application/json");
    if (!sent.ok) throw new Error(`the DM was answered HTTP ${sent.status}`);
    let preview: Record<string, unknown> | undefined;
    for (const start = Date.now(); !preview && Date.now() - start < 30_000; await sleep(20))
      preview = fake.of("chat.postMessage").find((m) => m.channel === dmChannel);
    const confirm = buttonsIn(preview?.blocks).find((b) => b.text?.text === "Versturen");
    if (!preview || !confirm?.action_id)
      throw new Error(`no preview with "Versturen": ${String(preview?.text ?? "none").slice(0, 120)}`);
    const ts = fake.conversations.get(dmChannel)?.at(-1)?.ts ?? "";
    from = fake.calls.length;
    cpu0 = process.cpuUsage();
    t0 = performance.now();
    const clicked = await post(
      server.port,
      interactionBody({
        type: "block_actions",
        user: { id: MARIEKE },
        team: { id: "TKAMPVUUR" },
        api_app_id: "AKAMPVUUR",
        trigger_id: "1.42",
        channel: { id: dmChannel },
        message: { ts },
        container: { type: "message" },
        actions: [
          {
            type: "button",
            action_id: confirm.action_id,
            ...(confirm.value !== undefined ? { value: confirm.value } : {}),
            block_id: "b1",
            action_ts: "1",
          },
        ],
      }),
      "application/x-www-form-urlencoded",
    );
    if (!clicked.ok) throw new Error(`the click was answered HTTP ${clicked.status}`);
    // Until everyone has it (or well past the floor: what is still missing then is lost).
    const deadline = t0 + 2 * (n / perMinute) * 60_000 + 120_000;
    while (reachedSince(from) < n && performance.now() < deadline) await sleep(50);
    wallMs = performance.now() - t0;
    // The preview replaced by the summary ("Verstuurd naar …"), once the fan-out is done.
    const summaryDeadline = performance.now() + 60_000;
    for (; performance.now() < summaryDeadline; await sleep(50)) {
      const update = fake.calls
        .slice(from)
        .find((c) => c.method === "chat.update" && String(c.args.text ?? "").startsWith("Verstuurd"));
      if (update) {
        summary = String(update.args.text);
        summaryMs = performance.now() - t0;
        break;
      }
    }
  } else {
    const schedulers = apps.map((app) => new Scheduler(app));
    // Passes a minute apart until everyone has it (a send left `failed` is tried on the next pass).
    for (; passes < 30; passes++) {
      clock.set(new Date(due.getTime() + passes * 60_000));
      // Every replica runs its pass (the pass lock lets one plan; every replica's workers send).
      await Promise.all(schedulers.map((s) => s.tick()));
      if (reachedSince(0) >= n) break;
    }
    passes++;
    wallMs = performance.now() - t0;
  }
  const cpu = process.cpuUsage(cpu0);
  const calls = fake.calls.slice(from);
  const span = spanOf(
    stamps.slice(from - stampsFrom),
    calls.map((c) => c.method === "chat.postMessage" && participants.has(String(c.args.channel))),
    t0,
  );
  const http429AtMs = refusedAt(
    stamps.slice(from - stampsFrom),
    calls.map((c) => c.method.endsWith("(429)")),
    t0,
  );
  const posts = calls.filter((c) => c.method === "chat.postMessage").map((c) => String(c.args.channel));
  // Every 429 provoked (any method); of which not `chat.postMessage` (such as the summary's `chat.update`).
  const refused = calls.filter((c) => c.method.endsWith("(429)")).length;
  const refusedOther = refused - calls.filter((c) => c.method === "chat.postMessage (429)").length;
  const otherCalls = calls.filter((c) => !c.method.startsWith("chat.postMessage")).length;
  await http?.close();
  for (const app of apps) await app.close();
  await fake.stop();
  const floorMs = (n / perMinute) * 60_000;
  const how = [
    ...(perMinute !== PER_MINUTE ? [`the fake allows ${perMinute}/min`] : []),
    ...(store === "redis" ? [`Redis, ${replicas} replica(s)`] : []),
    ...(retryAfter ? [] : ["429 without Retry-After"]),
    ...(options.coordinator ? ["coordinator's send"] : []),
  ];
  return {
    platform: how.length ? `slack (${how.join(", ")})` : "slack",
    participants: n,
    wallMs,
    floorMs,
    ratio: wallMs / floorMs,
    http429: refused,
    http429Other: refusedOther,
    ...tally(n, posts, participants),
    cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / n,
    ...span,
    http429AtMs,
    ...(options.coordinator ? { summary, summaryMs } : { passes }),
    otherCalls,
  };
}

/**
 * The same through the real botbuilder CloudAdapter against the loopback Bot Connector that
 * allows 50 requests a second per tenant and answers 429 past it (with `Retry-After: 1`, or
 * without any header as Microsoft documents: `retryAfter` "none"). With `redis`, `replicas`
 * app instances (each its own adapter and scheduler) share the BullMQ jobs and the one
 * connector, whose limit is per tenant across all of them.
 */
export async function benchPacedTeams(
  n: number,
  retryAfter: "1" | "none",
  store: Store = "memory",
  replicasAsked = 1,
) {
  const replicas = store === "redis" ? Math.max(1, replicasAsked) : 1;
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const programme = await benchProgramme("bench-paced-teams", n, (i) => ({ teams: `29:p-${i}` }));
  const due = DateTime.fromISO("2026-11-24T09:00", { zone: programme.timezone }).toJSDate();
  const clock = new ManualClock(due);
  const apps: App[] = [];
  let http: HttpServer | undefined;
  for (let r = 0; r < replicas; r++) {
    const app = await createApp({ programme, storeUrl: storeUrlOf(store), clock });
    // A fan-out at 09:00 finds a process that has been up for a while: the content index
    // (built a second after start, in the background) is there, not built during the run.
    void app.knowledge.retriever;
    const teams = createTeams(app.bot, { store: app.store, logger: silentLogger, local: true });
    app.bot.addAdapter(teams.adapter);
    app.queue.serve?.();
    apps.push(app);
    // The installs arrive at the first replica; the conversations are kept in the shared store.
    http ??= await startHttpServer(0, { "/api/messages": teams.route }, silentLogger);
  }
  const port = (http as HttpServer).port;
  // Everyone added the app (the connector then has a conversation for each).
  for (let i = 0; i < n; i++) {
    const user = `29:p-${i}`;
    await fetch(`http://127.0.0.1:${port}/api/messages`, {
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
  connector.rateLimit({ perSecond: TEAMS_PER_SECOND, ...(retryAfter === "1" ? { retryAfter: 1 } : {}) });
  const participants = new Set(programme.participants.map((p) => `a:personal-${p.identities.teams}`));
  const schedulers = apps.map((app) => new Scheduler(app));
  const stamps = stampCalls(connector.calls);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let passes = 0;
  for (; passes < 30; passes++) {
    clock.set(new Date(due.getTime() + passes * 60_000));
    await Promise.all(schedulers.map((s) => s.tick()));
    if (new Set(connector.sent().map((c) => String(c.conversation))).size >= n) break;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const sent = connector.sent().map((c) => String(c.conversation));
  const span = spanOf(
    stamps,
    connector.calls.map((c) => c.delivered),
    t0,
  );
  const http429AtMs = refusedAt(
    stamps,
    connector.calls.map((c) => c.status === 429),
    t0,
  );
  const refused = connector.refused(429).length;
  await http?.close();
  for (const app of apps) await app.close();
  await connector.stop();
  const floorMs = (n / TEAMS_PER_SECOND) * 1000;
  return {
    platform: `teams (${store === "redis" ? `Redis, ${replicas} replica(s), ` : ""}Retry-After: ${retryAfter})`,
    participants: n,
    wallMs,
    floorMs,
    ratio: wallMs / floorMs,
    http429: refused,
    ...tally(n, sent, participants),
    cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / n,
    ...span,
    http429AtMs,
    passes: passes + 1,
  };
}

if (process.argv[1]?.endsWith("paced.ts")) {
  const [platform = "slack", n = "1000", ...rest] = process.argv.slice(2);
  // Teams: the Retry-After first ("1" or "none"); then, for both, the store, replicas and flags.
  const options = platform === "teams" ? rest.slice(1) : rest;
  const store: Store = options.includes("redis") ? "redis" : "memory";
  const replicas = Number(options.find((a) => /^\d+$/.test(a)) ?? 1);
  const limit = options.find((a) => a.startsWith("limit="));
  try {
    const figures =
      platform === "teams"
        ? await benchPacedTeams(Number(n), rest[0] === "1" ? "1" : "none", store, replicas)
        : await benchPacedSlack(Number(n), {
            store,
            replicas,
            retryAfter: !options.includes("no-retry-after"),
            coordinator: options.includes("coordinator"),
            ...(limit ? { limitPerMinute: Number(limit.slice("limit=".length)) } : {}),
          });
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  }
  process.exit(0);
}
