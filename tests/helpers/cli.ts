import { type ChildProcess, spawn } from "node:child_process";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/cli/run.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The present moment the in-process CLI sees unless a test names one: 1 October 2026, before
 * the demo programme's first message, so what it prints does not depend on the day tests run.
 */
export const CLI_NOW = new Date("2026-10-01T10:00:00Z");

/** Runs the CLI in-process with the given stdin lines; returns exit code and output. */
export async function cli(
  argv: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; now?: Date } = {},
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  const code = await runCli(argv, {
    stdin: Readable.from([options.input ?? ""]),
    stdout,
    stderr,
    env: { ...options.env },
    now: () => options.now ?? CLI_NOW,
  });
  return { code, stdout: out, stderr: err };
}

/** Starts the real `kampvuur` process from source (through tsx), as `npm start` would. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Collects a child's output until it exits. */
export function finished(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** The port a started server logs (`"port":1234`), read from its stderr. */
export function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let buffer = "";
    child.stderr?.on("data", (d) => {
      buffer += d;
      const m = /"port":(\d+)/.exec(buffer);
      if (m) resolve(Number(m[1]));
    });
    child.on("close", () => reject(new Error(`exited early: ${buffer}`)));
  });
}
