import type { AddressInfo } from "node:net";
import { slackInstallations } from "../../src/adapters/slack/records.js";
import { reflections } from "../../src/features/index.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { DateTime } from "luxon";
import { createSlack, SLACK_SCOPES, type Slack } from "../../src/adapters/slack/index.js";
import { KeyvInstallationStore } from "../../src/adapters/slack/installations.js";
import { silentLogger } from "../../src/core/log.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { parseEnv } from "../../src/config/env.js";
import { type Models, modelsFromEnv } from "../../src/knowledge/models.js";
import { FakeOpenAI } from "../helpers/fake-openai.js";
import { FakeSlack, slackSignature } from "../helpers/fake-slack.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";

const SECRET = "kampvuur-signing-secret";
const ANNA = "U0KV0ANNA";
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();

const fake = new FakeSlack();
let apiUrl = "";
beforeAll(async () => {
  apiUrl = await fake.start();
});
afterAll(() => fake.stop());

let t: TestApp;
let slack: Slack;
let http: HttpServer;

async function boot(now?: Date, models?: Models) {
  t = await startTestApp({ recording: false, ...(now ? { now } : {}), ...(models ? { models } : {}) });
  slack = createSlack(t.app.bot, {
    auth: { botToken: "xoxb-test" },
    signingSecret: SECRET,
    apiUrl,
    logger: silentLogger,
    home: (person) => t.app.home(person),
  });
  t.app.bot.addAdapter(slack.adapter);
  http = await startHttpServer(0, slack.routes, silentLogger);
}

beforeEach(() => fake.reset());
afterEach(async () => {
  await http?.close();
  await t?.close();
});

/** POSTs a body to /slack/events, signed like Slack unless told otherwise. */
async function post(
  body: string,
  contentType: string,
  sign: { secret?: string; ageSeconds?: number } = {},
): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000) - (sign.ageSeconds ?? 0);
  return fetch(`http://127.0.0.1:${http.port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": slackSignature(body, sign.secret ?? SECRET, timestamp),
    },
    body,
  });
}

let eventCounter = 0;
const event = (payload: Record<string, unknown>) =>
  post(
    JSON.stringify({
      type: "event_callback",
      team_id: "TKAMPVUUR",
      api_app_id: "AKAMPVUUR",
      event_id: `Ev${++eventCounter}`,
      event_time: Math.floor(Date.now() / 1000),
      event: payload,
    }),
    "application/json",
  );
const interaction = (payload: Record<string, unknown>) =>
  post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, "application/x-www-form-urlencoded");

async function until<T>(read: () => T | undefined, what: string, ms = 5_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() - start > ms)
      throw new Error(
        `timed out waiting for ${what}; calls: ${JSON.stringify(fake.calls.map((c) => c.method))}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}
/** Waits for the first calls of a Web API method. */
const callsOf = (method: string) =>
  until(() => (fake.of(method).length ? fake.of(method) : undefined), method);
const posted = (n = 1) =>
  until(
    () => (fake.of("chat.postMessage").length >= n ? fake.of("chat.postMessage") : undefined),
    `${n} chat.postMessage`,
  );

describe("Slack over HTTP (real Bolt, loopback Web API)", () => {
  it("answers a question in a DM from the content base, with rating buttons", async () => {
    await boot();
    const response = await event({
      type: "message",
      channel: "D0KV0ANNA",
      channel_type: "im",
      user: ANNA,
      text: "wat betekent doen en niet te veel praten?",
      ts: "1700000001.000100",
    });
    expect(response.status).toBe(200);
    const [message] = await posted();
    expect(message?.channel).toBe("D0KV0ANNA");
    expect(String(message?.text)).toMatch(/\[principe-10\]/);
    const blocks = message?.blocks as { type: string; elements?: { action_id: string }[] }[];
    expect(blocks.find((b) => b.type === "actions")?.elements?.map((e) => e.action_id)).toEqual([
      "qa.helpful#0",
      "qa.not-helpful#1",
    ]);
  });

  it("acknowledges within Slack's 3 seconds while a slow model is still writing the answer", async () => {
    const openai = new FakeOpenAI();
    const baseURL = await openai.start();
    try {
      openai.behaviour = { kind: "slow", ms: 3_500 };
      await boot(
        undefined,
        await modelsFromEnv(
          parseEnv({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: baseURL, OPENAI_EMBEDDING_MODEL: "none" }),
        ),
      );
      const started = Date.now();
      const response = await event({
        type: "message",
        channel: "D0KV0ANNA",
        channel_type: "im",
        user: ANNA,
        text: "wat betekent vier successen en maak ze zichtbaar?",
        ts: "1.5",
      });
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(fake.of("chat.postMessage")).toEqual([]);
      const [answer] = await until(
        () => (fake.of("chat.postMessage").length ? fake.of("chat.postMessage") : undefined),
        "the model's answer",
        10_000,
      );
      expect(String(answer?.text)).toMatch(/\[principe-05\]/);
    } finally {
      await openai.stop();
    }
  });

  it("publishes the App Home: a participant's open prompt with its button, a mentor's team", async () => {
    await boot(at("2026-11-17T09:00"));
    await new Scheduler(t.app).tick();
    fake.reset();
    await event({ type: "app_home_opened", user: ANNA, channel: "D0KV0ANNA", tab: "home" });
    const [anna] = await callsOf("views.publish");
    expect(anna?.user_id).toBe(ANNA);
    const annaView = JSON.stringify(anna?.view);
    expect(annaView).toMatch(/Je reflectievraag staat open/);
    expect(annaView).toMatch(/reflection\.answer#0/);
    expect(annaView).toMatch(/Volgende bijeenkomst: donderdag 10 december/);

    fake.reset();
    await event({ type: "app_home_opened", user: "U0KV0HENK", channel: "D0KV0HENK", tab: "home" });
    const [henk] = await callsOf("views.publish");
    expect(JSON.stringify(henk?.view)).toMatch(/0 van 4 beantwoordden de laatste reflectievraag/);
    expect(JSON.stringify(henk?.view)).toMatch(/Team De Vonk/);
    expect(JSON.stringify(henk?.view)).not.toMatch(/Team Zonnedorp/);

    fake.reset();
    await event({ type: "app_home_opened", user: "U0KV0MARI", channel: "D0KV0MARI", tab: "home" });
    const [marieke] = await callsOf("views.publish");
    const programme = JSON.stringify(marieke?.view);
    for (const team of ["Team De Vonk", "Team Zonnedorp", "Team Zorg in het dorp"])
      expect(programme).toContain(team);
    // Counts only: a coordinator does not read anyone's reflections here.
    expect(programme).not.toMatch(/Je laatste antwoorden/);
  });

  it("ignores its own messages coming back as events", async () => {
    await boot();
    await event({
      type: "message",
      channel: "D0KV0ANNA",
      channel_type: "im",
      user: "UKAMPVUUR",
      bot_id: "BKAMPVUUR",
      text: "Dit staat erover…",
      ts: "1.9",
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.of("chat.postMessage")).toEqual([]);
  });

  it("answers a mention in a channel in the thread, without the mention itself", async () => {
    await boot();
    await event({
      type: "app_mention",
      channel: "C0LEERGANG",
      user: "U0KV0HENK",
      text: "<@UKAMPVUUR> wat gebeurt er op de laatste dag van de leergang?",
      ts: "1700000002.000200",
    });
    const [message] = await posted();
    expect(message).toMatchObject({ channel: "C0LEERGANG", thread_ts: "1700000002.000200" });
    expect(String(message?.text)).toMatch(/\[leergang\]/);
  });

  it("sends the weekly prompt to the user id directly; the answer goes through a modal and the prompt is updated", async () => {
    await boot(at("2026-11-17T09:00"));
    await new Scheduler(t.app).tick();
    // Anna, Bram and Esra have a Slack id in the programme; the others the fake does not know.
    // …and Marieke, the coordinator, hears once who could not be reached and what to do.
    const posts = await posted(4);
    const report = posts.find((p) => p.channel === "U0KV0MARI");
    expect(String(report?.text)).toMatch(/^9 deelnemers kregen de reflectievraag niet/);
    const prompts = posts.filter((p) => p !== report);
    expect(prompts.map((p) => p.channel).sort()).toEqual([ANNA, "U0KV0BRAM", "U0KV0ESRA"]);
    const toAnna = prompts.find((p) => p.channel === ANNA);
    expect(fake.of("conversations.open")).toEqual([]);
    const answerButton = (
      toAnna?.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
    )
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id.startsWith("reflection.answer"));
    expect(answerButton).toBeDefined();

    fake.reset();
    await interaction({
      type: "block_actions",
      user: { id: ANNA },
      team: { id: "TKAMPVUUR" },
      api_app_id: "AKAMPVUUR",
      trigger_id: "1337.42",
      channel: { id: "D0KV0ANNA" },
      message: { ts: "1700000001.000100" },
      container: { type: "message" },
      actions: [
        {
          type: "button",
          action_id: answerButton?.action_id,
          value: answerButton?.value,
          block_id: "b1",
          action_ts: "1",
        },
      ],
    });
    const [open] = await callsOf("views.open");
    const view = open?.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string }[];
    };
    expect(open?.trigger_id).toBe("1337.42");
    expect(view.blocks.map((b) => b.block_id)).toEqual(["answer", "visibility"]);

    const submit = (answer: string) =>
      interaction({
        type: "view_submission",
        user: { id: ANNA },
        team: { id: "TKAMPVUUR" },
        api_app_id: "AKAMPVUUR",
        view: {
          id: "V1",
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: {
            values: {
              answer: { value: { type: "plain_text_input", value: answer } },
              visibility: { value: { type: "radio_buttons", selected_option: { value: "mentor" } } },
            },
          },
        },
      });
    const empty = await submit("   ");
    expect(await empty.json()).toEqual({
      response_action: "errors",
      errors: { answer: expect.stringMatching(/leeg/) },
    });
    expect(await t.app.api(reflections).answersOf("anna-de-vries")).toEqual([]);

    const ok = await submit("De bewoners wisten zelf al precies wat ze wilden.");
    expect(ok.status).toBe(200);
    const answers = await t.app.api(reflections).answersOf("anna-de-vries");
    expect(answers.map((a) => [a.text, a.visibility])).toEqual([
      ["De bewoners wisten zelf al precies wat ze wilden.", "mentor"],
    ]);
    // The prompt's buttons make way for "answered" (no dead buttons).
    const [update] = await callsOf("chat.update");
    expect(update?.channel).toBe("D0KV0ANNA");
    expect(JSON.stringify(update?.blocks)).not.toMatch(/"type":"actions"/);
  });

  it("matches a Slack user by e-mail when the programme has no Slack id, and explains kindly to a stranger", async () => {
    await boot();
    fake.users.set("U0CHANTAL", "c.bakker@zutphen.example");
    await event({
      type: "message",
      channel: "D0CHANTAL",
      channel_type: "im",
      user: "U0CHANTAL",
      text: "wie ben ik",
      ts: "1.1",
    });
    const [whoami] = await posted();
    expect(String(whoami?.text)).toMatch(/Chantal Bakker/);

    fake.reset();
    await event({
      type: "message",
      channel: "D0STRANGER",
      channel_type: "im",
      user: "U0STRANGER",
      text: "hallo",
      ts: "1.2",
    });
    const [stranger] = await posted();
    expect(String(stranger?.text)).toMatch(/Ik kan je nog niet vinden in het programma/);
  });

  it("acknowledges the slash command at once and answers in the DM", async () => {
    await boot();
    const body = new URLSearchParams({
      command: "/kampvuur",
      text: "help",
      user_id: ANNA,
      channel_id: "C0LEERGANG",
      team_id: "TKAMPVUUR",
      trigger_id: "1.2",
      response_url: `${apiUrl}/response`,
    }).toString();
    const response = await post(body, "application/x-www-form-urlencoded");
    expect(response.status).toBe(200);
    const [help] = await posted();
    expect(help?.channel).toBe(ANNA);
    expect(String(help?.text)).toMatch(/Dit kun je tegen me zeggen/);
  });

  it.each([
    ["a wrong signature", { secret: "not-the-secret" }],
    ["a timestamp older than five minutes", { ageSeconds: 6 * 60 }],
  ])("refuses a request with %s with 401 and changes nothing", async (_what, sign) => {
    await boot();
    const body = JSON.stringify({
      type: "event_callback",
      event: {
        type: "message",
        channel: "D0KV0ANNA",
        channel_type: "im",
        user: ANNA,
        text: "wat is burgerproductiekracht?",
        ts: "1.3",
      },
    });
    const response = await post(body, "application/json", sign);
    expect(response.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.of("chat.postMessage")).toEqual([]);
    expect(await t.app.store.questions.all()).toEqual([]);
  });

  it("waits out 429s with Retry-After: delayed, nothing lost, nothing twice", async () => {
    await boot(at("2026-11-17T09:00"));
    // Everyone findable by e-mail (users.lookupByEmail), so all 12 participants get the prompt.
    for (const p of t.programme.participants)
      if (p.identities.email && !p.identities.slack)
        fake.users.set(`U0${p.id.toUpperCase().replace(/-/g, "")}`, p.identities.email);
    fake.rateLimit(2);
    const started = Date.now();
    const result = await new Scheduler(t.app).tick();
    expect(result.sent).toBe(12);
    const channels = fake.of("chat.postMessage").map((m) => String(m.channel));
    expect(channels).toHaveLength(12);
    expect(new Set(channels).size).toBe(12);
    expect(fake.calls.filter((c) => c.method.endsWith("(429)"))).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("installs into a second workspace through OAuth, keeps the installation in the store, and uses its token", async () => {
    t = await startTestApp({ recording: false });
    slack = createSlack(t.app.bot, {
      auth: {
        clientId: "1.2",
        clientSecret: "client-secret",
        stateSecret: "state-secret",
        installations: new KeyvInstallationStore(t.app.store),
      },
      signingSecret: SECRET,
      apiUrl,
      logger: silentLogger,
    });
    t.app.bot.addAdapter(slack.adapter);
    http = await startHttpServer(0, slack.routes, silentLogger);
    const base = `http://127.0.0.1:${http.port}`;

    const install = await fetch(`${base}/slack/install`, { redirect: "manual" });
    expect(install.status).toBe(302);
    const location = new URL(install.headers.get("location") ?? "");
    // The same scopes as the app manifest (the manifest test holds the two together).
    expect(location.searchParams.get("scope")?.split(",").sort()).toEqual([...SLACK_SCOPES].sort());
    const state = location.searchParams.get("state") ?? "";
    const cookie = (install.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

    const redirect = await fetch(
      `${base}/slack/oauth_redirect?code=the-code&state=${encodeURIComponent(state)}`,
      {
        headers: { cookie },
        redirect: "manual",
      },
    );
    expect(redirect.status).toBeLessThan(400);
    expect(fake.of("oauth.v2.access")).toHaveLength(1);
    expect((await t.app.store.collection(slackInstallations).get("T-T2"))?.bot?.token).toBe(
      "xoxb-workspace-two",
    );

    fake.reset();
    await post(
      JSON.stringify({
        type: "event_callback",
        team_id: "T2",
        api_app_id: "AKAMPVUUR",
        event_id: "EvOauth",
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: "message",
          channel: "D0KV0ANNA",
          channel_type: "im",
          user: ANNA,
          text: "wie ben ik",
          ts: "2.1",
        },
      }),
      "application/json",
    );
    await until(() => (fake.of("chat.postMessage").length ? true : undefined), "the reply in workspace T2");
    const reply = fake.calls.find((c) => c.method === "chat.postMessage");
    expect(reply?.token).toBe("xoxb-workspace-two");
    expect(String(reply?.args.text)).toMatch(/Anna de Vries/);
  });

  it("works in Socket Mode: events arrive over a WebSocket, are acknowledged there, and answered", async () => {
    const sockets = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await new Promise((resolve) => sockets.once("listening", resolve));
    const acks: string[] = [];
    const connected = new Promise<WebSocket>((resolve) =>
      sockets.on("connection", (socket) => {
        socket.on("message", (data) => acks.push(JSON.parse(String(data)).envelope_id));
        socket.send(
          JSON.stringify({
            type: "hello",
            num_connections: 1,
            debug_info: { host: "fake" },
            connection_info: { app_id: "AKAMPVUUR" },
          }),
        );
        resolve(socket);
      }),
    );
    fake.socketUrl = `ws://127.0.0.1:${(sockets.address() as AddressInfo).port}/`;
    t = await startTestApp({ recording: false });
    slack = createSlack(t.app.bot, {
      auth: { botToken: "xoxb-test", appToken: "xapp-test" },
      signingSecret: "",
      apiUrl,
      logger: silentLogger,
    });
    t.app.bot.addAdapter(slack.adapter);
    expect(slack.routes).toEqual({});
    try {
      await slack.start();
      const socket = await connected;
      socket.send(
        JSON.stringify({
          envelope_id: "envelope-1",
          type: "events_api",
          accepts_response_payload: false,
          retry_attempt: 0,
          payload: {
            type: "event_callback",
            team_id: "TKAMPVUUR",
            api_app_id: "AKAMPVUUR",
            event_id: "EvSocket",
            event_time: Math.floor(Date.now() / 1000),
            event: {
              type: "message",
              channel: "D0KV0ANNA",
              channel_type: "im",
              user: ANNA,
              text: "wie ben ik",
              ts: "3.1",
            },
          },
        }),
      );
      const [reply] = await posted();
      expect(String(reply?.text)).toMatch(/Anna de Vries/);
      expect(acks).toContain("envelope-1");
    } finally {
      await slack.stop();
      sockets.close();
    }
  });

  it("a coordinator's 'aankondiging: …' DM gets the preview; for one team, 'Versturen' posts to exactly its members with a Slack id", async () => {
    // Chantal and Daan have no Slack id, and (unlike in the tests above) no Slack user has their e-mail.
    fake.users.clear();
    await boot();
    const MARIEKE = "U0KV0MARI";
    type Element = { action_id: string; value?: string; text: { text: string } };
    const buttons = (message: Record<string, unknown> | undefined) =>
      (message?.blocks as { type: string; elements?: Element[] }[]).flatMap((b) =>
        b.type === "actions" ? (b.elements ?? []) : [],
      );
    /** The calls of a method from the `from`-th call of the fake on. */
    const since = (from: number, method: string) =>
      fake.calls
        .slice(from)
        .filter((c) => c.method === method)
        .map((c) => c.args);
    let clicks = 0;
    // Each click has a trigger id of its own (the same one twice is one click, deduplicated).
    const click = (button: Element | undefined, ts: string) =>
      interaction({
        type: "block_actions",
        user: { id: MARIEKE },
        team: { id: "TKAMPVUUR" },
        api_app_id: "AKAMPVUUR",
        trigger_id: `9.${++clicks}`,
        channel: { id: "D0KV0MARI" },
        message: { ts },
        container: { type: "message" },
        actions: [
          {
            type: "button",
            action_id: button?.action_id,
            value: button?.value,
            block_id: "b",
            action_ts: "1",
          },
        ],
      });

    await event({
      type: "message",
      channel: "D0KV0MARI",
      channel_type: "im",
      user: MARIEKE,
      text: "aankondiging: De bijeenkomst begint om 10:00",
      ts: "1700000009.000100",
    });
    const [preview] = await posted();
    expect(preview?.channel).toBe("D0KV0MARI");
    expect(String(preview?.text)).toMatch(
      /^De bijeenkomst begint om 10:00\n\nVan Marieke Hoekstra, coördinator/,
    );
    const ts = fake.conversations.get("D0KV0MARI")?.at(-1)?.ts ?? "";

    let from = fake.calls.length;
    await click(
      buttons(preview).find((b) => b.text.text === "Team De Vonk"),
      ts,
    );
    const [team] = await until(
      () => (since(from, "chat.update").length ? since(from, "chat.update") : undefined),
      "the preview for the team",
    );
    expect(String(team?.text)).toContain(
      "Gaat naar 3 mensen (2 deelnemers, 1 mentor).\n2 mensen kan ik niet bereiken: Chantal Bakker en Daan Visser hebben de app nog niet geopend.",
    );
    // Nothing goes out before "Versturen".
    expect(fake.of("chat.postMessage")).toHaveLength(1);
    const confirm = buttons(team).find((b) => b.text.text === "Versturen");
    expect(confirm?.action_id).toMatch(/^announcement\.confirm/);

    from = fake.calls.length;
    await click(confirm, ts);
    const [result] = await until(
      () => (since(from, "chat.update").length ? since(from, "chat.update") : undefined),
      "the result",
    );
    expect(String(result?.text)).toMatch(/Verstuurd naar 3 mensen\.\n2 mensen kon ik niet bereiken\.$/);
    expect(buttons(result)).toEqual([]);
    const sent = since(from, "chat.postMessage");
    expect(sent.map((m) => m.channel).sort()).toEqual([ANNA, "U0KV0BRAM", "U0KV0HENK"]);
    for (const m of sent) expect(String(m.text)).toMatch(/^De bijeenkomst begint om 10:00\n/);
  });
});
