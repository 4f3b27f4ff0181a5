import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { loadAppProgramme } from "../../src/app.js";
import { createSlack } from "../../src/adapters/slack/index.js";
import { createTeams } from "../../src/adapters/teams/index.js";
import { silentLogger } from "../../src/core/log.js";
import { overview } from "../../src/features/index.js";
import { exportData } from "../../src/features/overview/exports.js";
import { pngSize } from "../../src/features/overview/chart.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { CHART_PATH, chartRoute } from "../../src/server/charts.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { adaptiveCardSchema } from "../helpers/card-schema.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.js";
import { buttonsOf, startTestApp, type TestApp } from "../helpers/harness.js";
import { personalChat, teamsActivities } from "../helpers/platforms.js";

/**
 * Exports in chat: `export deelname|vragen|antwoorden|reflectievragen [md|csv]` for
 * coordinators, delivered as a Slack file upload, a Teams download link on the bot's own
 * server, or in the console as text (or the CLI command when it is too long); audited.
 */
const at = (local: string) => DateTime.fromISO(local, { zone: "Europe/Amsterdam" }).toJSDate();
const MARIEKE = "marieke-hoekstra"; // coordinator, Slack U0KV0MARI
const HENK = "henk-westerveld"; // mentor
const ESRA = "esra-yilmaz"; // participant, Team Zonnedorp
const ANNA = "anna-de-vries";
const SECRET = "kampvuur-signing-secret";
const MARIEKE_TEAMS = "29:1kampvuur-demo-marieke";
const HAMID = "hamid-el-amrani"; // participant, English, Teams
const HAMID_TEAMS = "29:1kampvuur-demo-hamid";

const apps: TestApp[] = [];
const servers: HttpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const a of apps.splice(0)) await a.close();
});

/** The demo's first prompt: Esra shares her answer with her team, Anna keeps hers private and asks a question. */
async function aWeek(t: TestApp, esraAnswer = "Met het team: loslaten, ook al is het spannend.") {
  await new Scheduler(t.app).tick();
  const esra = t.chat(ESRA);
  await esra.say("antwoord");
  await esra.submit(esra.lastForm as NonNullable<typeof esra.lastForm>, {
    answer: esraAnswer,
    visibility: "group",
  });
  await t.chat(ANNA).say("Ik merkte dat ik te snel met oplossingen kwam, dat wil ik anders doen.");
  const anna = t.chat(ANNA);
  await anna.say("vraag: wat betekent doen en niet te veel praten?");
  const helpful = buttonsOf(anna.lastReply).find((b) => b.label.includes("👍"));
  if (helpful) await anna.click(helpful);
}

async function consoleApp(programme?: Awaited<ReturnType<typeof loadAppProgramme>>) {
  const t = await startTestApp({ now: at("2026-11-17T09:00"), ...(programme ? { programme } : {}) });
  apps.push(t);
  return t;
}

const exportsAudited = async (t: TestApp) =>
  (await t.app.audit.entries())
    .filter((e) => e.action.startsWith("export."))
    .map((e) => [e.actorId, e.action, e.count, e.detail]);

describe("exports in chat, in the console", () => {
  it("shows a short export as Markdown in the chat, in the coordinator's language, and audits it", async () => {
    const t = await consoleApp();
    await aWeek(t);
    const marieke = t.chat(MARIEKE);
    await marieke.say("export antwoorden");
    const reply = marieke.lastReply?.text ?? "";
    expect(reply).toContain("Gedeelde antwoorden: 1. Alleen wat de schrijver met het team deelde.");
    expect(reply).toContain("Een bestand kan ik hier niet sturen.");
    expect(reply).toContain("> Met het team: loslaten, ook al is het spannend.");
    expect(reply).toContain("— Esra Yılmaz, Team Zonnedorp, 2026-11-17");
    expect(reply).not.toContain("oplossingen"); // Anna's answer is private

    await marieke.say("taal en");
    await marieke.say("export participation md");
    expect(marieke.lastReply?.text).toContain("Participation per week and team: 3 rows. Counts only.");
    expect(marieke.lastReply?.text).toContain("| week | team | participants |");
    expect(await exportsAudited(t)).toEqual([
      [MARIEKE, "export.answers", 1, "md, chat"],
      [MARIEKE, "export.participation", 3, "md, chat"],
    ]);
  });

  it("names the exact CLI command when the export is too long for the chat", async () => {
    const t = await consoleApp();
    await aWeek(t, `Een lang antwoord. ${"Wat ik deze week leerde over het werk met bewoners. ".repeat(50)}`);
    const marieke = t.chat(MARIEKE);
    await marieke.say("export antwoorden csv");
    expect(marieke.lastReply?.text).toContain(
      "typ in een terminal bij de bot: `kampvuur export answers --format csv --out antwoorden-2026-11-17.csv`",
    );
    expect(marieke.lastReply?.text).not.toContain("Een lang antwoord");
    // Nothing left the bot: nothing to audit.
    expect(await exportsAudited(t)).toEqual([]);
  });

  it("says what can be exported when the command names nothing it knows", async () => {
    const t = await consoleApp();
    const marieke = t.chat(MARIEKE);
    for (const typed of ["export", "export alles", "export deelname pdf"]) {
      await marieke.say(typed);
      expect(marieke.lastReply?.text).toBe(
        "Wat wil je exporteren? Typ *export deelname*, *export vragen*, *export antwoorden* of *export reflectievragen*. Zet er *md* achter voor Markdown. Anders krijg je een CSV-bestand.",
      );
    }
    expect(await exportsAudited(t)).toEqual([]);
  });

  it("refuses a participant and a mentor politely, in their language, and exports nothing", async () => {
    const t = await consoleApp();
    await aWeek(t);
    const esra = t.chat(ESRA);
    await esra.say("export antwoorden");
    expect(esra.lastReply?.text).toBe(
      "“export” is alleen voor een coördinator. Typ *help* voor wat jij kunt doen.",
    );
    const henk = t.chat(HENK);
    await henk.say("language en");
    await henk.say("export answers");
    expect(henk.lastReply?.text).toMatch(/^“export” is only for a coordinator\./);
    expect(JSON.stringify([...esra.replies, ...henk.replies])).not.toContain("loslaten");
    expect(await exportsAudited(t)).toEqual([]);
  });

  it("exports the questions people asked the bot (the question log, without names), and the prompts sent as `prompts`", async () => {
    const t = await consoleApp();
    await aWeek(t);
    const api = t.app.api(overview);
    const questions = await exportData(api, "questions", "csv", "cli", "nl");
    const rows = questions.text.split("\r\n").filter(Boolean);
    expect(rows[0]).toBe("datum,week,rol,taal,vraag,antwoord gevonden,bronnen,beoordeling");
    expect(questions.count).toBe(1);
    expect(rows[1]).toMatch(
      /^2026-11-17,2026-W47,deelnemer,nl,wat betekent doen en niet te veel praten\?,ja,principe-10[^,]*,nuttig$/,
    );
    expect(questions.text).not.toMatch(/Anna|anna-de-vries/);
    // The reflection prompts are not questions to the bot: they are their own export.
    expect(questions.text).not.toContain("[thema vorige bijeenkomst]");
    const prompts = await exportData(api, "prompts", "md", "cli", "nl");
    expect(prompts.text).toContain("## Gestelde reflectievragen");
    expect(prompts.text).toMatch(/\| 2026-11-17 \| 2026-W47 \| .+ \| 12 \| 2 \| 0 \| 10 \|/);

    const marieke = t.chat(MARIEKE);
    await marieke.say("export vragen md");
    expect(marieke.lastReply?.text).toContain("Vragen aan de bot: 1. Zonder namen.");
    expect(marieke.lastReply?.text).toContain("wat betekent doen en niet te veel praten?");
  });
});

describe("exports and the chart in Slack (real Bolt, loopback Web API with file uploads)", () => {
  const fake = new FakeSlack();
  let apiUrl = "";
  beforeAll(async () => {
    apiUrl = await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  async function slackBot() {
    const t = await startTestApp({ recording: false, now: at("2026-11-17T09:00") });
    apps.push(t);
    const slack = createSlack(t.app.bot, {
      auth: { botToken: "xoxb-test" },
      signingSecret: SECRET,
      apiUrl,
      logger: silentLogger,
      findSettleMs: 0,
    });
    t.app.bot.addAdapter(slack.adapter);
    const http = await startHttpServer(0, slack.routes, silentLogger);
    servers.push(http);
    let events = 0;
    const dm = async (user: string, text: string) => {
      const body = JSON.stringify({
        type: "event_callback",
        team_id: "TKAMPVUUR",
        api_app_id: "AKAMPVUUR",
        event_id: `EvEX${++events}`,
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: "message",
          channel_type: "im",
          channel: `D${user}`,
          user,
          text,
          ts: `${Date.now() / 1000}`,
        },
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(`http://127.0.0.1:${http.port}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": slackSignature(body, SECRET, timestamp),
        },
        body,
      });
      expect(response.status).toBe(200);
    };
    return { t, http, dm };
  }

  async function until<T>(read: () => T | undefined, what: string, ms = 5_000): Promise<T> {
    const start = Date.now();
    for (;;) {
      const value = read();
      if (value) return value;
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("uploads the export as a file in the coordinator's DM: upload address, exact bytes, completed in that channel", async () => {
    const { t, dm } = await slackBot();
    await aWeek(t);
    fake.reset();
    fake.enforceRateLimits();
    await dm("U0KV0MARI", "export antwoorden");
    const [file] = await until(() => (fake.files.length > 0 ? fake.files : undefined), "the file");
    expect(fake.calls.map((c) => c.method).filter((m) => m !== "auth.test")).toEqual([
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
    const [asked] = fake.of("files.getUploadURLExternal");
    expect(asked).toMatchObject({
      filename: "antwoorden-2026-11-17.csv",
      length: String(file?.bytes.length),
    });
    expect(file).toMatchObject({
      filename: "antwoorden-2026-11-17.csv",
      title: "antwoorden-2026-11-17.csv",
      channel: "DU0KV0MARI",
      initialComment: "Gedeelde antwoorden: 1. Alleen wat de schrijver met het team deelde.",
    });
    const csv = file?.bytes.toString("utf8") ?? "";
    expect(csv.split("\r\n")[0]).toBe("datum,week,team,van,gedeeld met,vraag,antwoord");
    expect(csv).toContain("Esra Yılmaz");
    expect(csv).not.toContain("oplossingen");
    // The file is the message: nothing posted beside it.
    expect(fake.of("chat.postMessage")).toEqual([]);
    // Audited once Slack has confirmed the upload.
    await vi.waitFor(async () =>
      expect(await exportsAudited(t)).toEqual([["marieke-hoekstra", "export.answers", 1, "csv, file"]]),
    );
  });

  it("'mijn gegevens' in Slack: the person's data as two files in their own DM (Markdown and JSON), nothing of anyone else", async () => {
    const { t, dm } = await slackBot();
    await aWeek(t);
    fake.reset();
    await dm("U0KV0ANNA", "mijn gegevens");
    const files = await until(() => (fake.files.length >= 2 ? fake.files : undefined), "two files");
    expect(files.map((f) => [f.filename, f.channel])).toEqual([
      ["mijn-gegevens-2026-11-17.md", "DU0KV0ANNA"],
      ["mijn-gegevens-2026-11-17.json", "DU0KV0ANNA"],
    ]);
    const [md, json] = files.map((f) => f.bytes.toString("utf8"));
    expect(md).toContain("Ik merkte dat ik te snel met oplossingen kwam");
    expect(md).toContain("wat betekent doen en niet te veel praten?");
    const parsed = JSON.parse(json ?? "{}") as { personId: string; parts: Record<string, unknown> };
    expect(parsed.personId).toBe(ANNA);
    expect(JSON.stringify(parsed.parts)).toContain("te snel met oplossingen");
    // Esra's shared answer is hers, not Anna's.
    for (const text of [md, json]) expect(text).not.toContain("loslaten, ook al is het spannend");
    expect(fake.of("chat.postMessage")).toEqual([]);
  });

  it("the fake holds uploads to what Slack documents: filename and length, the exact bytes, completed files only", async () => {
    const call = async (method: string, args: Record<string, unknown>) =>
      (await (
        await fetch(`${apiUrl}/${method}`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer xoxb-test" },
          body: JSON.stringify(args),
        })
      ).json()) as { ok: boolean; error?: string; upload_url?: string; file_id?: string };
    expect(await call("files.getUploadURLExternal", { filename: "a.csv" })).toMatchObject({
      ok: false,
      error: "invalid_arguments",
    });
    const asked = await call("files.getUploadURLExternal", { filename: "a.csv", length: 3 });
    expect(await call("files.completeUploadExternal", { files: [{ id: asked.file_id }] })).toMatchObject({
      ok: false,
      error: "file_not_found",
    });
    expect((await fetch(asked.upload_url as string, { method: "POST", body: "four" })).status).toBe(400);
    expect((await fetch(asked.upload_url as string, { method: "POST", body: "abc" })).status).toBe(200);
    expect(
      await call("files.completeUploadExternal", { files: [{ id: asked.file_id }], thread_ts: "1.2" }),
    ).toMatchObject({ ok: false, error: "invalid_arguments" });
    expect(
      await call("files.completeUploadExternal", { files: [{ id: asked.file_id }], channel_id: "D1" }),
    ).toMatchObject({ ok: true });
    expect(fake.filesIn("D1").map((f) => f.bytes.toString())).toEqual(["abc"]);
    fake.scopes = new Set(["chat:write"]);
    expect(await call("files.getUploadURLExternal", { filename: "a.csv", length: 3 })).toMatchObject({
      ok: false,
      error: "missing_scope",
    });
  });

  it("falls back to the chat when Slack refuses the upload (no files:write), and tells a participant no", async () => {
    const { t, dm } = await slackBot();
    await aWeek(t);
    fake.reset();
    fake.scopes = new Set([
      "chat:write",
      "im:history",
      "im:write",
      "users:read",
      "users:read.email",
      "commands",
    ]);
    await dm("U0KV0MARI", "export deelname md");
    const reply = await until(() => fake.of("chat.postMessage").at(-1), "the reply");
    expect(fake.files).toEqual([]);
    expect(String(reply.text)).toContain("Deelname per week en team: 3 rijen.");
    expect(String(reply.text)).toContain("| week | team | deelnemers |");
    expect(await exportsAudited(t)).toEqual([["marieke-hoekstra", "export.participation", 3, "md, chat"]]);

    fake.reset();
    await dm("U0KV0ESRA", "export antwoorden");
    const refused = await until(() => fake.of("chat.postMessage").at(-1), "the refusal");
    expect(String(refused.text)).toMatch(
      /^“export” is alleen voor een coördinator\. Typ \*?help\*? voor wat jij kunt doen\.$/,
    );
    expect(fake.files).toEqual([]);
  });

  it("uploads the chart as a PNG after the overview when the bot has no public address, and not when it has one", async () => {
    const { t, dm } = await slackBot();
    await aWeek(t);
    fake.reset();
    await dm("U0KV0MARI", "overzicht");
    const [chart] = await until(() => (fake.files.length > 0 ? fake.files : undefined), "the chart");
    const overviewPost = fake.of("chat.postMessage").at(-1);
    expect(String(overviewPost?.text)).toContain("Overzicht deelname");
    expect(chart).toMatchObject({ filename: "antwoorden-per-week-2026-11-17.png", channel: "DU0KV0MARI" });
    expect(pngSize(new Uint8Array(chart?.bytes ?? []))).toEqual({ width: 1200, height: 720 });
    expect(fake.of("files.getUploadURLExternal")[0]).toMatchObject({
      alt_text: "Grafiek: antwoorden per week voor 3 teams, de laatste week.",
    });

    // With a public address the chart is an image block, and no file is uploaded.
    const api = t.app.api(overview);
    const server = await startHttpServer(0, { [CHART_PATH]: chartRoute(api) }, silentLogger);
    servers.push(server);
    api.publish(`http://127.0.0.1:${server.port}`);
    fake.reset();
    await dm("U0KV0MARI", "overzicht");
    const withImage = await until(() => fake.of("chat.postMessage").at(-1), "the overview");
    expect(JSON.stringify(withImage.blocks)).toContain('"type":"image"');
    expect(fake.files).toEqual([]);
  });
});

describe("exports in Teams (real CloudAdapter, loopback Bot Connector)", () => {
  const connector = new FakeConnector();
  let serviceUrl = "";
  beforeAll(async () => {
    serviceUrl = await connector.start();
  });
  afterAll(() => connector.stop());
  beforeEach(() => connector.reset());

  /** The demo with Marieke also in Teams; with `publicUrl`, the bot serves its charts and downloads. */
  async function teamsBot(publicUrl: boolean) {
    const demo = await loadAppProgramme();
    const programme = {
      ...demo,
      coordinators: demo.coordinators.map((c) =>
        c.id === MARIEKE ? { ...c, identities: { ...c.identities, teams: MARIEKE_TEAMS } } : c,
      ),
    };
    const t = await consoleApp(programme);
    const teams = createTeams(t.app.bot, { store: t.app.store, logger: silentLogger, local: true });
    t.app.bot.addAdapter(teams.adapter);
    const api = t.app.api(overview);
    const http = await startHttpServer(
      0,
      { "/api/messages": teams.route, [CHART_PATH]: chartRoute(api) },
      silentLogger,
    );
    servers.push(http);
    if (publicUrl) api.publish(`http://127.0.0.1:${http.port}`);
    const activity = teamsActivities(http.port, serviceUrl);
    const say = async (text: string, user = MARIEKE_TEAMS) => {
      const response = await activity({ type: "message", ...personalChat(user), text });
      expect(response.status).toBeLessThan(300);
    };
    return { t, say, http };
  }
  const cardOf = (call: { body: Record<string, unknown> } | undefined) =>
    (call?.body.attachments as { content: Record<string, unknown> }[] | undefined)?.[0]?.content;

  it("replies with a card linking to the file on the bot's own server, for an hour", async () => {
    const { t, say, http } = await teamsBot(true);
    await aWeek(t);
    connector.reset();
    await say("export antwoorden");
    const card = cardOf(connector.sent().at(-1));
    const validate = adaptiveCardSchema();
    expect(validate(card), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const text = JSON.stringify(card);
    expect(text).toContain("Gedeelde antwoorden: 1.");
    expect(text).not.toContain("loslaten"); // the card holds the link, not the answers
    const url = new RegExp(
      `\\[antwoorden-2026-11-17\\.csv\\]\\((http://127\\.0\\.0\\.1:${http.port}/charts/[A-Za-z0-9_-]{32}\\.csv)\\)`,
    ).exec(text)?.[1];
    expect(url).toBeDefined();

    const response = await fetch(url as string);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="antwoorden-2026-11-17.csv"',
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const csv = await response.text();
    expect(csv).toContain("Met het team: loslaten");
    expect(csv).not.toContain("oplossingen");
    // Another extension, a guessed token: nothing.
    expect((await fetch((url as string).replace(/\.csv$/, ".md"))).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${http.port}/charts/${"A".repeat(32)}.csv`)).status).toBe(404);
    t.clock.advance(61 * 60_000);
    expect((await fetch(url as string)).status).toBe(404);
    expect(await exportsAudited(t)).toEqual([["marieke-hoekstra", "export.answers", 1, "csv, link"]]);
  });

  it("'my data' in Teams: two links to the person's own data on the bot's server (Markdown and JSON), for an hour", async () => {
    const { t, say, http } = await teamsBot(true);
    await aWeek(t);
    await t.chat(HAMID).say("I let the residents set the agenda themselves, and it worked.");
    connector.reset();
    await say("my data", HAMID_TEAMS);
    const card = cardOf(connector.sent().at(-1));
    const validate = adaptiveCardSchema();
    expect(validate(card), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const text = JSON.stringify(card);
    expect(text).toContain("the links work for an hour");
    expect(text).not.toContain("set the agenda themselves"); // the card holds links, not the data
    const urls = [...text.matchAll(/(http:\/\/127\.0\.0\.1:\d+\/charts\/[A-Za-z0-9_-]{32}\.(md|json))/g)].map(
      (m) => m[1] as string,
    );
    expect(urls.map((u) => u.split(".").pop())).toEqual(["md", "json"]);
    expect(urls.every((u) => u.startsWith(`http://127.0.0.1:${http.port}/`))).toBe(true);
    const [md, json] = await Promise.all(urls.map((u) => fetch(u)));
    expect(md?.headers.get("content-disposition")).toMatch(/^attachment; filename="my-data-2026-11-17\.md"$/);
    expect(json?.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await md?.text()).toContain("I let the residents set the agenda themselves");
    const parsed = (await json?.json()) as { personId: string };
    expect(parsed.personId).toBe(HAMID);
    // Nothing of anyone else.
    expect(JSON.stringify(parsed)).not.toContain("oplossingen");
    t.clock.advance(61 * 60_000);
    expect((await fetch(urls[0] as string)).status).toBe(404);
  });

  it("without a public address, shows the Markdown in a valid card", async () => {
    const { t, say } = await teamsBot(false);
    await aWeek(t);
    connector.reset();
    await say("export deelname");
    const card = cardOf(connector.sent().at(-1));
    const validate = adaptiveCardSchema();
    expect(validate(card), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(JSON.stringify(card)).toContain("| 2026-W47 | Team De Vonk | 4 |");
  });
});
