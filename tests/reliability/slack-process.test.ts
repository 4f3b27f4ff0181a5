import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, spawnCli } from "../helpers/cli.js";
import { FakeSlack } from "../helpers/fake-slack.js";
import { ANNA, dmEvent, eventBody, post, SECRET, until } from "../helpers/slack-requests.js";

/**
 * The real process: one signed request used to end it for everyone (an unhandled rejection
 * inside Bolt's receiver). Now the request gets a 400, and the process guard keeps a
 * request's stray failures from ending the server.
 */

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

/** Ready, not only up: the port opens before the bot has loaded (src/server/early.ts). */
const alive = (port: number) =>
  fetch(`http://127.0.0.1:${port}/readyz`).then(
    (r) => r.status === 200,
    () => false,
  );

const fake = new FakeSlack();
let apiUrl = "";
beforeAll(async () => {
  apiUrl = await fake.start();
});
afterAll(() => fake.stop());

describe("the server process", () => {
  it("answers a signed null body with 400 and keeps serving (`kampvuur start`)", async () => {
    const port = await freePort();
    const child = spawnCli(["start", "--server"], {
      PORT: String(port),
      SLACK_BOT_TOKEN: "xoxb-process",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: apiUrl,
      KAMPVUUR_STORE: "memory://",
      LOG_LEVEL: "warn",
    });
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += d));
    const gone = exited(child);
    try {
      await until(() => alive(port), "the server", 30_000).catch(() => {
        throw new Error(`the server did not start: ${stderr.slice(-2000)}`);
      });
      for (const [body, type] of [
        ["null", "application/json"],
        ["payload=null", "application/x-www-form-urlencoded"],
        [JSON.stringify({ type: "event_callback", event_id: "Ev1", event: false }), "application/json"],
      ] as const)
        expect((await post(port, body, type)).status, body).toBe(400);
      await new Promise((r) => setTimeout(r, 300));
      expect(child.exitCode, stderr.slice(-2000)).toBeNull();
      expect(await alive(port)).toBe(true);
      // …and it still does its work.
      expect((await post(port, eventBody(dmEvent(ANNA, "wie ben ik")), "application/json")).status).toBe(200);
      await until(() => fake.messagesIn(ANNA).length > 0, "Anna's answer", 10_000);
    } finally {
      child.kill("SIGTERM");
      await gone;
    }
  }, 60_000);

  it("the process guard: a request's stray failures are logged and the server keeps serving", async () => {
    // A server whose one route fails after answering: a throw in a timer and a rejected promise.
    const script = `
      const { createServer } = await import("node:http");
      const { installProcessGuard } = await import("./src/server/guard.ts");
      const log = (level) => (obj, msg) => process.stderr.write(JSON.stringify({ level, msg, err: String(obj?.err ?? "") }) + "\\n");
      const logger = { debug() {}, info() {}, warn: log("warn"), error: log("error") };
      // Work that belongs to no request: a timer from start-up, told by a request to fail.
      let boom = false;
      setInterval(() => {
        if (boom) {
          boom = false;
          throw new Error("thrown outside any request");
        }
      }, 10);
      const server = createServer((req, res) => {
        res.end("ok");
        if (req.url === "/outside") {
          boom = true;
          return;
        }
        setTimeout(() => { throw new Error("thrown in a timer of a request"); }, 5);
        Promise.reject(new Error("rejected in a request"));
      });
      installProcessGuard(logger, server);
      server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    const gone = exited(child);
    try {
      const port = Number(
        await until(() => stdout.split("\n")[0] || undefined, "the guarded server", 15_000),
      );
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        expect(await response.text()).toBe("ok");
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(child.exitCode, stderr).toBeNull();
      expect(stderr).toMatch(/thrown in a timer of a request/);
      expect(stderr).toMatch(/rejected in a request/);
      expect(stderr).toMatch(/still serving/);

      // An exception that belongs to no request leaves the state unknown: logged, exit code 1.
      await fetch(`http://127.0.0.1:${port}/outside`);
      expect(await gone).toBe(1);
      expect(stderr).toMatch(/thrown outside any request/);
      expect(stderr).toMatch(/stopping/);
    } finally {
      child.kill("SIGKILL");
      await gone;
    }
  }, 30_000);
});
