/**
 * Start-up, as an operator sees it: from spawning the process to `/healthz` answering and to
 * `/readyz` saying ready (server mode, SQLite, Slack with a token; its Web API unreachable, as nothing is sent), the RSS once ready, and
 * the console's first prompt; against a bare Bolt app (HTTP receiver, one route) started
 * the same way. Runs the built CLI (`dist/cli.js`, built when missing), as `npm start` does:
 * with the Node options of package.json's `start` script (`node <options> dist/cli.js start`),
 * so a flag added there is measured, and none is measured that a user would not get. The
 * log levels are the defaults (`info` on the server, `warn` in the console), output discarded.
 * Also the RSS 2 s after ready (`rssSettledMb`: the full-text index is built by then, in the
 * background) and how long `kampvuur --help` takes (`helpMs`).
 *
 * Every server start uses the same store, as a restart does: the first run parses the content
 * and fills the content cache, the others read it (`serverColdMs`: the first run's ready time).
 *
 * `tsx bench/startup.ts [runs]` prints one JSON line: medians over the runs.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The Node options `npm start` runs the CLI with: what its script puts between `node` and `dist/cli.js`. */
export function startNodeOptions(script: string): string[] {
  const match = /^node((?:\s+-\S+)*)\s+dist\/cli\.js\s+start$/.exec(script.trim());
  if (!match)
    throw new Error(`package.json's start script is not 'node [options] dist/cli.js start': ${script}`);
  return (match[1] ?? "").split(/\s+/).filter(Boolean);
}

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } };
const nodeOptions = startNodeOptions(pkg.scripts.start);

export interface StartupFigures {
  healthzMs: number;
  readyMs: number;
  /** The first server start's ready time, with the content cache still empty. */
  serverColdMs: number;
  rssMb: number;
  rssSettledMb: number;
  consoleMs: number;
  helpMs: number;
  bareBoltHealthzMs: number;
  bareBoltRssMb: number;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const rssMb = (pid: number) => {
  const status = execFileSync("cat", [`/proc/${pid}/status`], { encoding: "utf8" });
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

async function until(
  port: number,
  path: string,
  ok: (status: number) => boolean,
  child: ChildProcess,
): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the process exited (${child.exitCode ?? child.signalCode}) before ${path} answered`);
    const status = await fetch(`http://127.0.0.1:${port}${path}`).then(
      (r) => r.status,
      () => 0,
    );
    if (ok(status)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("close", () => resolve());
    child.kill("SIGTERM");
  });

async function server(
  dir: string,
): Promise<{ healthzMs: number; readyMs: number; rssMb: number; rssSettledMb: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeOptions, "dist/cli.js", "start"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      KAMPVUUR_STORE: `sqlite://${join(dir, "server.sqlite")}`,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_SIGNING_SECRET: "bench",
      SLACK_API_URL: "http://127.0.0.1:9/api/",
    },
    stdio: "ignore",
  });
  await until(port, "/healthz", (s) => s === 200, child);
  const healthzMs = performance.now() - t0;
  await until(port, "/readyz", (s) => s === 200, child);
  const readyMs = performance.now() - t0;
  const rss = rssMb(child.pid as number);
  await new Promise((r) => setTimeout(r, 2_000));
  const settled = rssMb(child.pid as number);
  await stop(child);
  return { healthzMs, readyMs, rssMb: rss, rssSettledMb: settled };
}

/** `kampvuur --help`: a light command, from spawning to exit. */
async function help(): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ["dist/cli.js", "--help"], {
    cwd: root,
    env: { PATH: process.env.PATH },
    stdio: "ignore",
  });
  await new Promise((r) => child.once("close", r));
  return performance.now() - t0;
}

async function consolePrompt(dir: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeOptions, "dist/cli.js", "start", "--console"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      KAMPVUUR_STORE: `sqlite://${join(dir, "console.sqlite")}`,
    },
    stdio: ["pipe", "pipe", "ignore"],
  });
  await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
  const ms = performance.now() - t0;
  child.stdin?.end("stop\n");
  await new Promise((r) => child.once("close", r));
  return ms;
}

/** A bare Bolt app: the HTTP receiver with a /healthz custom route, nothing else. */
async function bareBolt(dir: string): Promise<{ healthzMs: number; rssMb: number }> {
  const file = join(dir, "bare-bolt.mjs");
  writeFileSync(
    file,
    `import bolt from ${JSON.stringify(join(root, "node_modules/@slack/bolt/dist/index.js"))};
const app = new bolt.App({ token: "xoxb-bench", signingSecret: "bench", tokenVerificationEnabled: false,
  customRoutes: [{ path: "/healthz", method: ["GET"], handler: (_req, res) => { res.writeHead(200); res.end("ok"); } }] });
app.message(async ({ say }) => { await say("hi"); });
await app.start(Number(process.env.PORT));`,
  );
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [file], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: String(port) },
    stdio: "ignore",
  });
  await until(port, "/healthz", (s) => s === 200, child);
  const healthzMs = performance.now() - t0;
  const rss = rssMb(child.pid as number);
  await stop(child);
  return { healthzMs, rssMb: rss };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function benchStartup(runs = 3): Promise<StartupFigures> {
  if (!existsSync(join(root, "dist", "cli.js")))
    execFileSync(
      process.execPath,
      [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: root,
      },
    );
  const dir = mkdtempSync(join(tmpdir(), "kampvuur-startup-"));
  try {
    const servers = [];
    const consoles = [];
    const bare = [];
    const helps = [];
    for (let i = 0; i < runs; i++) {
      servers.push(await server(dir));
      consoles.push(await consolePrompt(dir));
      bare.push(await bareBolt(dir));
      helps.push(await help());
    }
    return {
      healthzMs: median(servers.map((s) => s.healthzMs)),
      readyMs: median(servers.map((s) => s.readyMs)),
      serverColdMs: servers[0]?.readyMs ?? 0,
      rssMb: median(servers.map((s) => s.rssMb)),
      rssSettledMb: median(servers.map((s) => s.rssSettledMb)),
      consoleMs: median(consoles),
      helpMs: median(helps),
      bareBoltHealthzMs: median(bare.map((b) => b.healthzMs)),
      bareBoltRssMb: median(bare.map((b) => b.rssMb)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("startup.ts")) {
  const runs = Number(process.argv[2] ?? 3);
  process.stdout.write(`${JSON.stringify(await benchStartup(runs))}\n`);
}
