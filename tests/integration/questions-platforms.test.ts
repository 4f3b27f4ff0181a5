import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSlack } from "../../src/adapters/slack/index.js";
import { createTeams } from "../../src/adapters/teams/index.js";
import { silentLogger } from "../../src/core/log.js";
import { ANSWER_CEILING } from "../../src/features/questions/message.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { adaptiveCardSchema } from "../helpers/card-schema.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.js";
import { buttonsOf, startTestApp, type TestApp } from "../helpers/harness.js";
import { personalChat, teamsActivities } from "../helpers/platforms.js";

/**
 * The short answer for phones has the same shape in Slack, Teams and the console: the best
 * passage under its title, "Meer hierover:" with titles, 👍/👎 and "Lees verder", within
 * each platform's ceiling; "Lees verder" shows the whole passage.
 */
const SECRET = "kampvuur-signing-secret";
const HAMID = "29:1kampvuur-demo-hamid";
const QUESTION = "wat betekent doen en niet te veel praten?";
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

let t: TestApp;
let http: HttpServer;
afterEach(async () => {
  await http?.close();
  await t?.close();
});

async function boot() {
  t = await startTestApp({ recording: false });
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
  http = await startHttpServer(0, { ...slack.routes, "/api/messages": teams.route }, silentLogger);
}

let counter = 0;
async function slackPost(body: string, contentType: string) {
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
const slackDm = (user: string, text: string) =>
  slackPost(
    JSON.stringify({
      type: "event_callback",
      team_id: "TKAMPVUUR",
      api_app_id: "AKAMPVUUR",
      event_id: `EvQ${++counter}`,
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
const slackClick = (user: string, button: { action_id: string; value: string }) =>
  slackPost(
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: "block_actions",
        user: { id: user },
        team: { id: "TKAMPVUUR" },
        api_app_id: "AKAMPVUUR",
        trigger_id: `${++counter}.42`,
        channel: { id: `D${user}` },
        message: { ts: "1.1" },
        container: { type: "message" },
        actions: [{ type: "button", ...button, block_id: "b1", action_ts: "1" }],
      }),
    )}`,
    "application/x-www-form-urlencoded",
  );
/** An activity in Hamid's personal chat, the way the Bot Connector POSTs it. */
const teamsActivity = (fields: Record<string, unknown>) =>
  teamsActivities(http.port, serviceUrl)({ ...personalChat(HAMID), ...fields });

async function until<T>(read: () => T | undefined, what: string, ms = 5_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type SlackElement = { action_id: string; value: string; text: { text: string } };
type SlackBlock = { type: string; text?: { text: string }; elements?: SlackElement[] };
type Card = {
  body: { type: string; text?: string; actions?: { title: string; data: Record<string, string> }[] }[];
};

describe("a short answer over Slack, Teams and the console", () => {
  it("has the same shape on all three, within each ceiling, and 'Lees verder' shows the passage", async () => {
    await boot();
    // Console (the harness chat is the console's path through the core).
    const anna = t.chat("anna-de-vries");
    await anna.say(QUESTION);
    const consoleText = anna.lastReply?.text ?? "";
    expect(consoleText.length).toBeLessThanOrEqual(ANSWER_CEILING.console as number);
    expect(buttonsOf(anna.lastReply).map((b) => b.label)).toEqual([
      "👍 Nuttig",
      "👎 Niet nuttig",
      "Lees verder",
    ]);

    // Slack: the same text, the same buttons.
    expect((await slackDm("U0KV0ANNA", QUESTION)).status).toBe(200);
    const [post] = await until(
      () => (slackApi.of("chat.postMessage").length ? slackApi.of("chat.postMessage") : undefined),
      "the answer",
    );
    // The notification line is plain words (Slack's own choice); the blocks say the same as the console.
    const slackBlocks = ((post?.blocks ?? []) as SlackBlock[]).map((b) => b.text?.text ?? "").join("\n\n");
    expect(slackBlocks.replace(/\*/g, "")).toContain(consoleText.split("\n\n")[1] ?? "-");
    expect(String(post?.text).replace(/\*/g, "").split("\n")[0]).toBe(
      consoleText.replace(/\*/g, "").split("\n")[0],
    );
    expect(String(post?.text).length).toBeLessThanOrEqual(ANSWER_CEILING.slack as number);
    const elements = ((post?.blocks ?? []) as SlackBlock[])
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.action_id);
    expect(elements.map((e) => e.text.text)).toEqual(["👍 Nuttig", "👎 Niet nuttig", "Lees verder"]);
    const more = elements[2] as SlackElement;
    slackApi.reset();
    expect((await slackClick("U0KV0ANNA", { action_id: more.action_id, value: more.value })).status).toBe(
      200,
    );
    const [full] = await until(
      () => (slackApi.of("chat.postMessage").length ? slackApi.of("chat.postMessage") : undefined),
      "the passage",
    );
    expect(String(full?.text)).toMatch(/^Principe 10: Doen en niet te veel praten/);
    expect(String(full?.text).length).toBeGreaterThan(consoleText.length / 2);

    // Teams: a valid Adaptive Card 1.5, text within the ceiling, the same buttons (two rows).
    expect(
      (await teamsActivity({ type: "message", text: "what does do more, talk less mean?" })).status,
    ).toBeLessThan(300);
    const reply = await until(() => connector.sent()[0], "the Teams answer");
    const card = (reply.body.attachments as { content: Card }[])[0]?.content as Card;
    const validate = adaptiveCardSchema();
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
    const texts = card.body.filter((e) => e.type === "TextBlock").map((e) => e.text ?? "");
    expect(texts[0]).toMatch(/^\*\*Principle 10: [^*]+\*\* \[principe-10\]/);
    expect(texts.join("\n\n").length).toBeLessThanOrEqual(ANSWER_CEILING.teams as number);
    const rows = card.body.filter((e) => e.type === "ActionSet").map((s) => s.actions?.map((a) => a.title));
    expect(rows).toEqual([["👍 Helpful", "👎 Not helpful"], ["Read more"]]);
    connector.reset();
    const readMore = card.body.filter((e) => e.type === "ActionSet")[1]?.actions?.[0]?.data ?? {};
    await teamsActivity({ type: "message", value: readMore });
    const passage = await until(() => connector.sent()[0], "the Teams passage");
    expect(JSON.stringify(passage.body)).toMatch(/Principle 10: Do/);
  });
});
