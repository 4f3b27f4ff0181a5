import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SendError } from "../../src/core/adapter.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type AfterAccept, FakeSlack } from "../helpers/fake-slack.js";
import { tempDir } from "../helpers/harness.js";
import {
  ANNA,
  dmEvent,
  eventBody,
  everyoneFindable,
  interactionBody,
  pause,
  post,
  type SlackBot,
  startSlackBot,
  until,
} from "../helpers/slack-requests.js";

/**
 * Slack as it fails in real life, through the real Bolt and WebClient over HTTP: answers
 * that never come back for messages it did take, 429s under its published limits, its own
 * redeliveries of events, and requests signed for another clock.
 */

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
/** A Tuesday 09:00 with a weekly prompt due in the demo programme. */
const PROMPT_DUE = at("2026-11-17T09:00");

const fake = new FakeSlack();
let apiUrl = "";
beforeAll(async () => {
  apiUrl = await fake.start();
});
afterAll(() => fake.stop());

const bots: SlackBot[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
async function boot(options: Parameters<typeof startSlackBot>[1] = {}): Promise<SlackBot> {
  const bot = await startSlackBot(apiUrl, options);
  bots.push(bot);
  return bot;
}
beforeEach(() => fake.reset());
afterEach(async () => {
  fake.reset(); // releases answers that were held back
  for (const bot of bots.splice(0).reverse()) await bot.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

/** What the bot posted in someone's DM (in these fan-outs: only the weekly prompt). */
const promptsTo = (user: string) => fake.messagesIn(user);

describe("a message Slack took is never posted twice", () => {
  it.each<[string, AfterAccept]>([
    ["answers 503", "503"],
    ["drops the connection", "reset"],
  ])(
    "a fan-out where Slack %s after taking some prompts: every participant has the prompt exactly once",
    async (_what, mode) => {
      const { t } = await boot({ now: PROMPT_DUE });
      const people = everyoneFindable(t, fake);
      expect(people).toHaveLength(12);
      // Every third message Slack takes, four times, is not confirmed.
      fake.failAfterAccept(mode, { times: 4, every: 3 });

      const result = await new Scheduler(t.app).tick();

      for (const person of people) expect(promptsTo(person), person).toHaveLength(1);
      expect(result.sent).toBe(12);
      // The store agrees: each is `sent`, with the message Slack has (found by its delivery id).
      const deliveries = (await t.app.store.deliveries.all()).filter((d) => d.kind === "reflection");
      expect(deliveries.map((d) => d.status)).toEqual(Array(12).fill("sent"));
      for (const d of deliveries) {
        const user = people.find((p) => d.conversation?.endsWith(`D${p.slice(1)}`));
        expect(user, `${d.personId} in ${d.conversation}`).toBeDefined();
        expect(promptsTo(user as string)[0]?.ts).toBe(d.messageId);
      }
      // A second tick sends nobody anything.
      await new Scheduler(t.app).tick();
      for (const person of people) expect(promptsTo(person)).toHaveLength(1);
    },
  );

  it("an answer in a live conversation is posted once when Slack answers 503 after taking it", async () => {
    const { http } = await boot();
    fake.failAfterAccept("503");
    expect((await post(http.port, eventBody(dmEvent(ANNA, "wie ben ik")), "application/json")).status).toBe(
      200,
    );
    await until(() => fake.messagesIn(ANNA).length > 0, "the answer");
    await pause(1_500); // the old client retried within a second
    expect(fake.messagesIn(ANNA).map((m) => m.text)).toEqual([expect.stringMatching(/Anna de Vries/)]);
  });

  it("Slack's published limits (429 with Retry-After): everyone is reached, nobody twice", async () => {
    const { t } = await boot({ now: PROMPT_DUE });
    const people = everyoneFindable(t, fake);
    // The workspace may make 10 calls a second, 5 at once; one message a second per channel.
    fake.enforceRateLimits({ workspace: { perMinute: 600, burst: 5 } });
    const started = Date.now();

    const result = await new Scheduler(t.app).tick();

    expect(result.sent).toBe(12);
    for (const person of people) expect(promptsTo(person), person).toHaveLength(1);
    expect(fake.calls.filter((c) => c.method === "chat.postMessage (429)").length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("says whether a failed send may have arrived, and waits for nothing itself", async () => {
    const { slack } = await boot({ sendTimeoutMs: 500 });
    const message = { text: "Hallo" };
    const failure = (conversation = `slack:-:${ANNA}`) =>
      slack.adapter.send(conversation, message, { idempotencyKey: "probe" }).then(
        () => undefined,
        (e: unknown) => e as SendError,
      );

    fake.rateLimit(1);
    const limited = await failure();
    expect(limited).toBeInstanceOf(SendError);
    expect(limited).toMatchObject({ certainty: "not-sent", rateLimited: true, retryAfterMs: 1_000 });

    fake.missingChannels.add("C0GONE");
    expect(await failure("slack:-:C0GONE")).toMatchObject({ certainty: "not-sent", rateLimited: false });

    fake.failAfterAccept("503");
    expect(await failure()).toMatchObject({ certainty: "uncertain" });
    fake.failAfterAccept("reset");
    expect(await failure()).toMatchObject({ certainty: "uncertain" });
    fake.failAfterAccept("hang"); // no answer within the send's time-out
    expect(await failure()).toMatchObject({ certainty: "uncertain" });

    // Nothing was repeated: one try each, and the three Slack took are there once.
    expect(fake.calls.filter((c) => c.method.startsWith("chat.postMessage"))).toHaveLength(5);
    expect(fake.messagesIn(ANNA)).toHaveLength(3);
    // …and can be found by their delivery id; one never sent is certainly not there.
    expect(await slack.adapter.findSent(`slack:-:${ANNA}`, "probe")).toMatchObject({
      conversation: `slack:-:D${ANNA.slice(1)}`,
      messageId: fake.messagesIn(ANNA)[2]?.ts,
    });
    expect(await slack.adapter.findSent(`slack:-:${ANNA}`, "never-sent")).toBeNull();
  });

  it("after a restart it finds a prompt Slack took through the DM it opens (needs im:write), else cannot tell", async () => {
    const { slack } = await boot();
    await slack.adapter.send(
      `slack:-:${ANNA}`,
      { text: "De reflectievraag" },
      { idempotencyKey: "reflection:x:anna" },
    );
    // A new process knows no DM channels yet: it has to open the DM to read its history.
    const restarted = await boot();
    fake.scopes = new Set(["chat:write", "im:history", "users:read", "users:read.email"]);
    expect(await restarted.slack.adapter.findSent(`slack:-:${ANNA}`, "reflection:x:anna")).toBeUndefined();
    fake.scopes.add("im:write");
    expect(await restarted.slack.adapter.findSent(`slack:-:${ANNA}`, "reflection:x:anna")).toMatchObject({
      conversation: `slack:-:D${ANNA.slice(1)}`,
    });
  });

  it("a refused connection is a send that certainly did not happen", async () => {
    const closed = new FakeSlack();
    const closedUrl = await closed.start();
    await closed.stop();
    const bot = await startSlackBot(closedUrl);
    bots.push(bot);
    const error = await bot.slack.adapter.send(`slack:-:${ANNA}`, { text: "Hallo" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ certainty: "not-sent" });
  });
});

describe("Slack's own retries are handled once", () => {
  it("an event Slack sends again (same event_id, x-slack-retry-num: 1) to another replica is answered once", async () => {
    const d = tempDir();
    dirs.push(d);
    const storeUrl = `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
    const first = await boot({ storeUrl });
    const second = await boot({ storeUrl });
    const body = eventBody(dmEvent(ANNA, "wie ben ik"), "EvRetried1");

    expect((await post(first.http.port, body, "application/json")).status).toBe(200);
    const retry = await post(second.http.port, body, "application/json", {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    await until(() => fake.messagesIn(ANNA).length > 0, "the answer");
    await pause(500);
    expect(fake.messagesIn(ANNA).map((m) => m.text)).toEqual([expect.stringMatching(/Anna de Vries/)]);
    expect(fake.of("chat.postMessage")).toHaveLength(1);
  });

  it("a button press Slack delivers twice opens the form once", async () => {
    const { http } = await boot();
    const press = interactionBody({
      type: "block_actions",
      user: { id: ANNA },
      team: { id: "TKAMPVUUR" },
      api_app_id: "AKAMPVUUR",
      trigger_id: "4242.1",
      channel: { id: "D0KV0ANNA" },
      container: { type: "message" },
      actions: [{ type: "button", action_id: "help#0", block_id: "b1", action_ts: "1" }],
    });
    expect((await post(http.port, press, "application/x-www-form-urlencoded")).status).toBe(200);
    expect(
      (
        await post(http.port, press, "application/x-www-form-urlencoded", {
          headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
        })
      ).status,
    ).toBe(200);
    await until(() => fake.of("chat.postMessage").length > 0, "the answer to the button");
    await pause(500);
    expect(fake.of("chat.postMessage")).toHaveLength(1);
  });
});

describe("requests signed for another clock, or not by Slack", () => {
  const question = () => eventBody(dmEvent(ANNA, "wat is burgerproductiekracht?"));
  const now = () => Math.floor(Date.now() / 1000);

  it.each<[string, { offsetSeconds?: number; timestamp?: string; secret?: string }]>([
    ["dated six minutes in the future", { offsetSeconds: 6 * 60 }],
    ["dated a day in the future", { offsetSeconds: 86_400 }],
    ["dated in fractions of a second", { timestamp: `${now()}.5` }],
    ["with a forged signature", { secret: "not-the-secret" }],
  ])("refuses a request %s with 401: no Web API call, nothing stored", async (_what, sign) => {
    const { http, t } = await boot();
    const response = await post(http.port, question(), "application/json", sign);
    expect(response.status).toBe(401);
    await pause(200);
    expect(fake.calls).toEqual([]);
    expect(await t.app.store.questions.all()).toEqual([]);
  });

  it("accepts a clock a minute ahead (Slack's five minutes apply both ways)", async () => {
    const { http } = await boot();
    const response = await post(http.port, eventBody(dmEvent(ANNA, "wie ben ik")), "application/json", {
      offsetSeconds: 60,
    });
    expect(response.status).toBe(200);
    await until(() => fake.of("chat.postMessage").length > 0, "the answer");
  });
});
