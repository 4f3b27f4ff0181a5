import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { FakeSlack } from "../helpers/fake-slack.js";
import { DEMO_NOW } from "../helpers/harness.js";
import { type SlackButton, type SlackPlatform, startSlackPlatform } from "../helpers/platforms.js";
import { until } from "../helpers/slack-requests.js";

/**
 * Issue 17 point 4: once a prompt is answered or skipped, no message about it keeps live
 * "Beantwoorden" / "Overslaan" buttons: not the prompt, and not its reminder, which is what
 * people actually tap. Through real Bolt against the fake Web API, which keeps every message
 * and applies chat.update to it.
 */
const HOUR = 3_600_000;
const BRAM_U = "U0KV0BRAM";
const ANNA_U = "U0KV0ANNA";
const ESRA_U = "U0KV0ESRA";

type Stored = { ts: string; text: string; blocks?: unknown };
const buttonNamed = (m: Stored | undefined, label: string) =>
  ((m?.blocks ?? []) as { type: string; elements?: Record<string, unknown>[] }[])
    .flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []))
    .find((e) => (e.text as { text?: string }).text === label) as unknown as SlackButton;
const buttonsIn = (m: Stored | undefined) =>
  ((m?.blocks ?? []) as { type: string; elements?: { text?: { text?: string } }[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? [])
    .map((e) => e.text?.text);

describe("messages about a prompt once it is dealt with (Slack)", () => {
  const fake = new FakeSlack();
  let bot: SlackPlatform;
  beforeAll(async () => {
    bot = await startSlackPlatform(await fake.start(), { now: DEMO_NOW });
    // The Tuesday prompt, then two days later its reminder, to everyone who did not answer.
    await new Scheduler(bot.t.app).tick();
    bot.t.clock.set(new Date(DEMO_NOW.getTime() + 50 * HOUR));
    await new Scheduler(bot.t.app).tick();
  });
  beforeEach(() => {
    fake.calls.length = 0;
  });
  afterAll(async () => {
    await bot?.close();
    await fake.stop();
  });

  /** The prompt and the reminder in someone's DM as they were sent; `now()` reads the same two messages again. */
  const both = (user: string) => {
    const messages = fake.messagesIn(user) as Stored[];
    const prompt = messages.find((m) => JSON.stringify(m.blocks).includes("Reflectie van deze week"));
    const reminder = messages.find((m) => JSON.stringify(m.blocks).includes("Nog even over je reflectie"));
    expect(prompt, "the prompt").toBeDefined();
    expect(reminder, "the reminder").toBeDefined();
    const byTs = (ts: string | undefined) => (fake.messagesIn(user) as Stored[]).find((m) => m.ts === ts);
    return { prompt, reminder, now: () => ({ prompt: byTs(prompt?.ts), reminder: byTs(reminder?.ts) }) };
  };
  /** Both messages are still there, each without a button, the question kept. */
  const settled = (messages: { prompt?: Stored; reminder?: Stored }) => {
    for (const m of [messages.prompt, messages.reminder]) {
      expect(m).toBeDefined();
      expect(buttonsIn(m)).toEqual([]);
      expect(JSON.stringify(m?.blocks).length).toBeGreaterThan(20);
    }
  };

  it("'Overslaan' pressed on the reminder takes the buttons off the reminder and the prompt", async () => {
    const before = both(BRAM_U);
    expect(buttonsIn(before.prompt)).toContain("Overslaan");
    expect(buttonsIn(before.reminder)).toContain("Overslaan");
    const skip = ((before.reminder?.blocks ?? []) as { type: string; elements?: Record<string, unknown>[] }[])
      .flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []))
      .find((e) => (e.text as { text?: string }).text === "Overslaan") as unknown as SlackButton;
    await bot.click(BRAM_U, skip, { channel: `D${BRAM_U.slice(1)}`, ts: before.reminder?.ts as string });
    await until(() => fake.calls.filter((c) => c.method === "chat.update").length >= 2, "both updates");
    settled(before.now());
  });

  it("an answer typed in the DM after the reminder takes the buttons off both", async () => {
    const before = both(ANNA_U);
    expect(buttonsIn(before.reminder)).toContain("Beantwoorden");
    await bot.dm(ANNA_U, "De bewoners namen zelf het woord, en ik hield me in. Dat werkte.");
    await until(() => fake.calls.filter((c) => c.method === "chat.update").length >= 2, "both updates");
    settled(before.now());
  });

  it("a 'Later' moment chosen from the prompt takes the buttons off the prompt and the reminder", async () => {
    const before = both(ESRA_U);
    const dm = `D${ESRA_U.slice(1)}`;
    await bot.click(ESRA_U, buttonNamed(before.prompt, "Later"), {
      channel: dm,
      ts: before.prompt?.ts as string,
    });
    const choices = await until(
      () => (fake.messagesIn(ESRA_U) as Stored[]).find((m) => buttonNamed(m, "Morgen")),
      "the Later choices",
    );
    fake.calls.length = 0;
    await bot.click(ESRA_U, buttonNamed(choices, "Morgen"), { channel: dm, ts: choices.ts });
    await until(() => fake.calls.filter((c) => c.method === "chat.update").length >= 2, "the updates");
    settled(before.now());
  });
});
