import { loadAppProgramme } from "../../src/app.js";
import { DateTime } from "luxon";
import { teamsUsers } from "../../src/adapters/teams/records.js";
import { reflections } from "../../src/features/index.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeams, type Teams } from "../../src/adapters/teams/index.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { silentLogger } from "../../src/core/log.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";
import { personalChat, TEAMS_BOT, teamsActivities } from "../helpers/platforms.js";

const HAMID = "29:1kampvuur-demo-hamid";
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();

const connector = new FakeConnector();
let serviceUrl = "";
beforeAll(async () => {
  serviceUrl = await connector.start();
});
afterAll(() => connector.stop());
beforeEach(() => connector.reset());

let t: TestApp;
let teams: Teams;
let http: HttpServer;
afterEach(async () => {
  await http?.close();
  await t?.close();
});

async function boot(options: { now?: Date; programme?: Programme; appId?: string } = {}) {
  t = await startTestApp({
    recording: false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.programme ? { programme: options.programme } : {}),
  });
  teams = createTeams(t.app.bot, {
    store: t.app.store,
    logger: silentLogger,
    ...(options.appId ? { appId: options.appId, appPassword: "secret" } : { local: true }),
  });
  t.app.bot.addAdapter(teams.adapter);
  http = await startHttpServer(0, { "/api/messages": teams.route }, silentLogger);
}

/** POSTs an activity to /api/messages the way the Bot Connector does. */
const activity = (fields: Record<string, unknown>, headers: Record<string, string> = {}) =>
  teamsActivities(http.port, serviceUrl)(fields, headers);
const personal = personalChat;
const install = (userId: string) =>
  activity({ type: "installationUpdate", action: "add", ...personal(userId) });
const cardOf = (call: { body: Record<string, unknown> } | undefined) =>
  (
    call?.body.attachments as
      | { content: { body: unknown[]; actions?: { title: string; data: Record<string, string> }[] } }[]
      | undefined
  )?.[0]?.content;

describe("Teams over HTTP (real CloudAdapter, loopback Bot Connector)", () => {
  it("greets after install, keeps the conversation, and later sends the weekly prompt proactively as a card", async () => {
    await boot({ now: at("2026-11-17T08:00") });
    const installed = await install(HAMID);
    expect(installed.status).toBeLessThan(300);
    expect(String(connector.sent()[0]?.body.text)).toMatch(/Hi Hamid! I'm kampvuur/);
    expect(await t.app.store.collection(teamsUsers).get(HAMID)).toMatchObject({
      conversationId: `a:personal-${HAMID}`,
    });

    connector.reset();
    t.clock.set(at("2026-11-17T09:00"));
    await new Scheduler(t.app).tick();
    const [prompt] = connector.sent();
    expect(prompt?.conversation).toBe(`a:personal-${HAMID}`);
    expect(prompt?.activityId ?? "").not.toMatch(/^incoming-/); // started by the bot, not an answer to Hamid
    expect(cardOf(prompt)?.actions?.map((a) => a.title)).toEqual(["Answer", "Later", "Skip"]);
  });

  it("greets someone the programme knows by e-mail only by their name, found through Teams", async () => {
    await boot({ now: at("2026-11-17T08:00") });
    // Chantal Bakker is in the programme with her e-mail address only; Teams tells it.
    connector.members.set("29:chantal", "c.bakker@zutphen.example");
    await install("29:chantal");
    expect(String(connector.sent()[0]?.body.text)).toMatch(/^Hoi Chantal!/);
  });

  it("hands over and erases what the Teams adapter keeps about a person: their personal chat and its reference", async () => {
    await boot({ now: at("2026-11-17T08:00") });
    await install(HAMID);
    const hamid = t.app.bot.directory.withRole("participant").find((p) => p.identities.teams === HAMID);
    expect(hamid).toBeDefined();
    const id = hamid?.id as string;
    const exported = await t.app.personalData.export(id);
    expect(exported.parts.platforms).toMatchObject({
      teams: {
        teamsUserId: HAMID,
        personalChat: { conversationId: `a:personal-${HAMID}` },
        conversationReference: { conversation: { id: `a:personal-${HAMID}` } },
      },
    });
    // Nobody else's chat is in it.
    expect(JSON.stringify(exported)).not.toMatch(/29:1kampvuur-demo-(?!hamid)/);

    const erased = await t.app.personalData.erase(id);
    expect(erased.parts.platforms).toBe(2);
    expect(await t.app.store.collection(teamsUsers).get(HAMID)).toBeUndefined();
    expect((await t.app.personalData.export(id)).parts.platforms).toBeUndefined();
  });

  it("answers through a card form: errors are shown on the card, the answer is stored, the prompt card updated", async () => {
    await boot({ now: at("2026-11-17T08:00") });
    await install(HAMID);
    t.clock.set(at("2026-11-17T09:00"));
    await new Scheduler(t.app).tick();
    const prompt = connector.sent().at(-1);
    const answer = cardOf(prompt)?.actions?.find((a) => a.title === "Answer");
    connector.reset();

    await activity({ type: "message", ...personal(HAMID), replyToId: "reply-prompt", value: answer?.data });
    const formCard = cardOf(connector.sent()[0]);
    const submit = formCard?.actions?.[0]?.data ?? {};
    expect(JSON.stringify(formCard?.body)).toMatch(/Input.Text/);

    connector.reset();
    await activity({
      type: "message",
      ...personal(HAMID),
      replyToId: "reply-form",
      value: { ...submit, answer: "  ", visibility: "private" },
    });
    const [shown] = connector.updates();
    expect(shown?.activityId).toBe("reply-form");
    expect(JSON.stringify(cardOf(shown)?.body)).toMatch(/⚠ Your answer is still empty/);
    expect(await t.app.api(reflections).answersOf("hamid-el-amrani")).toEqual([]);

    connector.reset();
    await activity({
      type: "message",
      ...personal(HAMID),
      replyToId: "reply-form",
      value: { ...submit, answer: "The residents already knew what they wanted.", visibility: "mentor" },
    });
    const answers = await t.app.api(reflections).answersOf("hamid-el-amrani");
    expect(answers.map((a) => [a.text, a.visibility])).toEqual([
      ["The residents already knew what they wanted.", "mentor"],
    ]);
    // The prompt card loses its buttons: it is replaced in place.
    const promptUpdate = connector.updates().find((u) => u.activityId !== "reply-form");
    expect(promptUpdate?.conversation).toBe(`a:personal-${HAMID}`);
    expect(cardOf(promptUpdate)?.actions ?? []).toEqual([]);
    expect(JSON.stringify(cardOf(promptUpdate)?.body)).toMatch(/Answered/);
  });

  it("answers a channel mention in the reply chain, with the mention removed", async () => {
    await boot();
    const response = await activity({
      type: "message",
      from: { id: "29:1kampvuur-demo-hamid", name: "Hamid" },
      conversation: {
        id: "19:leergang@thread.tacv2;messageid=1700",
        conversationType: "channel",
        isGroup: true,
      },
      text: "<at>kampvuur</at> what happens on the last day of the learning track?",
      entities: [{ type: "mention", text: "<at>kampvuur</at>", mentioned: TEAMS_BOT }],
      id: "channel-post-1",
    });
    expect(response.status).toBeLessThan(300);
    const [reply] = connector.sent();
    expect(reply?.conversation).toBe("19:leergang@thread.tacv2;messageid=1700");
    expect(reply?.activityId).toBe("channel-post-1");
    expect(JSON.stringify(reply?.body)).toMatch(/\[leergang\]/);
  });

  it("recognises someone by e-mail, and explains kindly to someone not in the programme", async () => {
    await boot();
    connector.members.set("29:chantal", "c.bakker@zutphen.example");
    await activity({ type: "message", ...personal("29:chantal"), text: "wie ben ik" });
    expect(String(connector.sent()[0]?.body.text)).toMatch(/Chantal Bakker/);
    connector.reset();
    await activity({ type: "message", ...personal("29:stranger"), text: "hallo" });
    expect(String(connector.sent()[0]?.body.text)).toMatch(/Ik kan je nog niet vinden in het programma/);
  });

  it("without an app id, refuses activities whose serviceUrl is not on loopback", async () => {
    await boot();
    const response = await activity({
      type: "message",
      ...personal(HAMID),
      text: "help",
      serviceUrl: "https://smba.trafficmanager.net/emea/",
    });
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
    expect(await t.app.store.collection(teamsUsers).get(HAMID)).toBeUndefined();
  });

  it.each([
    ["no token", {}],
    [
      "a forged token",
      { authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJrYW1wdnV1ciJ9.c2lnbmF0dXJl" },
    ],
  ])("with an app id, refuses a request with %s with 401 and changes nothing", async (_what, headers) => {
    await boot({ appId: "00000000-0000-0000-0000-00000000beef" });
    const response = await activity({ type: "message", ...personal(HAMID), text: "help" }, headers);
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
    expect(await t.app.store.collection(teamsUsers).get(HAMID)).toBeUndefined();
  });

  it("rides out 429s from the connector: delayed, nothing lost, nothing twice", async () => {
    const demo = await loadAppProgramme();
    const programme: Programme = {
      ...demo,
      participants: demo.participants.map((p) => ({
        ...p,
        identities: { ...p.identities, teams: `29:${p.id}` },
      })),
    };
    await boot({ now: at("2026-11-17T08:00"), programme });
    for (const p of programme.participants) await install(`29:${p.id}`);
    connector.reset();
    connector.throttle(3);
    t.clock.set(at("2026-11-17T09:00"));
    const scheduler = new Scheduler(t.app);
    await scheduler.tick();
    // Whatever botbuilder's own retries did not get through goes out on the next tick.
    t.clock.set(at("2026-11-17T09:01"));
    await scheduler.tick();
    expect(connector.calls.filter((c) => c.method === "POST (429)")).toHaveLength(3);
    const delivered = connector.sent().map((c) => c.conversation);
    expect(delivered).toHaveLength(12);
    expect(new Set(delivered).size).toBe(12);
  });

  it("tells the coordinator, once, who cannot be reached yet and what to do", async () => {
    const demo = await loadAppProgramme();
    const programme: Programme = {
      ...demo,
      coordinators: demo.coordinators.map((c) => ({
        ...c,
        identities: { ...c.identities, teams: "29:marieke" },
      })),
    };
    await boot({ now: at("2026-11-17T08:00"), programme });
    await install(HAMID);
    await install("29:marieke");
    connector.reset();
    t.clock.set(at("2026-11-17T09:00"));
    const scheduler = new Scheduler(t.app);
    await scheduler.tick();
    t.clock.set(at("2026-11-17T09:01"));
    await scheduler.tick();
    const toMarieke = connector.sent().filter((c) => c.conversation === "a:personal-29:marieke");
    expect(toMarieke).toHaveLength(1);
    const report = JSON.stringify(cardOf(toMarieke[0])?.body);
    expect(report).toMatch(/11 deelnemers kregen de reflectievraag niet/);
    expect(report).toMatch(/Anna de Vries/);
    expect(report).not.toMatch(/Hamid/);
    expect(report).toMatch(/Apps → kampvuur → Toevoegen/);
  });
});
