import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli, finished, listeningPort, spawnCli } from "../helpers/cli.js";
import { freePort } from "../helpers/crash.js";
import { tempDir } from "../helpers/harness.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe("kampvuur validate", () => {
  it("accepts the demo programme", async () => {
    const r = await cli(["validate"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("12 participants, 3 teams, 3 mentors");
  });

  it("lists all three mistakes as path: problem and exits with 2", async () => {
    const r = await cli(["validate", fixture("programme-three-mistakes.yaml")]);
    expect(r.code).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => l.startsWith("  "));
    expect(lines).toEqual([
      "  timezone: is not an IANA timezone (e.g. Europe/Amsterdam)",
      "  sessions.1.date: use an ISO date like 2027-01-19",
      "  teams.0.mentor: 'niemand' is not one of the mentors",
    ]);
    expect(r.stderr).toContain("3 problems");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("checks every programme file of a folder: the three examples can run in one process", async () => {
    const r = await cli(["validate", "examples"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.includes(" is valid: "))).toHaveLength(3);
    expect(r.stdout).toContain("All 3 programme files are valid");
  });

  it("names each broken file of a folder and two programmes with one id, and exits with 2", async () => {
    const tmp = tempDir();
    try {
      copyFileSync("examples/leergang.yaml", join(tmp.dir, "a.yaml"));
      copyFileSync("examples/leergang.yaml", join(tmp.dir, "b.yaml"));
      copyFileSync(fixture("programme-three-mistakes.yaml"), join(tmp.dir, "c.yml"));
      copyFileSync("README.md", join(tmp.dir, "notes.md")); // not a programme file: left alone
      // No path given: KAMPVUUR_PROGRAMMES is the folder.
      const r = await cli(["validate"], { env: { KAMPVUUR_PROGRAMMES: tmp.dir } });
      expect(r.code).toBe(2);
      expect(r.stdout).toContain("a.yaml is valid");
      expect(r.stderr).toContain("b.yaml has the id 'leergang-gemeenschapskracht-2026', as");
      expect(r.stderr).toContain("c.yml is not a valid programme file (3 problems)");
      expect(r.stdout).toContain("2 of 3 programme files need fixing");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      tmp.cleanup();
    }
  });

  it("says which entry of KAMPVUUR_PROGRAMMES does not exist", async () => {
    const r = await cli(["validate"], {
      env: { KAMPVUUR_PROGRAMMES: "examples/leergang.yaml, nergens.yaml" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("KAMPVUUR_PROGRAMMES: 'nergens.yaml' does not exist");
  });

  it("uses KAMPVUUR_PROGRAMME when no file is given", async () => {
    const r = await cli(["validate"], { env: { KAMPVUUR_PROGRAMME: fixture("programme-not-yaml.yaml") } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line \d+, column \d+/);
  });
});

describe("kampvuur help and mistakes on the command line", () => {
  it("lists the commands", async () => {
    const r = await cli(["help"]);
    expect(r.code).toBe(0);
    for (const c of ["start", "validate", "help"]) expect(r.stdout).toContain(c);
  });

  it("refuses an unknown command with exit code 2 and a pointer to help", async () => {
    const r = await cli(["dance"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'dance'");
    expect(r.stderr).toContain("kampvuur help");
  });

  it("names a bad environment variable", async () => {
    const r = await cli(["start"], { env: { PORT: "drieduizend" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("PORT: must be a port number");
  });

  it("names a store URL it does not know", async () => {
    const r = await cli(["start", "--console"], { env: { KAMPVUUR_STORE: "mongodb://x" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("KAMPVUUR_STORE 'mongodb://x'");
  });
});

describe("kampvuur start", () => {
  let tmp: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    tmp = tempDir();
    env = { KAMPVUUR_STORE: `sqlite://${join(tmp.dir, "data", "kampvuur.sqlite")}` };
  });
  afterEach(() => tmp.cleanup());

  it("opens the console without credentials; piped 'help' prints the help and exits 0", async () => {
    const child = spawnCli(["start"], env);
    child.stdin?.end("help\n");
    const r = await finished(child);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Je bent nu Anna de Vries (deelnemer)");
    expect(r.stdout).toContain("Dit kun je tegen me zeggen:");
    expect(r.stdout).toContain("antwoorden: laat al je antwoorden zien");
    expect(r.stderr).toBe("");
  });

  it("runs the whole slice in the console, and the answer survives a restart", async () => {
    const first = await cli(["start", "--console"], {
      env,
      input: [
        "als marieke",
        "stuur reflectie",
        "1",
        "als anna",
        "antwoord",
        "Ik liet de bewoners zelf de agenda maken.",
        "2",
        "wijzig 1",
        "Ik liet de bewoners de agenda maken, en hield me in.",
        "",
        "",
      ].join("\n"),
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Verstuurd naar 12 deelnemers.");
    expect(first.stdout).toContain("Je antwoord is opgeslagen (ik en mijn mentor)");
    expect(first.stdout).toContain("Je antwoord is bijgewerkt (ik en mijn mentor)");

    const second = await cli(["start", "--console", "--as", "anna"], { env, input: "antwoorden\n" });
    expect(second.stdout).toContain("Ik liet de bewoners de agenda maken, en hield me in.");
    expect(second.stdout).toContain("1× gewijzigd");
  });

  it("lets a week pass in the console: the prompt arrives, is answered, edited and shared with the mentor", async () => {
    const r = await cli(["start", "--console"], {
      env,
      input: [
        "tijd 2026-11-16 12:00",
        "tijd +1w",
        "Ik liet de bewoners zelf het gesprek met de wethouder voeren.",
        "wijzig 1",
        "",
        "2",
        "antwoorden",
      ].join("\n"),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Het is nu maandag 23 november 2026, 12:00 (in deze console).");
    expect(r.stdout).toContain("Hoi Anna, hier is je reflectievraag van deze week:");
    expect(r.stdout).toContain("Denk nog eens terug aan de laatste dag, “Op reis”.");
    expect(r.stdout).toContain("Je antwoord is opgeslagen (alleen ik).");
    expect(r.stdout).toContain("Je antwoord is bijgewerkt (ik en mijn mentor).");
    expect(r.stdout).toMatch(/1\. 23 november · Ik en mijn mentor · 1× gewijzigd/);
  });

  it("asks again for a field with a problem and cancels a form on request", async () => {
    const r = await cli(["start", "--console"], {
      env,
      input: [
        "als marieke",
        "stuur reflectie",
        "1",
        "als anna",
        "antwoord",
        "   ",
        "1",
        "annuleer",
        "antwoorden",
      ].join("\n"),
    });
    expect(r.stdout).toContain("⚠ Je antwoord is nog leeg.");
    expect(r.stdout).toContain("Formulier geannuleerd; er is niets opgeslagen.");
    expect(r.stdout).toContain("Je hebt nog geen antwoorden gegeven.");
  });

  it("serves /healthz and /readyz when PORT is set, and stops cleanly on SIGTERM", async () => {
    const child = spawnCli(["start"], { ...env, PORT: "0", LOG_LEVEL: "info", KAMPVUUR_TEAMS_LOCAL: "1" });
    const done = finished(child);
    const port = await listeningPort(child);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    // Ready: the store answers, the content base is loaded, the scheduler runs.
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", store: true, content: true, scheduler: true });
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    // Teams in local mode is served too: without an app id only activities from a loopback serviceUrl count.
    const outside = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "message",
        serviceUrl: "https://smba.trafficmanager.net/emea/",
        conversation: { id: "a:1" },
        from: { id: "29:x" },
        text: "help",
      }),
    });
    expect(outside.status).toBe(401);
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
  });

  it("serves every programme of KAMPVUUR_PROGRAMMES from one process: ready when all are", async () => {
    const child = spawnCli(["start"], {
      ...env,
      PORT: "0",
      LOG_LEVEL: "info",
      KAMPVUUR_TEAMS_LOCAL: "1",
      KAMPVUUR_PROGRAMMES: "examples",
    });
    const done = finished(child);
    const port = await listeningPort(child);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready", store: true, content: true, scheduler: true });
    child.kill("SIGTERM");
    const { code, stderr } = await done;
    expect(code).toBe(0);
    expect(stderr).toContain(
      '"programmes":["cop-bewonerskracht-2026","leergang-gemeenschapskracht-2026","masterclass-collectieve-droom-2027"]',
    );
  });

  it("opens its port first: /healthz answers while the bot still loads, /readyz says 'starting' and other paths ask to retry, then it is ready", async () => {
    const port = await freePort();
    const child = spawnCli(["start"], { ...env, PORT: String(port), LOG_LEVEL: "info" });
    const done = finished(child);
    const get = (path: string) =>
      fetch(`http://127.0.0.1:${port}${path}`).then(
        async (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after"), body: await r.json() }),
        () => undefined,
      );
    // Ask as soon as the port is open, before the app has loaded (that takes a second or more).
    let early: { status: number; body: unknown } | undefined;
    while (!early) early = await get("/healthz");
    expect(early).toMatchObject({ status: 200, body: { status: "ok" } });
    const starting = await get("/readyz");
    const slack = await get("/slack/events");
    expect(starting).toMatchObject({ status: 503, body: { status: "starting" } });
    expect(slack).toMatchObject({ status: 503, retryAfter: "1" });
    // The same port, taken over by the bot once it has loaded.
    await listeningPort(child);
    expect(await get("/readyz")).toMatchObject({ status: 200, body: { status: "ready" } });
    expect((await get("/nope"))?.status).toBe(404);
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
  });

  it("a start that fails after opening its port (a broken programme file) exits with 2 and a clear message", async () => {
    const port = await freePort();
    const child = spawnCli(["start", "--programme", fixture("programme-three-mistakes.yaml")], {
      ...env,
      PORT: String(port),
    });
    const { code, stderr } = await finished(child);
    expect(code).toBe(2);
    expect(stderr).toContain("teams.0.mentor: 'niemand' is not one of the mentors");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("with Slack credentials, npm start serves Slack at /slack/events (signed requests only)", async () => {
    const child = spawnCli(["start"], {
      ...env,
      PORT: "0",
      LOG_LEVEL: "info",
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: "secret",
      SLACK_API_URL: "http://127.0.0.1:9/api",
    });
    const done = finished(child);
    const port = await listeningPort(child);
    const unsigned = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "url_verification", challenge: "x" }),
    });
    expect(unsigned.status).toBe(401);
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
  });
});

describe("output into a pipe that closes early (kampvuur … | head)", () => {
  it("stops quietly, without a stack trace", async () => {
    const child = spawnCli(["simulate", "--weeks", "12", "--json"], {});
    let stderr = "";
    child.stderr?.on("data", (d) => (stderr += d));
    child.stdout?.once("data", () => child.stdout?.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*\.(js|ts):\d+/);
    expect(code).toBe(0);
  });
});
