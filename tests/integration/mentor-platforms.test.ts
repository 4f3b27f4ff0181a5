import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSlack } from "../../src/adapters/slack/index.js";
import { createTeams } from "../../src/adapters/teams/index.js";
import { loadAppProgramme } from "../../src/app.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { silentLogger } from "../../src/core/log.js";
import { reflections } from "../../src/features/reflections/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { adaptiveCardSchema } from "../helpers/card-schema.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.js";
import { startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { personalChat, teamsActivities } from "../helpers/platforms.js";

/**
 * The mentor's digest, reply, nudge, `gedeeld` and Home tab over the real Slack and Teams
 * code paths (Bolt and botbuilder against loopback fakes of their APIs).
 */
const SECRET = "kampvuur-signing-secret";
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const ANNA = "U0KV0ANNA";
const BRAM = "U0KV0BRAM";
const HENK = "U0KV0HENK";
const HAMID = "29:1kampvuur-demo-hamid";
const INGRID = "29:1kampvuur-demo-ingrid";
const PRIVATE = "Bram twijfelt in stilte of hij doorgaat met de leergang x41k.";

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

/** The demo programme, with Ingrid on Teams. */
async function programme(): Promise<Programme> {
  const p = await loadAppProgramme();
  const ingrid = p.mentors.find((m) => m.id === "ingrid-kok");
  if (ingrid) ingrid.identities = { ...ingrid.identities, teams: INGRID };
  return p;
}

/** kampvuur with Slack and Teams (local mode) on one HTTP server, as `npm start` runs it. */
async function boot(now: Date, storeUrl: string, p?: Programme) {
  const t = await startTestApp({ recording: false, now, storeUrl, programme: p ?? (await programme()) });
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

let counter = 0;
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
const event = (http: HttpServer, payload: Record<string, unknown>) =>
  slackPost(
    http,
    JSON.stringify({
      type: "event_callback",
      team_id: "TKAMPVUUR",
      api_app_id: "AKAMPVUUR",
      event_id: `EvMentor${++counter}`,
      event_time: Math.floor(Date.now() / 1000),
      event: payload,
    }),
    "application/json",
  );
const dm = (http: HttpServer, user: string, text: string) =>
  event(http, {
    type: "message",
    channel_type: "im",
    channel: `D${user}`,
    user,
    text,
    ts: `${Date.now() / 1000}`,
  });
const interaction = (http: HttpServer, payload: Record<string, unknown>) =>
  slackPost(
    http,
    `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    "application/x-www-form-urlencoded",
  );
const click = (http: HttpServer, user: string, button: { action_id: string; value: string }) =>
  interaction(http, {
    type: "block_actions",
    user: { id: user },
    team: { id: "TKAMPVUUR" },
    api_app_id: "AKAMPVUUR",
    trigger_id: `${++counter}.42`,
    channel: { id: `D${user}` },
    message: { ts: "1700000001.000100" },
    container: { type: "message" },
    actions: [{ type: "button", ...button, block_id: "b1", action_ts: "1" }],
  });
const submitView = (
  http: HttpServer,
  user: string,
  view: Record<string, unknown>,
  values: Record<string, unknown>,
) =>
  interaction(http, {
    type: "view_submission",
    user: { id: user },
    team: { id: "TKAMPVUUR" },
    api_app_id: "AKAMPVUUR",
    view: {
      id: "V1",
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values },
    },
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

type SlackBlock = { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] };
const buttons = (post: Record<string, unknown> | undefined) =>
  ((post?.blocks ?? []) as SlackBlock[]).flatMap((b) => b.elements ?? []).filter((e) => e.action_id);
const postsTo = (channel: string) =>
  slackApi.of("chat.postMessage").filter((p) => p.channel === channel || p.channel === `D${channel}`);
const digests = () =>
  slackApi.of("chat.postMessage").filter((p) => String(p.text).startsWith("Weekoverzicht"));

// Teams
const teamsActivity = (http: HttpServer, fields: Record<string, unknown>) =>
  teamsActivities(http.port, serviceUrl)(fields);
const personal = personalChat;
type Card = { body: Record<string, unknown>[]; actions?: { title: string; data: Record<string, string> }[] };
const cardOf = (call: { body: Record<string, unknown> } | undefined) =>
  (call?.body.attachments as { content: Card }[] | undefined)?.[0]?.content;
/** Every button of a card: in ActionSets of its body and at its end. */
const actionsOf = (card: Card | undefined) => [
  ...(card?.body ?? []).flatMap((e) =>
    e.type === "ActionSet" ? (e.actions as { title: string; data: Record<string, string> }[]) : [],
  ),
  ...(card?.actions ?? []),
];
const sentTo = (userId: string) => connector.sent().filter((c) => c.conversation === `a:personal-${userId}`);

describe("the mentor's side over Slack", () => {
  it("a digest once across a restart, with the shared answer and not the private one; Reageer reaches Anna", async () => {
    const storeUrl = sqlite();
    let app = await boot(at("2026-11-24T09:00"), storeUrl);
    await new Scheduler(app.t.app).tick();
    const prompt = postsTo(ANNA).find((p) =>
      buttons(p).some((b) => b.action_id.startsWith("reflection.answer")),
    );
    // Anna answers in the modal and shares it with Henk; the reply says who sees it and when.
    await click(
      app.http,
      ANNA,
      buttons(prompt).find((b) => b.action_id.startsWith("reflection.answer"))!,
    );
    const [open] = await until(
      () => (slackApi.of("views.open").length ? slackApi.of("views.open") : undefined),
      "the modal",
    );
    const radio = JSON.stringify(open?.view);
    expect(radio).toContain("Ik en Henk (mijn mentor)");
    slackApi.reset();
    await submitView(app.http, ANNA, open?.view as Record<string, unknown>, {
      answer: { value: { type: "plain_text_input", value: "De bewoners hadden het plan al klaar." } },
      visibility: { value: { type: "radio_buttons", selected_option: { value: "mentor" } } },
    });
    const saved = await until(
      () => postsTo(ANNA).find((p) => String(p.text).includes("opgeslagen")),
      "the saved line",
    );
    expect(String(saved.text)).toContain("Henk ziet dit in het weekoverzicht van vrijdag 27 november.");
    // Bram answers privately by typing.
    await dm(app.http, BRAM, PRIVATE);
    await until(() => postsTo(BRAM).find((p) => String(p.text).includes("opgeslagen")), "Bram's saved line");

    slackApi.reset();
    app.t.clock.set(at("2026-11-27T16:00"));
    await new Scheduler(app.t.app).tick();
    const [digest] = digests();
    expect(digest?.channel).toBe(HENK);
    expect(String(digest?.text)).toMatch(/^Weekoverzicht Team De Vonk: 1 antwoord gedeeld\. 2 van de 4/);
    expect(JSON.stringify(digest?.blocks)).toContain("De bewoners hadden het plan al klaar.");
    expect(JSON.stringify(slackApi.calls)).not.toContain(PRIVATE);
    expect(buttons(digest).map((b) => b.text.text)).toEqual(["Reageer", "Alleen als er iets gedeeld is"]);

    // A restart a few minutes later sends no second digest.
    await stop(app);
    slackApi.reset();
    app = await boot(at("2026-11-27T16:05"), storeUrl);
    await new Scheduler(app.t.app).tick();
    expect(digests()).toEqual([]);

    // Reageer: a modal, and the reply reaches Anna as a DM.
    await click(
      app.http,
      HENK,
      buttons(digest).find((b) => b.text.text === "Reageer")!,
    );
    const [form] = await until(
      () => (slackApi.of("views.open").length ? slackApi.of("views.open") : undefined),
      "the reply modal",
    );
    await submitView(app.http, HENK, form?.view as Record<string, unknown>, {
      reply: { value: { type: "plain_text_input", value: "Knap dat je dat zag, Anna." } },
    });
    const reply = await until(
      () => postsTo(ANNA).find((p) => String(p.text).startsWith("Henk Westerveld reageert")),
      "the reply",
    );
    expect(String(reply.text)).toMatch(/Knap dat je dat zag, Anna\.$/);
    expect(buttons(reply).map((b) => b.text.text)).toEqual(["Antwoord terug"]);

    // gedeeld and the Home tab: Anna's words, never Bram's.
    slackApi.reset();
    await dm(app.http, HENK, "gedeeld");
    const shared = await until(
      () => postsTo(HENK).find((p) => String(p.text).includes("Gedeeld met jou")),
      "gedeeld",
    );
    expect(JSON.stringify(shared.blocks)).toContain("De bewoners hadden het plan al klaar.");
    await event(app.http, { type: "app_home_opened", user: HENK, channel: `D${HENK}`, tab: "home" });
    const [home] = await until(
      () => (slackApi.of("views.publish").length ? slackApi.of("views.publish") : undefined),
      "the Home tab",
    );
    expect(JSON.stringify(home?.view)).toContain("Praktijkcase: Buurtkamer De Vonk");
    expect(JSON.stringify(home?.view)).toContain("beantwoord (privé)");
    expect(JSON.stringify(slackApi.calls)).not.toContain(PRIVATE);
  });
});

describe("the mentor's side over Teams", () => {
  const install = (http: HttpServer, user: string) =>
    teamsActivity(http, { type: "installationUpdate", action: "add", ...personal(user) });

  it("the digest is a valid card; Reageer opens a form and the reply reaches Hamid", async () => {
    const app = await boot(at("2026-11-24T08:00"), sqlite());
    await install(app.http, HAMID);
    await install(app.http, INGRID);
    app.t.clock.set(at("2026-11-24T09:00"));
    await new Scheduler(app.t.app).tick();
    const hamid = app.t.app.bot.directory.get("hamid-el-amrani")!;
    const prompt = await app.t.app.api(reflections).receivedPrompt(hamid.id, "reflection:2026-11-24T09:00");
    await app.t.app
      .api(reflections)
      .saveAnswer(hamid, prompt!, "The residents drew the map themselves.", "mentor");
    connector.reset();

    app.t.clock.set(at("2026-11-27T16:00"));
    await new Scheduler(app.t.app).tick();
    const [digest] = sentTo(INGRID);
    const card = cardOf(digest);
    const validate = adaptiveCardSchema();
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.stringify(card)).toContain("The residents drew the map themselves.");
    expect(JSON.stringify(digest?.body).length).toBeLessThan(28_000);
    const reply = actionsOf(card).find((a) => a.title === "Reageer");
    expect(reply).toBeDefined();

    connector.reset();
    await teamsActivity(app.http, {
      type: "message",
      ...personal(INGRID),
      replyToId: "digest",
      value: reply?.data,
    });
    const formCard = cardOf(connector.sent()[0]);
    expect(JSON.stringify(formCard?.body)).toMatch(/Input.Text/);
    const submit = formCard?.actions?.[0]?.data ?? {};
    connector.reset();
    await teamsActivity(app.http, {
      type: "message",
      ...personal(INGRID),
      replyToId: "form",
      value: { ...submit, reply: "Mooi, Hamid. Wie had dat idee?" },
    });
    const toHamid = await until(() => sentTo(HAMID)[0], "the reply to Hamid");
    const text = JSON.stringify(cardOf(toHamid) ?? toHamid.body);
    expect(text).toContain("Ingrid Kok replies to your answer");
    expect(text).toContain("Mooi, Hamid. Wie had dat idee?");
  });

  it("a nudge from the card goes once; gedeeld is a card under 28 KB however long the answers", async () => {
    const app = await boot(at("2026-11-24T08:00"), sqlite());
    await install(app.http, HAMID);
    await install(app.http, INGRID);
    app.t.clock.set(at("2026-11-24T09:00"));
    await new Scheduler(app.t.app).tick();
    connector.reset();
    app.t.clock.set(at("2026-11-27T16:00"));
    await new Scheduler(app.t.app).tick();
    const nudge = actionsOf(cardOf(sentTo(INGRID)[0])).find((a) => a.title === "Duwtje aan Hamid");
    expect(nudge).toBeDefined();
    connector.reset();
    await teamsActivity(app.http, {
      type: "message",
      ...personal(INGRID),
      replyToId: "digest",
      value: nudge?.data,
    });
    await teamsActivity(app.http, {
      type: "message",
      ...personal(INGRID),
      replyToId: "digest",
      value: nudge?.data,
    });
    const toHamid = sentTo(HAMID).map((c) => JSON.stringify(c.body));
    expect(toHamid).toHaveLength(1);
    expect(toHamid[0]).toContain("Hi Hamid, Ingrid is thinking of you.");
    expect(JSON.stringify(connector.sent())).toContain("al een duwtje");

    // Twelve weeks of the longest answers, shared: a page of gedeeld stays far under 28 KB.
    const store = app.t.app.store;
    const long = (n: number) =>
      `${n}: ${"Een lang antwoord over de buurtkamer en de bewoners. ".repeat(60)}`.slice(0, 3000);
    await store.answers.set("hamid-el-amrani", {
      personId: "hamid-el-amrani",
      answers: Array.from({ length: 12 }, (_, i) => ({
        id: `o${i}`,
        occurrenceId: `o${i}`,
        promptId: "p",
        promptText: "Wat viel je op?",
        text: long(i),
        visibility: "group" as const,
        createdAt: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
        updatedAt: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
        history: [],
      })),
    });
    connector.reset();
    await teamsActivity(app.http, { type: "message", ...personal(INGRID), text: "gedeeld" });
    const page = await until(() => connector.sent()[0], "the gedeeld card");
    const pageCard = cardOf(page);
    const validate = adaptiveCardSchema();
    expect(validate(pageCard), JSON.stringify(validate.errors)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(page.body))).toBeLessThan(20_000);
    expect(JSON.stringify(pageCard)).toContain("11: Een lang antwoord");
    const more = actionsOf(pageCard).find((a) => a.title === "Meer");
    expect(more).toBeDefined();
  });
});
