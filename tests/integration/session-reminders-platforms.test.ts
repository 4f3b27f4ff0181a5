import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSlack } from "../../src/adapters/slack/index.js";
import { createTeams } from "../../src/adapters/teams/index.js";
import { silentLogger } from "../../src/core/log.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { adaptiveCardSchema } from "../helpers/card-schema.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.js";
import { startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

/**
 * Session-day reminders and a coordinator's second send of the week over the real Slack and
 * Teams code paths (Bolt and botbuilder against loopback fakes of their APIs).
 */
const SECRET = "kampvuur-signing-secret";
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const SLACK_PEOPLE = ["U0KV0ANNA", "U0KV0BRAM", "U0KV0ESRA", "U0KV0HENK"]; // three participants, a mentor
const HAMID = "29:1kampvuur-demo-hamid";

const slackApi = new FakeSlack();
const connector = new FakeConnector();
let apiUrl = "";
let serviceUrl = "";
beforeAll(async () => {
  apiUrl = await slackApi.start();
  serviceUrl = await connector.start();
});
afterAll(async () => {
  await slackApi.stop();
  await connector.stop();
});
beforeEach(() => {
  slackApi.reset();
  connector.reset();
});

const running: { t: TestApp; http: HttpServer }[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.http.close();
    await r.t.close();
  }
  for (const d of dirs.splice(0)) d.cleanup();
});
const sqlite = () => {
  const d = tempDir();
  dirs.push(d);
  return `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
};

/** kampvuur with Slack and Teams (local mode) on one HTTP server, as `npm start` runs it. */
async function boot(now: Date, storeUrl: string) {
  const t = await startTestApp({ recording: false, now, storeUrl });
  const slack = createSlack(t.app.bot, {
    auth: { botToken: "xoxb-test" },
    signingSecret: SECRET,
    apiUrl,
    logger: silentLogger,
    home: (person) => t.app.home(person),
  });
  const teams = createTeams(t.app.bot, { store: t.app.store, logger: silentLogger, local: true });
  t.app.bot.addAdapter(slack.adapter);
  t.app.bot.addAdapter(teams.adapter);
  const http = await startHttpServer(0, { ...slack.routes, "/api/messages": teams.route }, silentLogger);
  const entry = { t, http };
  running.push(entry);
  return entry;
}
async function stop(entry: { t: TestApp; http: HttpServer }) {
  running.splice(running.indexOf(entry), 1);
  await entry.http.close();
  await entry.t.close();
}

let eventCounter = 0;
async function slackPost(http: HttpServer, body: string, contentType: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`http://127.0.0.1:${http.port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(body, SECRET, timestamp),
    },
    body,
  });
}
const dm = (http: HttpServer, user: string, text: string) =>
  slackPost(
    http,
    JSON.stringify({
      type: "event_callback",
      team_id: "TKAMPVUUR",
      api_app_id: "AKAMPVUUR",
      event_id: `EvSR${++eventCounter}`,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: "message",
        channel_type: "im",
        channel: `D${user}`,
        user,
        text,
        ts: `${Date.now() / 1000}`,
      },
    }),
    "application/json",
  );
const click = (http: HttpServer, user: string, button: { action_id: string; value: string }, ts: string) =>
  slackPost(
    http,
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: "block_actions",
        user: { id: user },
        team: { id: "TKAMPVUUR" },
        api_app_id: "AKAMPVUUR",
        trigger_id: `${++eventCounter}.42`,
        channel: { id: `D${user}` },
        message: { ts },
        container: { type: "message" },
        actions: [{ type: "button", ...button, block_id: "b1", action_ts: "1" }],
      }),
    )}`,
    "application/x-www-form-urlencoded",
  );

async function until<T>(read: () => T | undefined, what: string, ms = 5_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type SlackBlock = {
  type: string;
  text?: { text: string };
  elements?: { action_id: string; value: string; text: { text: string } }[];
};
const reminders = () =>
  slackApi
    .of("chat.postMessage")
    .filter((p) =>
      String(p.text).match(
        /^(Over 7 dagen|Morgen|In 7 days|Tomorrow): bijeenkomst|^(In 7 days|Tomorrow): session/,
      ),
    );
const buttons = (post: Record<string, unknown> | undefined) =>
  ((post?.blocks ?? []) as SlackBlock[]).flatMap((b) => b.elements ?? []).filter((e) => e.action_id);

describe("session-day reminders over Slack and Teams", () => {
  it("go out 7 days and 1 day before, once across a restart, not to someone who turned them off", async () => {
    const storeUrl = sqlite();
    let app = await boot(at("2026-12-02T12:00"), storeUrl);
    // Bram turns the reminders off in a DM; Hamid installs the app in Teams.
    expect((await dm(app.http, "U0KV0BRAM", "herinneringen uit")).status).toBe(200);
    await until(
      () => slackApi.of("chat.postMessage").find((p) => String(p.text).includes("geen herinneringen")),
      "the reply",
    );
    const installed = await fetch(`http://127.0.0.1:${app.http.port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "installationUpdate",
        action: "add",
        channelId: "msteams",
        serviceUrl,
        id: "install-1",
        recipient: { id: "28:kampvuur", name: "kampvuur" },
        from: { id: HAMID, name: "Hamid" },
        conversation: { id: `a:personal-${HAMID}`, conversationType: "personal", tenantId: "tenant" },
        timestamp: new Date().toISOString(),
      }),
    });
    expect(installed.status).toBeLessThan(300);
    slackApi.reset();
    connector.reset();

    // Thursday 3 December 09:00, a week before the second session day.
    app.t.clock.set(at("2026-12-03T09:00"));
    await new Scheduler(app.t.app).tick();
    const week = reminders();
    expect(week.map((p) => p.channel).sort()).toEqual(SLACK_PEOPLE.filter((u) => u !== "U0KV0BRAM").sort());
    const toAnna = week.find((p) => p.channel === "U0KV0ANNA");
    expect(String(toAnna?.text)).toMatch(
      /^Over 7 dagen: bijeenkomst 2 van 4\. donderdag 10 december, 09:30–16:30/,
    );
    expect(buttons(toAnna).map((b) => b.text.text)).toEqual(["Gedaan", "Gedaan", "Ik kan niet"]);
    // Teams: one card, each "Gedaan" under its own task, valid Adaptive Card 1.5.
    const [card] = connector.sent();
    const content = (card?.body.attachments as { content: Record<string, unknown> }[])[0]?.content as {
      body: { type: string; text?: string; actions?: { title: string }[] }[];
    };
    const validate = adaptiveCardSchema();
    expect(validate(content), JSON.stringify(validate.errors)).toBe(true);
    const sets = content.body.filter((e) => e.type === "ActionSet");
    expect(sets.map((s) => s.actions?.map((a) => a.title))).toEqual([["Done"], ["Done"], ["I can't come"]]);
    const taskLine = content.body.findIndex((e) => e.text?.startsWith("☐ Neem een voorbeeld mee"));
    expect(content.body[taskLine + 1]?.type).toBe("ActionSet");

    // A restart a few minutes later sends nothing again.
    await stop(app);
    slackApi.reset();
    connector.reset();
    app = await boot(at("2026-12-03T09:05"), storeUrl);
    await new Scheduler(app.t.app).tick();
    expect(reminders()).toEqual([]);
    expect(connector.sent()).toEqual([]);

    // "Gedaan" in Slack: the reminder is updated in place, the task ticked off.
    const done = buttons(toAnna)[0]!;
    await click(app.http, "U0KV0ANNA", done, "1700000001.000100");
    const [update] = await until(
      () => (slackApi.of("chat.update").length ? slackApi.of("chat.update") : undefined),
      "chat.update",
    );
    expect(JSON.stringify(update?.blocks)).toContain("✅ Neem een voorbeeld mee");
    expect(buttons(update).map((b) => b.text.text)).toEqual(["Gedaan", "Ik kan niet"]);

    // The day before: "Morgen", to the same people.
    app.t.clock.set(at("2026-12-09T09:00"));
    await new Scheduler(app.t.app).tick();
    const tomorrow = reminders().filter((p) => String(p.text).startsWith("Morgen"));
    expect(tomorrow.map((p) => p.channel).sort()).toEqual(
      SLACK_PEOPLE.filter((u) => u !== "U0KV0BRAM").sort(),
    );
    const hamid = connector.sent().map((c) => JSON.stringify(c.body.attachments));
    expect(hamid).toHaveLength(1);
    expect(hamid[0]).toContain("Tomorrow: session 2 of 4");
  });

  it("a coordinator's second reflection of the week over Slack needs 'Stuur een tweede'", async () => {
    const app = await boot(at("2026-12-01T09:00"), sqlite());
    await new Scheduler(app.t.app).tick(); // Tuesday's prompt
    slackApi.reset();
    app.t.clock.set(at("2026-12-02T10:00"));
    expect((await dm(app.http, "U0KV0MARI", "stuur reflectie")).status).toBe(200);
    const preview = await until(
      () =>
        slackApi.of("chat.postMessage").find((p) => p.channel === "DU0KV0MARI" || p.channel === "U0KV0MARI"),
      "the preview",
    );
    expect(JSON.stringify(preview.blocks)).toContain("deze week ging er al een reflectievraag uit");
    expect(buttons(preview).map((b) => b.text.text)).toEqual(["Stuur een tweede", "Annuleren"]);
  });
});
