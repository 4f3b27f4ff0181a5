import { DateTime } from "luxon";
import { reflections } from "../../src/features/index.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeams, type Teams } from "../../src/adapters/teams/index.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { silentLogger } from "../../src/core/log.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";
import { personalChat, teamsActivities } from "../helpers/platforms.js";

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

type Body = Record<string, unknown>;
const inputsOf = (card: unknown): Body[] => {
  const found: Body[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const n = node as Body;
      if (typeof n.type === "string" && n.type.startsWith("Input.")) found.push(n);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
};
/** Plain words: no core markup, no Teams markdown. */
const PLAIN = /^[^*_]*$/;

describe("Teams on a phone: notifications, line breaks, forms", () => {
  it("a card's notification line is plain words, cut at a word, also in `text` for Android", async () => {
    await boot({ now: at("2026-11-17T08:00") });
    await install(HAMID);
    t.clock.set(at("2026-11-17T09:00"));
    await new Scheduler(t.app).tick();
    const prompt = connector.sent().at(-1)?.body as Body;
    const summary = String(prompt.summary);
    expect(summary).toMatch(PLAIN);
    expect(summary.length).toBeLessThanOrEqual(200);
    expect(prompt.text).toBeTruthy();
    expect(String(prompt.text)).not.toMatch(/\*[^*]+\*(?!\*)/); // never the core's single-star bold
    // A long message: the line ends with "…" after a whole word.
    connector.reset();
    const long = `${"De bewoners van de Vonk willen een buurtkamer openen in het oude schoolgebouw ".repeat(4)}en dat lukt.`;
    await teams.adapter.send(`teams:a:personal-${HAMID}`, {
      blocks: [
        { type: "text", text: `*${long}*` },
        { type: "actions", buttons: [{ actionId: "x", label: "Ok" }] },
      ],
    });
    const sent = connector.sent().at(-1)?.body as Body;
    expect(String(sent.summary)).toMatch(/ [a-zA-Z]+…$/);
    expect(String(sent.summary)).toMatch(PLAIN);
    expect(long.startsWith(String(sent.summary).slice(0, -1))).toBe(true);
  });

  it("the help is paragraphs and a real list, not one run-on paragraph", async () => {
    await boot({ now: at("2026-11-17T08:00") });
    await install(HAMID);
    connector.reset();
    await activity({ type: "message", ...personal(HAMID), text: "help" });
    const help = connector.sent().at(-1);
    const blocks = (cardOf(help)?.body ?? []) as { type: string; text?: string }[];
    const text = [help?.body.text, ...blocks.filter((b) => b.type === "TextBlock").map((b) => b.text)].join(
      "\n\n",
    );
    const lines = text.split("\n");
    // Every line break is either between list items or a paragraph break (a blank line).
    for (let i = 1; i < lines.length; i++) {
      const item = (l: string | undefined) => /^- /.test(l ?? "");
      if (lines[i] !== "" && lines[i - 1] !== "")
        expect(item(lines[i]) && item(lines[i - 1]), lines[i]).toBe(true);
    }
    expect(lines.filter((l) => l.startsWith("- ")).length).toBeGreaterThan(5);
    expect(text).not.toContain("• ");
  });

  it("a form card says what is wrong on an empty required field, and is closed once sent", async () => {
    await boot({ now: at("2026-11-17T08:00") });
    await install(HAMID);
    t.clock.set(at("2026-11-17T09:00"));
    await new Scheduler(t.app).tick();
    const answer = cardOf(connector.sent().at(-1))?.actions?.find((a) => a.title === "Answer");
    connector.reset();
    await activity({ type: "message", ...personal(HAMID), replyToId: "reply-prompt", value: answer?.data });
    const formActivity = connector.sent()[0]?.body as Body;
    const formCard = cardOf(connector.sent()[0]);
    expect(String(formActivity.summary)).toMatch(/\S/);
    const required = inputsOf(formCard).filter((i) => i.isRequired);
    expect(required.length).toBeGreaterThan(0);
    for (const input of required) expect(input.errorMessage, String(input.id)).toBe("Please fill this in.");

    const submit = formCard?.actions?.[0]?.data ?? {};
    connector.reset();
    await activity({
      type: "message",
      ...personal(HAMID),
      replyToId: "reply-form",
      value: { ...submit, answer: "The residents already knew what they wanted.", visibility: "private" },
    });
    // The form card is replaced: no inputs, no "Opslaan" left to tap.
    const closed = connector
      .updates()
      .filter((u) => u.activityId === "reply-form")
      .at(-1);
    expect(closed).toBeDefined();
    expect(inputsOf(cardOf(closed))).toEqual([]);
    expect(JSON.stringify(cardOf(closed))).not.toContain('"kampvuur":"submit"');
    const answers = await t.app.api(reflections).answersOf("hamid-el-amrani");
    expect(answers).toHaveLength(1);
  });
});
