import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../../src/config/env.js";
import { modelsFromEnv } from "../../src/knowledge/models.js";
import { FakeOpenAI } from "../helpers/fake-openai.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";

/**
 * With a language model configured, programme questions are worded by the model from the
 * programme's own facts, given as data; nothing about the asker is sent (there is no consent
 * setting for that), and a reply that changes a date, time or place is not used.
 */
const fake = new FakeOpenAI();
let baseURL = "";
beforeAll(async () => {
  baseURL = await fake.start();
});
afterAll(() => fake.stop());
let t: TestApp;
afterEach(async () => {
  fake.requests.length = 0;
  await t?.close();
});

const BETWEEN = DateTime.fromISO("2026-12-02T10:00", { zone: "Europe/Amsterdam" }).toJSDate();
const models = () =>
  modelsFromEnv(
    parseEnv({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: baseURL, OPENAI_EMBEDDING_MODEL: "none" }),
  );
const WORDED =
  "De volgende leerdag is donderdag 10 december, 09:30–16:30, in Buurtkamer De Vonk, Zutphen. Het thema is Jouw eigen leervraag centraal.";

describe("programme answers with a language model", () => {
  it("gives the model the programme's facts as data, and nothing about the asker", async () => {
    t = await startTestApp({ now: BETWEEN, models: await models() });
    fake.reply = () => WORDED;
    const anna = t.chat("anna-de-vries");
    await anna.say("wanneer is de volgende leerdag en waar?");
    expect(anna.lastReply?.text).toBe(WORDED);
    const [request] = fake.chatRequests();
    const user = request?.body.messages?.[1]?.content ?? "";
    expect(user).toMatch(/^<facts>\nLeerdag 2 van 4: donderdag 10 december/);
    expect(user).toContain("<question>\nwanneer is de volgende leerdag en waar?\n</question>");
    expect(user).not.toMatch(/Anna|Henk|Team De Vonk|beleidsmedewerker|Bewonersgroep/);
  });

  it("falls back to the template when the model changes a fact or fails", async () => {
    t = await startTestApp({ now: BETWEEN, models: await models() });
    fake.reply = () => "De volgende leerdag is op 10-12, van half tien tot half vijf in Zutphen.";
    const anna = t.chat("anna-de-vries");
    await anna.say("wanneer is de volgende leerdag?");
    expect(anna.lastReply?.text.split("\n")[0]).toBe("Leerdag 2 van 4: donderdag 10 december (over 8 dagen)");
    fake.behaviour = { kind: "rate-limited" };
    await anna.say("waar is de volgende leerdag?");
    expect(anna.lastReply?.text.split("\n")[0]).toBe("Leerdag 2 van 4: donderdag 10 december (over 8 dagen)");
    fake.behaviour = { kind: "ok" };
  });

  it("never calls the model for the asker's own facts", async () => {
    t = await startTestApp({ now: BETWEEN, models: await models() });
    const anna = t.chat("anna-de-vries");
    await anna.say("wie is mijn mentor?");
    await anna.say("wat is mijn leervraag?");
    expect(anna.lastReply?.text).toMatch(/^Je leervraag: /);
    expect(fake.chatRequests()).toEqual([]);
  });
});
