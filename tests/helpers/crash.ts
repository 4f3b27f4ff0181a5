import { execFileSync, type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { FakeSlack, slackSignature } from "./fake-slack.js";
import { ROOT } from "./cli.js";

export const SECRET = "kampvuur-crash-secret";
export const COORDINATOR_SLACK = "UCRASHCOORD";

/** Newest modification time under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** `npm start` runs the compiled dist/: build it when the sources are newer (CI's `npm ci` already did). */
export function ensureBuilt(): void {
  const cli = join(ROOT, "dist", "cli.js");
  if (existsSync(cli) && statSync(cli).mtimeMs >= newest(join(ROOT, "src"))) return;
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The demo programme with `count` participants, each with a Slack id, under a programme id of its own. */
export function crashProgramme(dir: string, id: string, count: number): { file: string; slackIds: string[] } {
  const demo = parse(readFileSync(join(ROOT, "examples", "leergang.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  const slackIds = Array.from({ length: count }, (_, i) => `UP${String(i).padStart(5, "0")}`);
  const participants = slackIds.map((slack, i) => ({
    id: `deelnemer-${i}`,
    name: `Deelnemer ${i}`,
    organisation: i % 2 ? "Gemeente Zutphen" : "Woonstichting De Kern",
    learningQuestion: "Hoe laat ik bewoners het voortouw nemen?",
    identities: { slack },
  }));
  const mentors = (demo.mentors as { id: string }[]).map((m) => ({ ...m, identities: {} }));
  const programme = {
    ...demo,
    id,
    participants,
    mentors,
    teams: (demo.teams as { members: string[] }[]).map((team, t) => ({
      ...team,
      members: participants.filter((_, i) => i % 3 === t).map((p) => p.id),
    })),
    coordinators: [{ id: "coordinator", name: "Marieke Hoekstra", identities: { slack: COORDINATOR_SLACK } }],
  };
  const file = join(dir, "programme.yaml");
  writeFileSync(file, stringify(programme));
  return { file, slackIds };
}

export interface Bot {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts the bot as `npm start` does (node dist/cli.js start), serving Slack against the fake. */
export async function startBot(env: NodeJS.ProcessEnv): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, "dist", "cli.js"), "start", "--server"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn", ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${stderr}`);
    // Ready, not only up: the port opens before the bot has loaded (src/server/early.ts).
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the bot did not start in 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port, stderr: () => stderr, exited };
}

let counter = 0;

/** POSTs a signed body to the bot's /slack/events. */
export async function signedPost(port: number, body: string, contentType: string): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(body, SECRET, timestamp),
    },
    body,
  });
}

export function dm(port: number, user: string, text: string): Promise<Response> {
  counter++;
  return signedPost(
    port,
    JSON.stringify({
      type: "event_callback",
      team_id: "TCRASH",
      api_app_id: "ACRASH",
      event_id: `EvCrash${process.pid}${counter}${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: "message",
        channel: `D${user}`,
        channel_type: "im",
        user,
        text,
        ts: `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, "0")}`,
      },
    }),
    "application/json",
  );
}

/** Presses a button of a message the bot posted (a signed block_actions payload). */
export function press(
  port: number,
  user: string,
  message: Record<string, unknown>,
  button: { action_id: string; value?: string },
): Promise<Response> {
  counter++;
  const payload = {
    type: "block_actions",
    team: { id: "TCRASH" },
    user: { id: user, team_id: "TCRASH" },
    api_app_id: "ACRASH",
    trigger_id: `trigger-${process.pid}-${counter}`,
    channel: { id: String(message.channel) },
    container: {
      type: "message",
      channel_id: String(message.channel),
      message_ts: String(message.ts ?? "1.1"),
    },
    message: { ts: String(message.ts ?? "1.1"), blocks: message.blocks },
    actions: [
      { type: "button", action_id: button.action_id, value: button.value, block_id: "b", action_ts: "1.1" },
    ],
  };
  return signedPost(
    port,
    `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    "application/x-www-form-urlencoded",
  );
}

/** The buttons in Block Kit blocks. */
export function buttonsIn(blocks: unknown): { action_id: string; value?: string; text: { text: string } }[] {
  const list = Array.isArray(blocks) ? (blocks as { type: string; elements?: unknown[] }[]) : [];
  return list
    .filter((b) => b.type === "actions")
    .flatMap((b) => (b.elements ?? []) as { action_id: string; value?: string; text: { text: string } }[]);
}

/** Waits until `read` gives a value, or fails after `ms`. */
export async function until<T>(read: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export { FakeSlack };
