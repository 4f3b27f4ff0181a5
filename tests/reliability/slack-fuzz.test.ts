import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack } from "../helpers/fake-slack.js";
import {
  ANNA,
  dmEvent,
  eventBody,
  interactionBody,
  post,
  type SlackBot,
  startSlackBot,
  until,
} from "../helpers/slack-requests.js";

/**
 * Correctly signed requests that are not what Slack sends: the server answers each with
 * 200, 400, 401 or 404, never a 500, and keeps serving. Signed, because an attacker who
 * has the signing secret, a Slack bug or a proxy mangling bodies must not take the bot down.
 */

const FORM = "application/x-www-form-urlencoded";
const ALLOWED = new Set([200, 400, 401, 404]);

const fake = new FakeSlack();
let apiUrl = "";
let bot: SlackBot;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => void rejections.push(reason);

beforeAll(async () => {
  apiUrl = await fake.start();
  process.on("unhandledRejection", onRejection);
});
afterAll(async () => {
  process.off("unhandledRejection", onRejection);
  await fake.stop();
});
beforeEach(async () => {
  fake.reset();
  rejections.length = 0;
  bot = await startSlackBot(apiUrl);
});
afterEach(() => bot.close());

/** The server still answers, and a real question from Anna still gets its answer. */
async function stillServing(): Promise<void> {
  const health = await fetch(`http://127.0.0.1:${bot.http.port}/healthz`);
  expect(health.status).toBe(200);
  const before = fake.messagesIn(ANNA).length;
  const response = await post(bot.http.port, eventBody(dmEvent(ANNA, "wie ben ik")), "application/json");
  expect(response.status).toBe(200);
  await until(() => fake.messagesIn(ANNA).length > before, "Anna's answer after the fuzzing");
  // Give anything still running from the bad requests a moment to fail loudly.
  await new Promise((r) => setTimeout(r, 200));
  expect(rejections).toEqual([]);
}

describe("signed requests that are not what Slack sends", () => {
  it.each<[string, string, string | undefined]>([
    ["the JSON body null", "null", "application/json"],
    ["a form with payload=null", "payload=null", FORM],
    [
      "an event that is false",
      JSON.stringify({ type: "event_callback", event_id: "Ev1", event: false }),
      "application/json",
    ],
    [
      "an event without a type",
      JSON.stringify({ type: "event_callback", event_id: "Ev2", event: { user: ANNA } }),
      "application/json",
    ],
    [
      "an event with channel 5",
      JSON.stringify({ type: "event_callback", event_id: "Ev3", event: { type: "message", channel: 5 } }),
      "application/json",
    ],
    [
      "a button press by user null",
      interactionBody({
        type: "block_actions",
        user: null,
        actions: [{ type: "button", action_id: "help#0" }],
      }),
      FORM,
    ],
    [
      "a button press without actions",
      interactionBody({ type: "block_actions", user: { id: ANNA }, actions: [] }),
      FORM,
    ],
    [
      "a form submission without a view",
      interactionBody({ type: "view_submission", user: { id: ANNA } }),
      FORM,
    ],
    [
      "a form submission whose values are null",
      interactionBody({
        type: "view_submission",
        user: { id: ANNA },
        view: { id: "V1", callback_id: "x", state: { values: { answer: null } } },
      }),
      FORM,
    ],
    ["a slash command that is also an event", `command=%2Fkampvuur&text=help&user_id=${ANNA}&event=x`, FORM],
    ["a slash command with two texts", `command=%2Fkampvuur&text=help&text=antwoorden&user_id=${ANNA}`, FORM],
    ["two payloads", "payload=%7B%7D&payload=%7B%7D", FORM],
    ["a payload that is not JSON", "payload=%7Bnope", FORM],
    ["a JSON array", "[]", "application/json"],
  ])("%s: 400, and the server keeps serving", async (_what, body, contentType) => {
    const response = await post(bot.http.port, body, contentType);
    expect(response.status).toBe(400);
    await stillServing();
  });

  it("thousands of random and half-right bodies: every answer 200/400/401/404, no crash, still serving", async () => {
    const statuses = new Map<number, number>();
    const send = async (body: string, contentType: string | undefined) => {
      const response = await post(bot.http.port, body, contentType);
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      return response.status;
    };
    const property = <T>(
      arbitrary: fc.Arbitrary<T>,
      encode: (value: T) => [string, string | undefined],
      runs: number,
    ) =>
      fc.assert(
        fc.asyncProperty(arbitrary, async (value) => {
          const [body, contentType] = encode(value);
          const status = await send(body, contentType);
          expect(ALLOWED, `${status} for ${contentType}: ${body.slice(0, 300)}`).toContain(status);
        }),
        { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 20261117) },
      );

    await property(envelopes, (v) => [JSON.stringify(v) ?? "null", "application/json"], 1500);
    await property(interactions, (v) => [interactionBody(v), FORM], 1500);
    await property(commands, (pairs) => [new URLSearchParams(pairs).toString(), FORM], 600);
    await property(junkBodies, (v) => v, 600);

    // It was not all refused: valid shapes reached the bot, malformed ones were told so.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(300);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(300);
    await stillServing();
  }, 60_000);
});

// --- Generators: shapes Slack sends, with any part replaced by something else now and then.

const USERS = ["U0FUZZ1", "U0FUZZ2", "U0KV0BRAM", ANNA];
const CHANNELS = ["D0FUZZ1", "C0FUZZ", "D0KV0ANNA"];

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Usually the right kind of value; sometimes missing, sometimes anything. */
const maybe = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 25, arbitrary: good },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: junk },
  );
/** Usually missing; sometimes anything. */
const rare = fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk });

const text = fc.oneof(
  fc.constantFrom("help", "wie ben ik", "hallo", "antwoorden", ""),
  fc.string({ maxLength: 12 }),
);
const user = fc.constantFrom(...USERS);
const channel = fc.constantFrom(...CHANNELS);
const ts = fc.constantFrom("1.1", "1700000000.000100", "2.5");
const id = (prefix: string) => fc.string({ minLength: 1, maxLength: 10 }).map((s) => `${prefix}${s}`);

const event = fc.record({
  type: maybe(fc.constantFrom("message", "message", "app_mention", "app_home_opened", "reaction_added")),
  user: maybe(user),
  channel: maybe(channel),
  channel_type: maybe(fc.constantFrom("im", "channel")),
  text: maybe(text),
  ts: maybe(ts),
  thread_ts: rare,
  subtype: fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom("bot_message", "message_changed") },
  ),
  bot_id: rare,
  tab: maybe(fc.constantFrom("home", "messages")),
  item: rare,
  subteam: rare,
  channel_id: rare,
});

const envelopes = fc.record({
  type: maybe(
    fc.constantFrom(
      "event_callback",
      "event_callback",
      "event_callback",
      "url_verification",
      "app_rate_limited",
      "block_actions",
    ),
  ),
  event_id: maybe(id("Ev")),
  team_id: maybe(fc.constant("TKAMPVUUR")),
  api_app_id: maybe(fc.constant("AKAMPVUUR")),
  event_time: maybe(fc.integer({ min: 0 })),
  challenge: maybe(fc.string({ maxLength: 10 })),
  authorizations: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.array(
        maybe(
          fc.record({ team_id: maybe(fc.constant("TKAMPVUUR")), is_enterprise_install: maybe(fc.boolean()) }),
        ),
        { maxLength: 2 },
      ),
    },
  ),
  is_enterprise_install: rare,
  response_urls: rare,
  response_url: rare,
  function_data: rare,
  event: maybe(event),
});

const action = fc.record({
  type: maybe(fc.constantFrom("button", "static_select")),
  action_id: maybe(fc.constantFrom("help#0", "reflection.answer#0", "qa.helpful#0", "unknown")),
  block_id: maybe(fc.constant("b1")),
  value: maybe(fc.string({ maxLength: 12 })),
  action_ts: maybe(fc.constantFrom("1", "2")),
});

const element = fc.record({
  type: maybe(fc.constantFrom("plain_text_input", "radio_buttons")),
  value: maybe(fc.string({ maxLength: 12 })),
  selected_option: maybe(
    fc.oneof(fc.constant(null), fc.record({ value: maybe(fc.constantFrom("mentor", "private")) })),
  ),
});

const view = fc.record({
  id: maybe(id("V")),
  hash: maybe(fc.string({ maxLength: 6 })),
  callback_id: maybe(fc.constantFrom("reflection.answer", "unknown")),
  private_metadata: maybe(fc.string({ maxLength: 12 })),
  app_installed_team_id: rare,
  state: maybe(
    fc.record({
      values: maybe(
        fc.dictionary(
          fc.constantFrom("answer", "visibility"),
          maybe(fc.dictionary(fc.constant("value"), maybe(element))),
        ),
      ),
    }),
  ),
});

const interactions = fc.record({
  type: maybe(
    fc.constantFrom(
      "block_actions",
      "block_actions",
      "view_submission",
      "view_submission",
      "view_closed",
      "shortcut",
      "block_suggestion",
      "message_action",
      "interactive_message",
    ),
  ),
  user: maybe(fc.record({ id: maybe(user), team_id: maybe(fc.constant("TKAMPVUUR")) })),
  team: maybe(fc.oneof(fc.constant(null), fc.record({ id: maybe(fc.constant("TKAMPVUUR")) }))),
  enterprise: rare,
  api_app_id: maybe(fc.constant("AKAMPVUUR")),
  trigger_id: maybe(id("T.")),
  channel: maybe(fc.record({ id: maybe(channel) })),
  message: maybe(fc.record({ ts: maybe(ts) })),
  container: maybe(fc.record({ type: fc.constant("message") })),
  actions: maybe(fc.array(maybe(action), { maxLength: 2 })),
  view: maybe(view),
  response_urls: rare,
  function_data: rare,
  event: rare,
  command: rare,
  name: rare,
});

const FIELDS = [
  "command",
  "text",
  "user_id",
  "trigger_id",
  "team_id",
  "channel_id",
  "response_url",
  "event",
  "payload",
  "response_urls",
  "name",
  "ssl_check",
  "function_data",
];
const commands = fc
  .tuple(
    fc.subarray([
      ["command", "/kampvuur"],
      ["text", "help"],
      ["user_id", "U0FUZZ1"],
      ["trigger_id", "1.2"],
      ["team_id", "TKAMPVUUR"],
    ]),
    fc.array(
      fc.tuple(
        fc.constantFrom(...FIELDS),
        fc.oneof(
          fc.constantFrom("/kampvuur", "/other", "help", "1", "0", ANNA, "null", "{}", "[]"),
          fc.string({ maxLength: 10 }),
        ),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([base, extra]) => [...base, ...extra] as [string, string][]);

const junkBodies = fc.tuple(
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      "null",
      "false",
      "0",
      "[]",
      "{}",
      '"x"',
      "payload=null",
      "payload=",
      "payload=%7B",
      "ssl_check=0",
      "ssl_check=1&payload=null",
      "",
    ),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null"),
    fc.jsonValue({ maxDepth: 3 }).map((v) => `payload=${encodeURIComponent(JSON.stringify(v) ?? "null")}`),
  ),
  fc.constantFrom("application/json", FORM, "text/plain", undefined, `${FORM}; charset=utf-8`),
);
