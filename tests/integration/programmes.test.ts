import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSlack } from "../../src/adapters/slack/index.js";
import { createTeams } from "../../src/adapters/teams/index.js";
import { loadAppProgramme } from "../../src/app.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { ManualClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/log.js";
import { createDeployment, type Deployment } from "../../src/deployment.js";
import { questions } from "../../src/features/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { FakeConnector } from "../helpers/fake-connector.js";
import { FakeSlack } from "../helpers/fake-slack.js";
import { DEMO_NOW } from "../helpers/harness.js";
import { REDIS_URL, uniqueProgrammeId } from "../helpers/services.js";
import { cardIn, personalChat, teamsActivities } from "../helpers/platforms.js";
import {
  busiestSecond,
  dmEvent,
  eventBody,
  interactionBody,
  post,
  SECRET,
  until,
} from "../helpers/slack-requests.js";

/**
 * Two programmes in one process and one app registration (`KAMPVUUR_PROGRAMMES`): the demo
 * leergang and the Community of Practice, with Henk Westerveld a mentor in both. Henk is
 * asked once which programme he means, the bot remembers it (also after a restart), his
 * clicks go back to the programme that sent the button, and someone in one programme is
 * never asked. Over the real Bolt and botbuilder code against the loopback fakes.
 */

const LEERGANG = "leergang-gemeenschapskracht-2026";
const COP = "cop-bewonerskracht-2026";
const HENK_SLACK = "U0KV0HENK";
const HENK_TEAMS = "29:henk-in-teams";
const ANNA_SLACK = "U0KV0ANNA";
/** The workspace limit in these tests: 10 a second, a burst of 2. */
const PER_MINUTE = 600;

/** The demo leergang and the CoP, with the CoP's first mentor being Henk (as he is in the leergang). */
async function twoProgrammes(): Promise<Programme[]> {
  const leergang = await loadAppProgramme();
  const cop = await loadAppProgramme(join(process.cwd(), "examples", "community-of-practice.yaml"));
  const henk = leergang.mentors.find((m) => m.id === "henk-westerveld");
  if (!henk) throw new Error("the demo has Henk");
  henk.identities = { ...henk.identities, teams: HENK_TEAMS };
  const [first, ...rest] = cop.mentors;
  if (!first) throw new Error("the CoP has mentors");
  // The CoP knows him by e-mail and Teams only: Slack finds him there by his e-mail address.
  const { email, teams } = henk.identities;
  cop.mentors = [{ ...first, name: henk.name, identities: { email, teams } }, ...rest];
  return [leergang, cop];
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function deployment(storeUrl: string): Promise<Deployment> {
  const d = await createDeployment({
    programmes: await twoProgrammes(),
    storeUrl,
    clock: new ManualClock(DEMO_NOW),
  });
  // Closed once, whether by the test (a restart) or afterwards.
  const close = d.close;
  let open = true;
  d.close = async () => {
    if (!open) return;
    open = false;
    await close();
  };
  cleanup.push(() => d.close());
  return d;
}

type Post = Record<string, unknown>;
const textOf = (p: Post | Post[] | undefined) => JSON.stringify(p ?? {});
const buttonsIn = (p: Post | undefined) =>
  (
    (p?.blocks ?? []) as {
      type: string;
      elements?: { action_id: string; value?: string; text: { text: string } }[];
    }[]
  )
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);

async function slackOn(
  d: Deployment,
  fake: FakeSlack,
  messagesPerMinute?: number,
): Promise<{ http: HttpServer; port: number }> {
  const slack = createSlack(d.inbound, {
    auth: { botToken: "xoxb-test" },
    signingSecret: SECRET,
    apiUrl: await fake.start(),
    logger: silentLogger,
    findSettleMs: 0,
    home: (person, user) => d.home(person, "slack", user),
    ...(messagesPerMinute ? { messagesPerMinute } : {}),
  });
  d.addAdapter(slack.adapter);
  fake.users.set(HENK_SLACK, "henk@buurtcooperatie.example");
  const http = await startHttpServer(0, slack.routes, silentLogger);
  cleanup.push(async () => {
    await http.close();
    await fake.stop();
  });
  return { http, port: http.port };
}

const dm = (port: number, user: string, text: string) =>
  post(port, eventBody(dmEvent(user, text)), "application/json");
let clicks = 0;
const click = (port: number, user: string, button: { action_id: string; value?: string }, ts?: string) =>
  post(
    port,
    interactionBody({
      type: "block_actions",
      user: { id: user },
      team: { id: "TKAMPVUUR" },
      api_app_id: "AKAMPVUUR",
      trigger_id: `${++clicks}.42`,
      channel: { id: `D${user.slice(1)}` },
      ...(ts ? { message: { ts } } : {}),
      container: { type: "message" },
      actions: [{ type: "button", block_id: "b1", action_ts: "1", ...button }],
    }),
    "application/x-www-form-urlencoded",
  );

describe("several programmes in one process, over Slack", () => {
  it("asks a mentor in both programmes once which one he means, and remembers it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kampvuur-programmes-"));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const storeUrl = `sqlite://${join(dir, "kampvuur.sqlite")}`;
    const d = await deployment(storeUrl);
    const fake = new FakeSlack();
    const { port } = await slackOn(d, fake);
    const posts = () => fake.of("chat.postMessage");
    /** Does something, then waits for the bot's next post in this conversation. */
    const replyTo = async (channel: string, act: () => Promise<unknown>, what: string) => {
      const from = posts().length;
      await act();
      return until(
        () =>
          posts()
            .slice(from)
            .find((p) => p.channel === channel),
        what,
      );
    };

    // Someone in one programme is never asked.
    await dm(port, ANNA_SLACK, "wanneer is de volgende leerdag?");
    const anna = await until(() => posts().find((p) => p.channel === "D0KV0ANNA"), "Anna's answer");
    expect(textOf(anna)).toContain("10 december");
    expect(textOf(anna)).not.toContain("Over welk programma");

    // Henk is in both: the bot asks, with a button a programme (question first).
    await dm(port, HENK_SLACK, "wanneer is de volgende bijeenkomst?");
    const ask = await until(() => posts().find((p) => p.channel === "D0KV0HENK"), "the programme question");
    expect(String(ask.text)).toMatch(/^Over welk programma gaat dit\?/);
    const choices = buttonsIn(ask);
    expect(choices.map((b) => b.value)).toEqual([LEERGANG, COP]);
    expect(choices.map((b) => b.text.text)).toEqual([
      expect.stringContaining("Leergang"),
      expect.stringContaining("Community of Practice"),
    ]);

    // He picks the CoP: the question is replaced by the confirmation, then his message is answered by the CoP.
    const tsOf = () => fake.conversations.get("D0KV0HENK")?.at(-1)?.ts;
    const answer = await replyTo(
      "D0KV0HENK",
      () => click(port, HENK_SLACK, choices[1] as { action_id: string; value: string }, tsOf()),
      "the answer",
    );
    expect(textOf(answer)).toContain("21 januari"); // the CoP's next meeting, not the leergang's 10 December
    expect(textOf(answer)).not.toContain("10 december");
    expect(textOf(fake.of("chat.update"))).toContain("Community of Practice");

    // Asked once: the next message goes to the CoP straight away.
    const next = await replyTo(
      "D0KV0HENK",
      () => dm(port, HENK_SLACK, "waar is de volgende bijeenkomst?"),
      "the next answer",
    );
    expect(textOf(next)).not.toContain("Over welk programma");
    expect(textOf(next)).toContain("Hallerveld"); // the CoP's place on 21 January

    // A content question: the CoP answers it, keeps it in its own log, and its buttons carry the CoP.
    const principle = await replyTo(
      "D0KV0HENK",
      () => dm(port, HENK_SLACK, "wat betekent principe 6?"),
      "principle 6",
    );
    const [leergangApp, copApp] = d.apps;
    const asked = async (app: typeof leergangApp) =>
      (await app?.api(questions).all())?.map((q) => q.text) ?? [];
    expect(await asked(copApp)).toContain("wat betekent principe 6?");
    expect(await asked(leergangApp)).not.toContain("wat betekent principe 6?");
    const more = buttonsIn(principle).find((b) => b.action_id.startsWith(`${COP}/`));
    expect(more, "the answer has a button").toBeDefined();
    expect(buttonsIn(principle).every((b) => b.action_id.startsWith(`${COP}/`))).toBe(true);
    // Someone not in the CoP cannot use the CoP's button.
    const refused = await replyTo(
      "D0KV0ANNA",
      () => click(port, ANNA_SLACK, more as { action_id: string; value?: string }),
      "refused",
    );
    expect(textOf(refused)).toContain("hoort niet bij jou");

    // "programma" asks again; he switches to the leergang.
    const again = await replyTo("D0KV0HENK", () => dm(port, HENK_SLACK, "programma"), "asked again");
    expect(String(again.text)).toMatch(/^Over welk programma/);
    await click(port, HENK_SLACK, buttonsIn(again)[0] as { action_id: string; value: string }, tsOf());
    await until(() => textOf(fake.of("chat.update")).includes("Leergang Gemeenschapskracht"), "switched");
    const leergang = await replyTo(
      "D0KV0HENK",
      () => dm(port, HENK_SLACK, "wanneer is de volgende leerdag?"),
      "leergang answer",
    );
    expect(textOf(leergang)).toContain("10 december");

    // The CoP's button still goes to the CoP (its full text), though he is in the leergang now.
    const updates = fake.of("chat.update").length;
    const count4 = posts().length;
    await click(port, HENK_SLACK, more as { action_id: string; value?: string }, tsOf());
    const full = await until(
      () =>
        posts()
          .slice(count4)
          .find((p) => p.channel === "D0KV0HENK") ?? fake.of("chat.update")[updates],
      "the CoP's full text",
    );
    expect(textOf(full)).not.toContain("niet meer geldt");
    expect(textOf(full)).not.toContain("hoort niet bij jou");

    // His App Home is the leergang's (his choice), with a line on switching.
    const published = fake.of("views.publish").length;
    await post(
      port,
      eventBody({ type: "app_home_opened", user: HENK_SLACK, channel: "D0KV0HENK", tab: "home" }),
      "application/json",
    );
    const home = await until(() => fake.of("views.publish")[published], "the App Home");
    expect(textOf(home)).toContain("Je zit in meer programma's");
    expect(textOf(home)).toContain("Team De Vonk"); // his leergang team
    for (const b of buttonsIn(home.view as Post)) expect(b.action_id.startsWith(`${LEERGANG}/`)).toBe(true);

    // The choice is kept in the store: after a restart he is not asked again.
    await d.close();
    const d2 = await deployment(storeUrl);
    const fake2 = new FakeSlack();
    const { port: port2 } = await slackOn(d2, fake2);
    await dm(port2, HENK_SLACK, "wanneer is de volgende leerdag?");
    const afterRestart = await until(() => fake2.of("chat.postMessage")[0], "the answer after a restart");
    expect(textOf(afterRestart)).not.toContain("Over welk programma");
    expect(textOf(afterRestart)).toContain("10 december");
  });

  it("hands over and erases the programme someone chose, with the rest of their data", async () => {
    const d = await deployment("memory://");
    const fake = new FakeSlack();
    const { port } = await slackOn(d, fake);
    await dm(port, HENK_SLACK, "wanneer is de volgende bijeenkomst?");
    const ask = await until(() => fake.of("chat.postMessage")[0], "the programme question");
    await click(port, HENK_SLACK, buttonsIn(ask)[1] as { action_id: string; value: string });
    await until(
      () => fake.of("chat.postMessage").find((p) => String(p.text).includes("21 januari")),
      "the CoP's answer",
    );
    const cop = d.apps[1];
    const henk = cop?.bot.resolve("slack", HENK_SLACK, "henk@buurtcooperatie.example");
    expect(henk).toBeDefined();
    const exported = await cop?.personalData.export(henk?.id as string);
    expect(exported?.parts.platforms).toMatchObject({ slack: { programmeChosen: { programme: COP } } });
    await cop?.personalData.erase(henk?.id as string);
    // The choice is gone with it: his next message is asked about again.
    const before = fake.of("chat.postMessage").length;
    await dm(port, HENK_SLACK, "wanneer is de volgende bijeenkomst?");
    const again = await until(
      () =>
        fake
          .of("chat.postMessage")
          .slice(before)
          .find((p) => /^Over welk programma/.test(String(p.text))),
      "asked again",
    );
    expect(buttonsIn(again)).toHaveLength(2);
  });

  it("sends each programme's prompts with buttons that go back to that programme", async () => {
    const d = await deployment("memory://");
    const fake = new FakeSlack();
    await slackOn(d, fake);
    // The leergang's weekly prompt moment (Tuesday 24 November, 09:00): only the leergang plans one now.
    const [leergang, cop] = d.apps;
    if (!leergang || !cop) throw new Error("two apps");
    await new Scheduler(leergang).tick();
    await new Scheduler(cop).tick();
    // A prompt the bot starts itself goes to the user id (Slack opens the DM).
    const prompt = fake.of("chat.postMessage").find((p) => p.channel === ANNA_SLACK);
    const buttons = buttonsIn(prompt);
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect(b.action_id.startsWith(`${LEERGANG}/`)).toBe(true);
  });
});

/** The `Action.Submit` of a card whose data carries this value (a programme's id). */
function submitWithValue(card: unknown, value: string): { data: Record<string, unknown> } | undefined {
  let found: { data: Record<string, unknown> } | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Record<string, unknown>;
    const data = o.data as Record<string, unknown> | undefined;
    if (o.type === "Action.Submit" && data?.value === value) found = { data };
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

describe.each([
  { store: "memory", url: () => "memory://", skip: false },
  { store: "Redis (BullMQ)", url: () => REDIS_URL as string, skip: !REDIS_URL },
])("two programmes' fan-outs to one workspace on $store", ({ url, skip }) => {
  it.skipIf(skip)(
    "share one pace: both together stay at the workspace limit, not twice it",
    async () => {
      const programmes = await twoProgrammes();
      // A namespace of their own on a shared server (Redis keeps what earlier runs stored).
      for (const p of programmes) p.id = uniqueProgrammeId(p.id.slice(0, 12));
      // Everyone with a Slack id (no e-mail look-ups: only the messages count here).
      let reachable = 0;
      for (const p of programmes)
        for (const person of [...p.participants, ...p.mentors, ...p.coordinators]) {
          reachable++; // at most: some may have paused or left
          person.identities = {
            ...person.identities,
            slack: person.identities.slack ?? `U0${person.id.toUpperCase().replace(/-/g, "")}`,
          };
        }
      const d = await createDeployment({ programmes, storeUrl: url(), clock: new ManualClock(DEMO_NOW) });
      cleanup.push(() => d.close());
      const fake = new FakeSlack();
      await slackOn(d, fake, PER_MINUTE);
      // The fake takes everything here and the arrivals are timed: a second pace per programme
      // would show as twice the rate (with limits enforced, its 429 pauses would hide that).
      for (const app of d.apps) app.queue.serve?.();

      // Both programmes' weekly prompt is due now (Tuesday 09:00): their passes run at once.
      const t0 = Date.now();
      const passes = await Promise.all(d.apps.map((app) => new Scheduler(app).tick()));
      const wallMs = Date.now() - t0;
      const sent = passes.reduce((n, p) => n + p.sent, 0);
      const posts = fake.calls.filter((c) => c.method === "chat.postMessage");
      expect(fake.calls.filter((c) => c.method.endsWith("(429)"))).toHaveLength(0);
      const channels = new Set(posts.map((c) => String(c.args.channel)));
      expect(passes.every((p) => p.sent > 0 && p.failed === 0 && p.missed === 0)).toBe(true);
      // Everyone the passes sent to got it exactly once: none lost, none twice.
      expect(posts.length).toBe(sent);
      expect(channels.size).toBe(sent);
      expect(sent).toBeGreaterThan(reachable / 2);
      const busiest = busiestSecond(posts.map((c) => c.at));
      // Arrivals jitter with the event loop (a loaded machine bunches a few); doubled: about 20.
      expect(busiest).toBeLessThanOrEqual(PER_MINUTE / 60 + 4);
      // Together at the one limit: no faster than the workspace allows (paced apart: half the time).
      expect(wallMs).toBeGreaterThanOrEqual(((sent - 1) / (PER_MINUTE / 60)) * 1000 * 0.9);
    },
    60_000,
  );
});

describe("several programmes in one process, over Teams", () => {
  it("asks once in a Teams chat and answers from the chosen programme", async () => {
    const d = await deployment("memory://");
    const connector = new FakeConnector();
    const serviceUrl = await connector.start();
    const teams = createTeams(d.inbound, { store: d.store, logger: silentLogger, local: true });
    d.addAdapter(teams.adapter);
    const http = await startHttpServer(0, { "/api/messages": teams.route }, silentLogger);
    cleanup.push(async () => {
      await http.close();
      await connector.stop();
    });
    const activity = teamsActivities(http.port, serviceUrl);

    await activity({
      type: "message",
      ...personalChat(HENK_TEAMS),
      text: "wanneer is de volgende bijeenkomst?",
    });
    const asked = connector.sent().at(-1);
    const card = cardIn(asked?.body);
    expect(JSON.stringify(card)).toContain("Over welk programma");
    const pick = submitWithValue(card, COP);
    expect(pick, "a button for the CoP").toBeDefined();
    expect(submitWithValue(card, LEERGANG), "a button for the leergang").toBeDefined();

    const before = connector.sent().length;
    await activity({
      type: "message",
      ...personalChat(HENK_TEAMS),
      replyToId: String(asked?.activityId ?? "reply-1"),
      value: pick?.data,
    });
    const answers = JSON.stringify(
      connector
        .sent()
        .slice(before)
        .map((c) => c.body),
    );
    expect(answers).toContain("21 januari");

    const count = connector.sent().length;
    await activity({
      type: "message",
      ...personalChat(HENK_TEAMS),
      text: "waar is de volgende bijeenkomst?",
    });
    const next = JSON.stringify(
      connector
        .sent()
        .slice(count)
        .map((c) => c.body),
    );
    expect(next).not.toContain("Over welk programma");
    expect(next).toContain("Hallerveld");
  });
});
