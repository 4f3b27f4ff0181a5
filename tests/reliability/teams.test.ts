import { loadAppProgramme } from "../../src/app.js";
import { teamsConversations, teamsUsers } from "../../src/adapters/teams/records.js";
import diagnostics from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeams, type Teams } from "../../src/adapters/teams/index.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { SendError } from "../../src/core/adapter.js";
import { messages } from "../../src/core/i18n/index.js";
import { silentLogger } from "../../src/core/log.js";
import { deliveryId } from "../../src/features/reflections/service.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { finished, listeningPort, spawnCli } from "../helpers/cli.js";
import { type Failure, FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

const HAMID = "29:1kampvuur-demo-hamid";
const HAMID_CHAT = `a:personal-${HAMID}`;
const BOT = { id: "28:kampvuur", name: "kampvuur" };
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const TUESDAY_0800 = at("2026-11-17T08:00");
const TUESDAY_0900 = at("2026-11-17T09:00");
const FIRST = "reflection:2026-11-17T09:00";
const INTERNAL_ERRORS = [messages("nl").internalError, messages("en").internalError];

const connector = new FakeConnector();
let serviceUrl = "";
beforeAll(async () => {
  serviceUrl = await connector.start();
});
afterAll(() => connector.stop());
beforeEach(() => connector.reset());

/** Every HTTP request this process starts (botbuilder's connector client uses node:http), by host. */
const outbound: string[] = [];
const recordOutbound = (message: unknown) => {
  const request = (message as { request: ClientRequest & { host?: string } }).request;
  outbound.push(request.host ?? "");
};
beforeAll(() => diagnostics.subscribe("http.client.request.start", recordOutbound));
afterAll(() => diagnostics.unsubscribe("http.client.request.start", recordOutbound));
beforeEach(() => void (outbound.length = 0));

let t: TestApp | undefined;
let teams: Teams;
let http: HttpServer | undefined;
afterEach(async () => {
  await http?.close();
  await t?.close();
  http = undefined;
  t = undefined;
});

/** The app with Teams in local mode (KAMPVUUR_TEAMS_LOCAL), behind the real HTTP server. */
async function boot(options: { now?: Date; programme?: Programme; sendTimeoutMs?: number } = {}) {
  t = await startTestApp({
    recording: false,
    now: options.now ?? TUESDAY_0800,
    programme: options.programme,
  });
  teams = createTeams(t.app.bot, {
    store: t.app.store,
    logger: silentLogger,
    local: true,
    ...(options.sendTimeoutMs ? { sendTimeoutMs: options.sendTimeoutMs } : {}),
  });
  t.app.bot.addAdapter(teams.adapter);
  http = await startHttpServer(0, { "/api/messages": teams.route }, silentLogger);
  return t;
}

let counter = 0;
/** POSTs an activity to /api/messages the way the Bot Connector (or the Emulator) does. */
function post(fields: Record<string, unknown>, host = "127.0.0.1") {
  const body = {
    channelId: "msteams",
    serviceUrl,
    id: `incoming-${++counter}`,
    recipient: BOT,
    timestamp: new Date().toISOString(),
    ...fields,
  };
  return postRaw(body, host);
}
function postRaw(body: unknown, host = "127.0.0.1") {
  return fetch(`http://${host.includes(":") ? `[${host}]` : host}:${http?.port}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
const personal = (userId: string, conversationId = `a:personal-${userId}`) => ({
  from: { id: userId, name: userId },
  conversation: { id: conversationId, conversationType: "personal", tenantId: "tenant" },
});
const install = (userId: string) => post({ type: "installationUpdate", action: "add", ...personal(userId) });
const textOf = (call: { body: Record<string, unknown> }) => JSON.stringify(call.body);

/** The demo programme with `count` participants, all on Teams. */
async function bigProgramme(count: number): Promise<Programme> {
  const demo = await loadAppProgramme();
  const participants = Array.from({ length: count }, (_, i) => {
    const base = demo.participants[i % demo.participants.length] as Programme["participants"][number];
    const id = i < demo.participants.length ? base.id : `${base.id}-${i}`;
    return { ...base, id, name: `${base.name} ${i}`, identities: { teams: `29:${id}` } };
  });
  return { ...demo, participants };
}

describe("the Teams endpoint is served only when Teams is configured", () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => void (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  const start = (extra: NodeJS.ProcessEnv) =>
    spawnCli(["start"], {
      KAMPVUUR_STORE: `sqlite://${join(tmp.dir, "kampvuur.sqlite")}`,
      PORT: "0",
      LOG_LEVEL: "info",
      ...extra,
    });

  it.each([
    [
      "a Slack-only deployment",
      {
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_SIGNING_SECRET: "secret",
        SLACK_API_URL: "http://127.0.0.1:9/api",
      },
    ],
    ["PORT and a Teams password without an app id", { MicrosoftAppPassword: "secret" }],
  ])("in %s, npm start answers 404 at /api/messages and calls nobody", async (_what, env) => {
    const child = start(env);
    const done = finished(child);
    const port = await listeningPort(child);
    const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "message",
        channelId: "msteams",
        serviceUrl,
        recipient: BOT,
        ...personal(HAMID),
        text: "antwoorden",
      }),
    });
    expect(response.status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
    expect(connector.calls).toEqual([]);
  });

  it("with KAMPVUUR_TEAMS_LOCAL=1, npm start serves it for loopback: an install is greeted", async () => {
    const child = start({ KAMPVUUR_TEAMS_LOCAL: "1" });
    const done = finished(child);
    const port = await listeningPort(child);
    const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "installationUpdate",
        action: "add",
        channelId: "msteams",
        serviceUrl,
        recipient: BOT,
        ...personal(HAMID),
      }),
    });
    expect(response.status).toBeLessThan(300);
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
    expect(connector.sent().map((c) => c.conversation)).toEqual([HAMID_CHAT]);
    expect(textOf(connector.sent()[0] as { body: Record<string, unknown> })).toMatch(/Hi Hamid/);
  });
});

describe("local mode accepts only loopback", () => {
  it.each([
    "http://127.0.0.1.attacker.example/",
    "http://localhost.evil.test/",
    "http://127.0.0.1@evil.example/",
    "https://smba.trafficmanager.net/emea/",
  ])(
    "refuses a serviceUrl on %s: no connector call, nothing stored, Hamid's chat unchanged",
    async (spoofed) => {
      const app = await boot();
      expect((await install(HAMID)).status).toBeLessThan(300);
      const reference = await app.app.store.collection(teamsConversations).get(HAMID_CHAT);
      const user = await app.app.store.collection(teamsUsers).get(HAMID);
      connector.reset();
      outbound.length = 0;

      for (const conversation of [HAMID_CHAT, "a:attacker-chat"]) {
        const response = await post({
          type: "message",
          ...personal(HAMID, conversation),
          serviceUrl: spoofed,
          text: "antwoorden",
        });
        expect(response.status).toBe(401);
        expect(await response.text()).not.toMatch(/\n\s+at /);
      }
      expect(connector.calls).toEqual([]);
      expect(outbound).toEqual([]);
      expect(await app.app.store.collection(teamsConversations).get(HAMID_CHAT)).toEqual(reference);
      expect(await app.app.store.collection(teamsConversations).get("a:attacker-chat")).toBeUndefined();
      expect(await app.app.store.collection(teamsUsers).get(HAMID)).toEqual(user);
    },
  );

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4")?.address;
  it.skipIf(!external)("refuses a request that does not come from a loopback address", async () => {
    const app = await boot();
    const response = await post({ type: "message", ...personal(HAMID), text: "antwoorden" }, external);
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
    expect(await app.app.store.collection(teamsUsers).get(HAMID)).toBeUndefined();
    expect(await app.app.store.collection(teamsConversations).get(HAMID_CHAT)).toBeUndefined();
  });

  it("never re-points a stored chat: the next prompt still goes to Hamid's own chat", async () => {
    const other = new FakeConnector();
    const otherUrl = await other.start();
    try {
      const app = await boot();
      await install(HAMID);
      const reference = await app.app.store.collection(teamsConversations).get(HAMID_CHAT);
      const user = await app.app.store.collection(teamsUsers).get(HAMID);
      // Someone on this machine, with their own connector, speaks as Hamid: in his chat, and in a new one.
      await post({ type: "message", ...personal(HAMID), serviceUrl: otherUrl, text: "help" });
      await post({ type: "message", ...personal(HAMID, "a:other-chat"), serviceUrl: otherUrl, text: "help" });
      expect(await app.app.store.collection(teamsConversations).get(HAMID_CHAT)).toEqual(reference);
      expect(await app.app.store.collection(teamsUsers).get(HAMID)).toEqual(user);

      connector.reset();
      other.reset();
      app.clock.set(TUESDAY_0900);
      await new Scheduler(app.app).tick();
      expect(connector.delivered(HAMID_CHAT)).toBe(1);
      expect(other.calls).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});

describe("a proactive send that fails throws a SendError, is sent once, and nobody gets an apology", () => {
  const cases: [string, Failure | "closed", Partial<SendError>, number][] = [
    [
      "429 without Retry-After",
      { status: 429 },
      { certainty: "not-sent", rateLimited: true, retryAfterMs: undefined },
      0,
    ],
    [
      "429 with Retry-After: 2",
      { status: 429, retryAfter: 2 },
      { certainty: "not-sent", rateLimited: true, retryAfterMs: 2_000 },
      0,
    ],
    ["403", { status: 403 }, { certainty: "not-sent", rateLimited: false }, 0],
    ["a refused connection", "closed", { certainty: "not-sent", rateLimited: false }, 0],
    ["503 after accepting", { status: 503, accepted: true }, { certainty: "uncertain" }, 1],
    [
      "503 with Retry-After after accepting",
      { status: 503, accepted: true, retryAfter: 0 },
      { certainty: "uncertain" },
      1,
    ],
    ["500", { status: 500 }, { certainty: "uncertain" }, 0],
    [
      "a reset after the request arrived",
      { status: 0, accepted: true, mode: "reset" },
      { certainty: "uncertain" },
      1,
    ],
    ["no answer in time", { status: 0, mode: "hang" }, { certainty: "uncertain" }, 0],
  ];

  it.each(cases)("%s", async (_what, failure, expected, delivered) => {
    const app = await boot({ sendTimeoutMs: 500 });
    await install(HAMID);
    connector.reset();
    if (failure === "closed") {
      const gone = new FakeConnector();
      const goneUrl = await gone.start();
      await gone.stop();
      const reference = await app.app.store.collection(teamsConversations).get(HAMID_CHAT);
      await app.app.store
        .collection(teamsConversations)
        .set(HAMID_CHAT, { ...reference!, serviceUrl: goneUrl });
    } else connector.fail(failure);

    const error = await teams.adapter
      .send(`teams:${HAMID_CHAT}`, { text: "Wat heb je deze week geleerd?" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject(expected);
    // One request, never a second one from the client; and no "sorry, something went wrong".
    expect(connector.calls.filter((c) => c.method.startsWith("POST"))).toHaveLength(
      failure === "closed" ? 0 : 1,
    );
    expect(connector.delivered(HAMID_CHAT)).toBe(delivered);
    connector.clearFailures();
    await new Promise((r) => setTimeout(r, 100));
    expect(connector.sent().filter((c) => INTERNAL_ERRORS.some((m) => textOf(c).includes(m)))).toEqual([]);
  });

  it("a prompt whose send got a 503 after the connector took it counts as received and is not sent again", async () => {
    const app = await boot();
    await install(HAMID);
    connector.reset();
    connector.fail({ status: 503, accepted: true, conversation: HAMID_CHAT });
    app.clock.set(TUESDAY_0900);
    const scheduler = new Scheduler(app.app);
    await scheduler.tick();
    connector.clearFailures();
    for (const minute of [1, 2, 3]) {
      app.clock.set(new Date(TUESDAY_0900.getTime() + minute * 60_000));
      await scheduler.tick();
    }
    expect(connector.delivered(HAMID_CHAT)).toBe(1);
    expect(connector.calls.filter((c) => c.conversation === HAMID_CHAT)).toHaveLength(1);
    const delivery = await app.app.store.deliveries.get(deliveryId("reflection", FIRST, "hamid-el-amrani"));
    expect(delivery?.status).toBe("interrupted");
    expect(connector.sent().filter((c) => INTERNAL_ERRORS.some((m) => textOf(c).includes(m)))).toEqual([]);
  });
});

describe("a fan-out against a rate-limited Bot Connector (50 requests per second per tenant)", () => {
  const PEOPLE = 120;

  /** Installs everyone, then lets the scheduler run from 09:00 on, one tick a minute, checking after every tick. */
  async function fanOut(limit: { retryAfter?: number; perSecond?: number }) {
    const programme = await bigProgramme(PEOPLE);
    const app = await boot({ programme });
    for (const p of programme.participants) expect((await install(`29:${p.id}`)).status).toBeLessThan(300);
    connector.reset();
    // Stricter than the published 50 a second the bot paces itself to: it must ride out 429s.
    connector.rateLimit({ perSecond: 30, ...limit });
    const scheduler = new Scheduler(app.app);
    const chat = (id: string) => `a:personal-29:${id}`;
    for (let minute = 0; minute < 6; minute++) {
      app.clock.set(new Date(TUESDAY_0900.getTime() + minute * 60_000));
      await scheduler.tick();
      // What the store says is what people got: `sent` only for a prompt that arrived, never twice.
      for (const p of programme.participants) {
        const delivery = await app.app.store.deliveries.get(deliveryId("reflection", FIRST, p.id));
        const got = connector.delivered(chat(p.id));
        expect(got, p.id).toBeLessThanOrEqual(1);
        if (got === 1) expect(delivery?.status, p.id).toBe("sent");
        else expect(delivery?.status, p.id).toBe("failed");
      }
      if (programme.participants.every((p) => connector.delivered(chat(p.id)) === 1)) break;
    }
    expect(connector.refused(429).length).toBeGreaterThan(0);
    for (const p of programme.participants) expect(connector.delivered(chat(p.id)), p.id).toBe(1);
    expect(connector.sent().filter((c) => INTERNAL_ERRORS.some((m) => textOf(c).includes(m)))).toEqual([]);
  }

  it("429 without Retry-After: nothing recorded sent that did not arrive, nobody gets an apology, everyone one prompt", async () => {
    await fanOut({});
  }, 60_000);

  it("429 with Retry-After: likewise", async () => {
    await fanOut({ retryAfter: 1 });
  }, 60_000);

  it("at the published 50 a second the fan-out is paced under it: no 429 at all, everyone in the first pass, at about the floor", async () => {
    const programme = await bigProgramme(PEOPLE);
    const app = await boot({ programme });
    for (const p of programme.participants) expect((await install(`29:${p.id}`)).status).toBeLessThan(300);
    connector.reset();
    connector.rateLimit({ perSecond: 50 }); // 429 without Retry-After past it, as Microsoft documents
    app.clock.set(TUESDAY_0900);
    const started = Date.now();
    const result = await new Scheduler(app.app).tick();
    const wall = Date.now() - started;
    expect(result.sent).toBe(PEOPLE);
    expect(connector.refused(429)).toEqual([]);
    for (const p of programme.participants)
      expect(connector.delivered(`a:personal-29:${p.id}`), p.id).toBe(1);
    // The floor is 120 / 50 = 2.4 s; paced at 97% of the limit it takes a little longer, never much.
    expect(wall).toBeGreaterThanOrEqual(2_000);
  }, 60_000);

  it("people the connector keeps refusing are recorded failed (not as a used attempt), and get their prompt once it lets up", async () => {
    const programme = await bigProgramme(20);
    const app = await boot({ programme });
    for (const p of programme.participants) await install(`29:${p.id}`);
    connector.reset();
    const refused = programme.participants.slice(0, 5).map((p) => p.id);
    for (const id of refused)
      connector.fail({ status: 429, retryAfter: 0, conversation: `a:personal-29:${id}` });
    const scheduler = new Scheduler(app.app);
    app.clock.set(TUESDAY_0900);
    await scheduler.tick();
    for (const p of programme.participants) {
      const delivery = await app.app.store.deliveries.get(deliveryId("reflection", FIRST, p.id));
      if (refused.includes(p.id)) {
        expect(delivery, p.id).toMatchObject({ status: "failed", attempts: 0 });
        expect(connector.delivered(`a:personal-29:${p.id}`)).toBe(0);
      } else expect(delivery?.status, p.id).toBe("sent");
    }
    connector.clearFailures();
    app.clock.set(new Date(TUESDAY_0900.getTime() + 60_000));
    await scheduler.tick();
    for (const p of programme.participants)
      expect(connector.delivered(`a:personal-29:${p.id}`), p.id).toBe(1);
    expect(connector.sent().filter((c) => INTERNAL_ERRORS.some((m) => textOf(c).includes(m)))).toEqual([]);
  }, 60_000);
});

describe("fuzz: whatever is posted to /api/messages in local mode", () => {
  it("never crashes, never answers 500, and never calls a serviceUrl off loopback", async () => {
    const second = new FakeConnector();
    await second.start("::");
    const port = second.port;
    try {
      const app = await boot();
      await install(HAMID);
      const reference = await app.app.store.collection(teamsConversations).get(HAMID_CHAT);
      const user = await app.app.store.collection(teamsUsers).get(HAMID);
      outbound.length = 0;

      const loopbackUrls = [
        serviceUrl,
        `http://127.0.0.1:${port}/`,
        `http://localhost:${port}/`,
        `http://127.1:${port}/`,
        `http://127.0.0.2:${port}/`,
      ];
      const spoofed = [
        "http://127.0.0.1.attacker.example/",
        "http://localhost.evil.test/",
        `http://127.0.0.1@evil.example:${port}/`,
        "https://smba.trafficmanager.net/emea/",
        `http://0.0.0.0:${port}/`,
        "ftp://127.0.0.1/",
        "javascript:alert(1)",
      ];
      const junk = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null));
      /** Mostly the right type, now and then anything else. */
      const maybe = <T>(arb: fc.Arbitrary<T>) =>
        fc.oneof({ weight: 20, arbitrary: arb }, { weight: 1, arbitrary: junk });
      const userId = fc.oneof(fc.constant(HAMID), fc.constant("29:1kampvuur-demo-anna"), fc.string());
      const account = maybe(
        fc.oneof(
          { weight: 9, arbitrary: fc.record({ id: userId, name: fc.string() }, { requiredKeys: ["id"] }) },
          { weight: 1, arbitrary: fc.record({ id: userId, name: fc.string() }, { requiredKeys: [] }) },
        ),
      );
      const fields = {
        type: maybe(
          fc.constantFrom("message", "installationUpdate", "conversationUpdate", "invoke", "event", "typing"),
        ),
        channelId: maybe(fc.constantFrom("msteams", "emulator")),
        serviceUrl: fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...loopbackUrls) },
          { weight: 1, arbitrary: fc.constantFrom(...spoofed) },
          { weight: 1, arbitrary: fc.webUrl() },
          { weight: 1, arbitrary: junk },
        ),
        id: maybe(fc.string()),
        conversation: maybe(
          fc.record(
            {
              id: fc.oneof(fc.constant(HAMID_CHAT), fc.string()),
              conversationType: maybe(fc.constantFrom("personal", "channel", "groupChat")),
              tenantId: maybe(fc.string()),
            },
            { requiredKeys: ["id"] },
          ),
        ),
        from: account,
        recipient: fc.oneof(fc.constant(BOT), account),
        text: maybe(
          fc.constantFrom("help", "antwoorden", "wie ben ik", "stuur reflectie", "", "<at>kampvuur</at> hoi"),
        ),
        value: maybe(
          fc.oneof(
            fc.record({ kampvuur: fc.constant("action"), actionId: fc.string(), value: maybe(fc.string()) }),
            fc.record({
              kampvuur: fc.constant("submit"),
              formId: fc.string(),
              metadata: maybe(fc.string()),
              answer: maybe(fc.string()),
            }),
          ),
        ),
        action: maybe(fc.constantFrom("add", "remove")),
        replyToId: maybe(fc.string()),
        membersAdded: maybe(fc.array(account, { maxLength: 3 })),
        entities: maybe(
          fc.array(
            fc.oneof(
              fc.record({ type: fc.constant("mention"), text: fc.string(), mentioned: account }),
              fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
            ),
            { maxLength: 3 },
          ),
        ),
        timestamp: maybe(
          fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toISOString())),
        ),
        channelData: maybe(fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 })),
      };
      // Mostly with the fields every activity has, sometimes with any of them missing.
      const activity = fc.oneof(
        { weight: 4, arbitrary: fc.record(fields, { requiredKeys: ["type", "serviceUrl", "conversation"] }) },
        { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
      );
      /** Mostly activity-shaped JSON, some any JSON at all, some text that is not JSON. */
      const body = fc.oneof(
        { weight: 8, arbitrary: activity.map((value) => JSON.stringify(value)) },
        { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
        { weight: 1, arbitrary: fc.string() },
      );

      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const response = await postRaw(b);
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          // 2xx, 4xx, or botbuilder's 501 for an invoke nobody answers; never a failure of the bot.
          expect(response.status).not.toBe(500);
          expect(response.status).toBeLessThan(502);
          expect(text).not.toMatch(/\n\s+at /);
        }),
        { numRuns: 3_000 },
      );
      // Every request the bot made went to this machine (judged here, not by the code under test).
      expect(outbound.length).toBeGreaterThan(100);
      expect(outbound.filter((host) => !/^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/.test(host))).toEqual([]);
      expect(await app.app.store.collection(teamsConversations).get(HAMID_CHAT)).toEqual(reference);
      expect(await app.app.store.collection(teamsUsers).get(HAMID)).toEqual(user);
      // The run did reach the bot, not only the schema: some activities were answered.
      expect((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0)).toBeGreaterThan(100);
      // And it still works.
      connector.reset();
      expect((await install("29:after-the-fuzz")).status).toBeLessThan(300);
      expect(connector.delivered("a:personal-29:after-the-fuzz")).toBe(1);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
