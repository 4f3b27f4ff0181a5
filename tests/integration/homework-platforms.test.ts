import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSlack, type Slack } from "../../src/adapters/slack/index.js";
import { createTeams, type Teams } from "../../src/adapters/teams/index.js";
import { silentLogger } from "../../src/core/log.js";
import { homework } from "../../src/features/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { adaptiveCardSchema } from "../helpers/card-schema.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";
import { personalChat, teamsActivities } from "../helpers/platforms.js";

/** The demo's travel report opens when the third day ends (shared per team, four questions). */
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const OPENS = at("2027-01-14T16:30");

let t: TestApp;
let http: HttpServer;
afterEach(async () => {
  await http?.close();
  await t?.close();
});

async function until<T>(read: () => T | undefined, what: string, ms = 5_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("homework over Slack (real Bolt, loopback Web API)", () => {
  const SECRET = "kampvuur-signing-secret";
  const fake = new FakeSlack();
  let apiUrl = "";
  let slack: Slack;
  beforeAll(async () => {
    apiUrl = await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  const post = (body: string, contentType: string) => {
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
  };
  const interaction = (payload: Record<string, unknown>) =>
    post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, "application/x-www-form-urlencoded");
  const click = (user: string, button: { action_id?: string; value: string }) =>
    interaction({
      type: "block_actions",
      user: { id: user },
      team: { id: "TKAMPVUUR" },
      api_app_id: "AKAMPVUUR",
      trigger_id: `trigger-${user}`,
      channel: { id: `D-${user}` },
      message: { ts: "1700000001.000100" },
      container: { type: "message" },
      actions: [{ type: "button", ...button, block_id: "b1", action_ts: "1" }],
    });
  type View = { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
  const submit = (user: string, view: View, values: Record<string, string>) =>
    interaction({
      type: "view_submission",
      user: { id: user },
      team: { id: "TKAMPVUUR" },
      api_app_id: "AKAMPVUUR",
      view: {
        id: "V1",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: Object.fromEntries(
            Object.entries(values).map(([id, value]) => [
              id,
              {
                value:
                  id === "action" || id === "q4"
                    ? { type: "radio_buttons", selected_option: { value } }
                    : { type: "plain_text_input", value },
              },
            ]),
          ),
        },
      },
    });
  const answerButtonTo = (channel: string) => {
    const message = fake.of("chat.postMessage").find((p) => p.channel === channel);
    return (message?.blocks as { elements?: { action_id?: string; value: string }[] }[] | undefined)
      ?.flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id?.startsWith("homework.answer"));
  };

  it("a modal with one field per question, errors on an empty required field, and a shared answer by two members", async () => {
    t = await startTestApp({ recording: false, now: OPENS });
    slack = createSlack(t.app.bot, {
      auth: { botToken: "xoxb-test" },
      signingSecret: SECRET,
      apiUrl,
      logger: silentLogger,
    });
    t.app.bot.addAdapter(slack.adapter);
    http = await startHttpServer(0, slack.routes, silentLogger);

    await new Scheduler(t.app).tick();
    // Anna and Bram (Team De Vonk) have Slack ids; Esra (Team Zonnedorp) too.
    await until(() => (fake.of("chat.postMessage").length >= 3 ? true : undefined), "the openings");
    const opened = fake.of("chat.postMessage").map((p) => p.channel);
    expect(opened.sort()).toEqual(["U0KV0ANNA", "U0KV0BRAM", "U0KV0ESRA"]);
    const first = fake.of("chat.postMessage").find((p) => p.channel === "U0KV0ANNA");
    expect(String(first?.text)).toMatch(/^Nieuw huiswerk: Het reisverslag\./);

    await click("U0KV0ANNA", answerButtonTo("U0KV0ANNA")!);
    const [open] = await until(
      () => (fake.of("views.open").length ? fake.of("views.open") : undefined),
      "views.open",
    );
    const view = open?.view as View;
    expect(view.blocks.map((b) => b.block_id)).toEqual(["q1", "q2", "q3", "q4", "action"]);
    expect(JSON.stringify(view.blocks[0])).toMatch(/Je groepje, jullie mentor en de coördinatoren/);

    const empty = await submit("U0KV0ANNA", view, {
      q1: "",
      q2: "Het pand.",
      q3: "Luisteren.",
      q4: "Goed",
      action: "submit",
    });
    expect(await empty.json()).toEqual({
      response_action: "errors",
      errors: { q1: expect.stringMatching(/Vul dit in om in te leveren/) },
    });
    const service = t.app.api(homework);
    expect(await service.records.get("reisverslag:team-vonk")).toBeUndefined();

    const draft = await submit("U0KV0ANNA", view, {
      q1: "Een leeg pand.",
      q2: "",
      q3: "",
      q4: "",
      action: "draft",
    });
    expect(draft.status).toBe(200);
    const bramButton = answerButtonTo("U0KV0BRAM")!;
    fake.reset();
    await click("U0KV0BRAM", bramButton);
    const [bramOpen] = await until(
      () => (fake.of("views.open").length ? fake.of("views.open") : undefined),
      "views.open",
    );
    const bramView = bramOpen?.view as View;
    expect(JSON.stringify(bramView.blocks[0])).toContain("Een leeg pand.");
    const ok = await submit("U0KV0BRAM", bramView, {
      q1: "Een leeg pand.",
      q2: "De huur.",
      q3: "Minder praten.",
      q4: "Goed",
      action: "submit",
    });
    expect(ok.status).toBe(200);
    const record = await service.records.get("reisverslag:team-vonk");
    expect(record?.sheets.group?.answers.q1?.by).toBe("anna-de-vries");
    expect(record?.sheets.group?.answers.q2?.by).toBe("bram-jansen");
    expect(record?.sheets.group?.status).toBe("submitted");
    // Esra cannot write into Team De Vonk's answer with a forged private_metadata.
    const forged = await submit(
      "U0KV0ESRA",
      { ...bramView, private_metadata: "reisverslag|team-vonk" },
      {
        q1: "Overschreven",
        q2: "x",
        q3: "x",
        q4: "Goed",
        action: "submit",
      },
    );
    expect(forged.status).toBeLessThan(300);
    expect((await service.records.get("reisverslag:team-vonk"))?.sheets.group?.answers.q1?.text).toBe(
      "Een leeg pand.",
    );
  });
});

describe("homework over Teams (real CloudAdapter, loopback Bot Connector)", () => {
  const HAMID = "29:1kampvuur-demo-hamid";
  const connector = new FakeConnector();
  let serviceUrl = "";
  let teams: Teams;
  beforeAll(async () => {
    serviceUrl = await connector.start();
  });
  afterAll(() => connector.stop());
  beforeEach(() => connector.reset());

  const activity = (fields: Record<string, unknown>) => teamsActivities(http.port, serviceUrl)(fields);
  const personal = personalChat(HAMID);
  type Card = { body: unknown[]; actions?: { title: string; data: Record<string, string> }[] };
  const cardOf = (call: { body: Record<string, unknown> } | undefined) =>
    (call?.body.attachments as { content: Card }[] | undefined)?.[0]?.content;

  it("a card form with errors on the card, valid Adaptive Card 1.5; the answer is kept", async () => {
    t = await startTestApp({ recording: false, now: at("2027-01-14T12:00") });
    teams = createTeams(t.app.bot, { store: t.app.store, logger: silentLogger, local: true });
    t.app.bot.addAdapter(teams.adapter);
    http = await startHttpServer(0, { "/api/messages": teams.route }, silentLogger);
    await activity({ type: "installationUpdate", action: "add", ...personal });
    connector.reset();
    t.clock.set(OPENS);
    await new Scheduler(t.app).tick();
    const opening = connector.sent().find((c) => JSON.stringify(c.body).includes("Het reisverslag"));
    const card = cardOf(opening);
    const validate = adaptiveCardSchema();
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
    const answer = card?.actions?.find((a) => a.title === "Answer");
    expect(answer).toBeDefined();
    connector.reset();

    await activity({ type: "message", ...personal, replyToId: "reply-opening", value: answer?.data });
    const form = cardOf(connector.sent()[0]);
    expect(validate(form), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.stringify(form?.body)).toMatch(/Your group, your mentor and the coordinators/);
    const data = form?.actions?.[0]?.data ?? {};

    connector.reset();
    await activity({
      type: "message",
      ...personal,
      replyToId: "reply-form",
      value: { ...data, q1: "", q2: "A turning point.", q3: "Listen more.", q4: "Goed", action: "submit" },
    });
    const [shown] = connector.updates();
    expect(shown?.activityId).toBe("reply-form");
    expect(JSON.stringify(cardOf(shown)?.body)).toMatch(/⚠ Fill this in to hand in/);
    expect(validate(cardOf(shown)), JSON.stringify(validate.errors)).toBe(true);
    expect(await t.app.api(homework).records.get("reisverslag:team-zonnedorp")).toBeUndefined();

    connector.reset();
    await activity({
      type: "message",
      ...personal,
      replyToId: "reply-form",
      value: {
        ...data,
        q1: "From a field to a plan.",
        q2: "A turning point.",
        q3: "Listen more.",
        q4: "Goed",
        action: "submit",
      },
    });
    const record = await t.app.api(homework).records.get("reisverslag:team-zonnedorp");
    expect(record?.sheets.group).toMatchObject({ status: "submitted", submittedBy: "hamid-el-amrani" });
    expect(record?.sheets.group?.answers.q1).toMatchObject({
      text: "From a field to a plan.",
      by: "hamid-el-amrani",
    });
  });
});
