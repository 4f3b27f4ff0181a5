import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startNodeOptions } from "../../bench/startup.js";
import { createLogger } from "../../src/log.js";
import { ROOT } from "../helpers/cli.js";
import { ensureBuilt } from "../helpers/crash.js";

const dir = mkdtempSync(join(tmpdir(), "kampvuur-startup-lazy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the process logger, pino loaded at the first line logged", () => {
  it("refuses an unknown level at once, as pino does", () => {
    expect(() => createLogger("loud", "info")).toThrow(/loud/);
  });

  it("takes lines below its level without loading anything", () => {
    const logger = createLogger(undefined, "error");
    expect(() => {
      logger.debug({ n: 1 }, "not logged");
      logger.info("not logged");
      logger.warn({ n: 2 }, "not logged");
    }).not.toThrow();
  });

  it("is silent at `silent`", () => {
    const logger = createLogger("silent", "info");
    expect(() => logger.error(new Error("not logged"), "not logged")).not.toThrow();
  });
});

describe("the start-up bench runs the CLI as npm start does", () => {
  it("takes the Node options of the start script", () => {
    expect(startNodeOptions("node dist/cli.js start")).toEqual([]);
    expect(startNodeOptions("node --max-semi-space-size=8 dist/cli.js start")).toEqual([
      "--max-semi-space-size=8",
    ]);
  });

  it("refuses a start script it cannot mirror", () => {
    expect(() => startNodeOptions("tsx src/cli.ts start")).toThrow(/start script/);
  });
});

describe("the built app loads the index's code when the index is built", () => {
  it("answers a question asked at the first prompt, before the index was warmed up", async () => {
    ensureBuilt();
    const child = spawn(process.execPath, [join(ROOT, "dist", "cli.js"), "start", "--console"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, KAMPVUUR_STORE: `sqlite://${join(dir, "console.sqlite")}` },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.once("data", () => child.stdin.end("wat betekent burgerproductiekracht?\nstop\n"));
    child.stdout.on("data", (d) => (stdout += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Burgerproductiekracht is/);
  }, 30_000);
});

describe("a server start on a taken port", () => {
  it("says so and exits, instead of running on without a port", async () => {
    ensureBuilt();
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, () => resolve((taken.address() as { port: number }).port)),
    );
    try {
      const child = spawn(process.execPath, [join(ROOT, "dist", "cli.js"), "start"], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          PORT: String(port),
          KAMPVUUR_STORE: `sqlite://${join(dir, "server.sqlite")}`,
        },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const code = await new Promise((resolve) => child.on("close", resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(/EADDRINUSE/);
    } finally {
      taken.close();
    }
  }, 30_000);
});
