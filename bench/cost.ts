/**
 * The bot's own cost per message against a bare WebClient loop, in the same run, against a
 * loopback Slack Web API fake with no rate limits (so only the sender's own work is timed):
 * (a) `new WebClient(token, { slackApiUrl })` posting a comparable Block Kit message (a
 * section with the question, an actions block with three buttons) to `n` users, 16 at a time
 * like the bot's fan-out (`FANOUT_CONCURRENCY`); (b) the bot (`createApp` on SQLite in a temp
 * folder, the real Slack adapter with pacing far above the count) sending one scheduled
 * reflection prompt to `n` participants (a Scheduler pass at the prompt moment).
 *
 * The fake runs in a child process, so this process's CPU time (`process.cpuUsage`, user +
 * system) is the sender's alone. Set-up (app, store, programme) is outside the measured window.
 * After one warm-up of each, `rounds` rounds run alternately; the figures are medians.
 *
 * `tsx bench/cost.ts <n> [rounds]` prints one JSON line:
 * `{ n, bareWallMs, bareCpuMsPerMsg, botWallMs, botCpuMsPerMsg, ratio, sent, … }`.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Session } from "node:inspector/promises";
import { LogLevel, WebClient } from "@slack/web-api";
import { DateTime } from "luxon";
import pMap from "p-map";
import { createSlack } from "../src/adapters/slack/index.js";
import { createApp, loadAppProgramme } from "../src/app.js";
import { programmeSchema } from "../src/config/programme-schema.js";
import { ManualClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/log.js";
import { Scheduler } from "../src/scheduling/scheduler.js";
import { FakeSlack } from "../tests/helpers/fake-slack.js";

/** As `FANOUT_CONCURRENCY` in src/features/reflections/service.ts. */
const CONCURRENCY = 16;
/** Far above any count here: the pacer never holds a send back. */
const MESSAGES_PER_MINUTE = 60_000_000;
const TOKEN = "xoxb-bench";

/** What the fake took since the last look (and then forgets it). */
interface Taken {
  posts: number;
  channels: number;
  otherCalls: number;
  problems: number;
  bytesPerPost: number;
}

type FakeRequest = "take" | "stop";

/** The child: the Slack fake, on its own CPU. Answers `take` and `stop` over IPC. */
async function serveFake(): Promise<void> {
  const fake = new FakeSlack();
  const apiUrl = await fake.start();
  process.on("message", (request: FakeRequest) => {
    if (request === "take") {
      const posts = fake.of("chat.postMessage");
      const bytes = posts.reduce((sum, p) => sum + JSON.stringify(p).length, 0);
      const taken: Taken = {
        posts: posts.length,
        channels: new Set(posts.map((p) => String(p.channel))).size,
        otherCalls: fake.calls.filter((c) => c.method !== "chat.postMessage").length,
        problems: fake.problems.length,
        bytesPerPost: posts.length > 0 ? bytes / posts.length : 0,
      };
      fake.reset();
      process.send?.(taken);
    } else {
      void fake
        .stop()
        .catch(() => {})
        .then(() => process.exit(0));
    }
  });
  // The parent gone (or done): nothing left to serve.
  process.on("disconnect", () => process.exit(0));
  process.send?.({ apiUrl });
}

function ask<T>(child: ChildProcess, request: FakeRequest): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (answer) => resolve(answer as T));
    child.send(request);
  });
}

/** `gc()` without `--expose-gc` on the command line: each window starts without the set-up's garbage. */
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

interface Window {
  wallMs: number;
  cpuMs: number;
  /** With `COST_THREADS=1`: CPU milliseconds per thread name. */
  threads?: Record<string, number>;
}

/**
 * `COST_PROFILE=<folder>`: a CPU profile of each measured window (`<side>-<round>.cpuprofile`),
 * the set-up left out. Profiling costs time itself: figures taken with it are not comparable.
 */
const PROFILE_DIR = process.env.COST_PROFILE;
/** With `COST_HEAP=1` as well: a sampled allocation profile instead (`.heapprofile`). */
const HEAP = process.env.COST_HEAP === "1";

/**
 * `COST_THREADS=1` (Linux): the CPU time of each of this process's threads in a window, by
 * thread name (`node` is the main thread, `libuv-worker` the pool SQLite runs in).
 */
const THREADS = process.env.COST_THREADS === "1";

function threadTimes(): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>();
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime (fields 14 and 15 of the line), in clock ticks (100 a second).
      out.set(tid, { name, ms: (Number(fields[11]) + Number(fields[12])) * 10 });
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
}

function threadsSince(before: Map<string, { name: string; ms: number }>): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const [tid, { name, ms }] of threadTimes())
    byName[tid === String(process.pid) ? "main" : name] =
      (byName[tid === String(process.pid) ? "main" : name] ?? 0) + ms - (before.get(tid)?.ms ?? 0);
  return byName;
}

async function measure(work: () => Promise<unknown>, profileAs?: string): Promise<Window> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const session = PROFILE_DIR && profileAs ? new Session() : undefined;
  if (session) {
    session.connect();
    if (HEAP) {
      await session.post("HeapProfiler.enable");
      await session.post("HeapProfiler.startSampling", {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    } else {
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }
  }
  const threads0 = THREADS ? threadTimes() : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const threads = threads0 && threadsSince(threads0);
  if (session) {
    const { profile } = HEAP
      ? await session.post("HeapProfiler.stopSampling")
      : await session.post("Profiler.stop");
    const file = `${profileAs}.${HEAP ? "heapprofile" : "cpuprofile"}`;
    writeFileSync(join(PROFILE_DIR as string, file), JSON.stringify(profile));
    session.disconnect();
  }
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, ...(threads ? { threads } : {}) };
}

const QUESTION = "Hoe laat ik los zonder dat het initiatief vastloopt?";
const OCCURRENCE = "reflection:2026-11-24T09:00";

/**
 * The bot's weekly prompt as it reaches Slack (same texts, blocks and metadata, about the same
 * bytes): the question, three buttons and a line of context, made by hand once per user.
 */
function barePayload(user: string, i: number) {
  const ask = `Deelnemer, je leervraag is: “${QUESTION}” Op welk moment kwam die vraag deze week in je werk voorbij?`;
  const hello = "Hoi Deelnemer, hier is je reflectievraag van deze week:";
  const button = (label: string, action: string, primary = false) => ({
    type: "button" as const,
    action_id: action,
    text: { type: "plain_text" as const, text: label, emoji: true },
    value: OCCURRENCE,
    ...(primary ? { style: "primary" as const } : {}),
  });
  return {
    channel: user,
    text: `${ask}\n\n${hello}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*Reflectie van deze week*\n${hello}\n\n*${ask}*` } },
      {
        type: "actions",
        elements: [
          button("Beantwoorden", "reflection.answer#0", true),
          button("Later", "reflection.later#1"),
          button("Overslaan", "reflection.skip#2"),
        ],
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: "Je antwoord is privé, tenzij je zelf kiest om het te delen. Je kunt ook gewoon hier antwoorden.",
          },
        ],
      },
    ],
    unfurl_links: false,
    metadata: { event_type: "kampvuur_delivery", event_payload: { delivery: `${OCCURRENCE}:p-${i}` } },
  };
}

async function bareRound(apiUrl: string, n: number, round: number): Promise<Window> {
  const client = new WebClient(TOKEN, { slackApiUrl: `${apiUrl}/`, logLevel: LogLevel.ERROR });
  const users = Array.from({ length: n }, (_, i) => `U0BENCH${i}`);
  return measure(
    () =>
      pMap(users, (user, i) => client.chat.postMessage(barePayload(user, i)), { concurrency: CONCURRENCY }),
    round > 0 ? `bare-${round}` : undefined,
  );
}

type Demo = Omit<Awaited<ReturnType<typeof loadAppProgramme>>, "sections">;

async function botRound(
  apiUrl: string,
  n: number,
  demo: Demo,
  round: number,
): Promise<Window & { sent: number }> {
  const dir = mkdtempSync(join(tmpdir(), "kampvuur-bench-cost-"));
  try {
    const programme = programmeSchema.parse({
      ...demo,
      id: `bench-cost-${process.pid}-${round}`,
      teams: [],
      mentors: [],
      participants: Array.from({ length: n }, (_, i) => ({
        id: `p-${i}`,
        name: `Deelnemer ${i}`,
        learningQuestion: QUESTION,
        identities: { slack: `U0BENCH${i}` },
      })),
    });
    const due = DateTime.fromISO("2026-11-24T09:00", { zone: programme.timezone }).toJSDate();
    const app = await createApp({
      programme,
      storeUrl: `sqlite://${join(dir, "bench.sqlite")}`,
      clock: new ManualClock(due),
    });
    try {
      // Start-up work the app may leave for a moment later (the knowledge base's full-text
      // index is built in the background shortly after load): done here, in the set-up, so it
      // does not land in the measured window. It is paid once per process, not per message.
      void app.knowledge.retriever;
      const slack = createSlack(app.bot, {
        auth: { botToken: TOKEN },
        signingSecret: "bench",
        apiUrl,
        logger: silentLogger,
        findSettleMs: 0,
        messagesPerMinute: MESSAGES_PER_MINUTE,
      });
      app.bot.addAdapter(slack.adapter);
      app.queue.serve?.();
      const scheduler = new Scheduler(app);
      let sent = 0;
      const window = await measure(
        async () => {
          sent = (await scheduler.tick(due)).sent;
        },
        round > 0 ? `bot-${round}` : undefined,
      );
      return { ...window, sent };
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export async function benchCost(n: number, rounds = 5) {
  const child = fork(fileURLToPath(import.meta.url), ["fake"], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  try {
    const { apiUrl } = await new Promise<{ apiUrl: string }>((resolve, reject) => {
      child.once("message", (m) => resolve(m as { apiUrl: string }));
      child.once("exit", (code) => reject(new Error(`the Slack fake exited (${code})`)));
    });
    const { sections, ...demo } = await loadAppProgramme();
    void sections;
    const check = async (what: string, expectOther: boolean) => {
      const taken = await ask<Taken>(child, "take");
      if (
        taken.posts !== n ||
        taken.channels !== n ||
        taken.problems > 0 ||
        (!expectOther && taken.otherCalls)
      )
        throw new Error(`${what}: the fake took ${JSON.stringify(taken)}, not ${n} messages to ${n} people`);
      return taken;
    };
    const bare: Window[] = [];
    const bot: Window[] = [];
    let bareTaken: Taken | undefined;
    let botTaken: Taken | undefined;
    let sent = 0;
    // Round 0 warms both up (JIT, lazily loaded modules, connections) and is not counted.
    for (let round = 0; round <= rounds; round++) {
      const b = await bareRound(apiUrl, n, round);
      bareTaken = await check("bare", false);
      const k = await botRound(apiUrl, n, demo, round);
      botTaken = await check("bot", true);
      if (k.sent !== n) throw new Error(`bot: the pass sent ${k.sent}, not ${n}`);
      sent = botTaken.posts;
      if (round === 0) continue;
      bare.push(b);
      bot.push(k);
    }
    const bareCpuMsPerMsg = median(bare.map((w) => w.cpuMs)) / n;
    const botCpuMsPerMsg = median(bot.map((w) => w.cpuMs)) / n;
    return {
      n,
      bareWallMs: median(bare.map((w) => w.wallMs)),
      bareCpuMsPerMsg,
      botWallMs: median(bot.map((w) => w.wallMs)),
      botCpuMsPerMsg,
      ratio: botCpuMsPerMsg / bareCpuMsPerMsg,
      sent,
      rounds,
      bareCpuMs: bare.map((w) => Math.round(w.cpuMs)),
      botCpuMs: bot.map((w) => Math.round(w.cpuMs)),
      ...(THREADS ? { bareThreads: bare.map((w) => w.threads), botThreads: bot.map((w) => w.threads) } : {}),
      bareBytesPerMsg: Math.round(bareTaken?.bytesPerPost ?? 0),
      botBytesPerMsg: Math.round(botTaken?.bytesPerPost ?? 0),
      botOtherCalls: botTaken?.otherCalls ?? 0,
    };
  } finally {
    child.send("stop");
  }
}

if (process.argv[1]?.endsWith("cost.ts")) {
  if (process.argv[2] === "fake") await serveFake();
  else {
    const [n = "1000", rounds = "5"] = process.argv.slice(2);
    try {
      process.stdout.write(`${JSON.stringify(await benchCost(Number(n), Number(rounds)))}\n`);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ n: Number(n), error: (error as Error).message })}\n`);
    }
    process.exit(0);
  }
}
