import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAppProgramme } from "../../src/app.js";
import { reflections } from "../../src/features/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { type ConnectorCall, FakeConnector } from "../helpers/fake-connector.js";
import { FakeSlack, type SlackCall } from "../helpers/fake-slack.js";
import { DEMO_NOW, seedTwelveLongAnswers, type TestApp } from "../helpers/harness.js";
import { slackPayloadProblems, TEAMS_LIMITS, teamsActivityProblems } from "../helpers/payload-rules.js";
import {
  cardAction,
  cardIn,
  personalConversation,
  type SlackButton,
  type SlackPlatform,
  startSlackPlatform,
  startTeamsPlatform,
  type TeamsPlatform,
  withTeamsIds,
} from "../helpers/platforms.js";
import { until } from "../helpers/slack-requests.js";

/**
 * Issue 17: every message the issue lists goes out through the real platform SDKs (Bolt's
 * WebClient, botbuilder's CloudAdapter) into the loopback fakes, which refuse what Slack and
 * Teams refuse (`payload-rules.ts`); each one is found by its content, and must pass the rules
 * both in the fake and checked here on its own. phone-cards.test.ts renders the same cards
 * directly; this file sends them the way people get them.
 */

/** What the issue lists, by the names the tests below use. */
const LISTED = [
  "prompt",
  "reminder",
  "answer form",
  "answer form with errors",
  "answer-or-question offer",
  "Later choices",
  "help",
  "antwoorden with 12 long answers",
  "a question's answer",
  "the off-topic reply",
  "the coordinator's preview",
  "Home: participant",
  "Home: mentor",
  "Home: coordinator",
] as const;
type Listed = (typeof LISTED)[number];
/** Teams has no Home tab: the Home views are Slack's `views.publish` only. */
const NOT_IN_TEAMS: readonly Listed[] = ["Home: participant", "Home: mentor", "Home: coordinator"];

const ANNA = "anna-de-vries";
const BRAM = "bram-jansen";
const HOUR = 3_600_000;

/** Twelve answers of 2,500 characters for one person, checked as stored. */
async function seedTwelveLongAnswersChecked(t: TestApp, personId: string): Promise<void> {
  await seedTwelveLongAnswers(t, personId);
  expect((await t.app.api(reflections).answersOf(personId)).map((a) => a.text.length)).toEqual(
    Array.from({ length: 12 }, () => 2_500),
  );
}

/** The question of someone's open prompt (what the prompt and the reminder start with). */
async function openQuestion(t: TestApp, personId: string): Promise<string> {
  const question = (await t.app.api(reflections).openPrompt(personId))?.text;
  expect(question, `${personId}'s open prompt`).toBeTruthy();
  return question as string;
}

const has = (payload: unknown, content: string | RegExp) => {
  const json = JSON.stringify(payload);
  return typeof content === "string" ? json.includes(content) : content.test(json);
};

describe("issue 17's messages through Slack (signed requests into Bolt, WebClient to the fake Web API)", () => {
  const fake = new FakeSlack();
  let bot: SlackPlatform;
  const covered = new Set<Listed>();
  const ANNA_U = "U0KV0ANNA";
  const BRAM_U = "U0KV0BRAM";
  const HENK_U = "U0KV0HENK";
  const MARIEKE_U = "U0KV0MARI";

  beforeAll(async () => {
    bot = await startSlackPlatform(await fake.start(), { now: DEMO_NOW });
  });
  afterAll(async () => {
    await bot?.close();
    await fake.stop(); // fails the file if the fake refused anything
  });

  const mark = () => fake.calls.length;
  /** The first call since `from` of one of these methods that `matches`. */
  const callSince = (
    from: number,
    methods: string[],
    matches: (args: Record<string, unknown>) => boolean,
    what: string,
  ) =>
    until(
      () => fake.calls.slice(from).find((c) => methods.includes(c.method) && matches(c.args)),
      `${what}; calls since: ${fake.calls
        .slice(from)
        .map((c) => c.method)
        .join(", ")}; problems: ${fake.problems.join("; ")}`,
    );
  /** The fake took it (no problems at all so far), and the rules find none in this payload either. */
  const passes = (name: Listed, call: SlackCall) => {
    expect(fake.problems).toEqual([]);
    expect(slackPayloadProblems(call.method, call.args), `${name} (${call.method})`).toEqual([]);
    covered.add(name);
  };
  /** The `ts` the fake gave a message it took (what a click on its buttons carries). */
  const tsOf = (channel: string, args: Record<string, unknown>) => {
    const ts = fake.messagesIn(channel).find((m) => m.text === String(args.text))?.ts;
    expect(ts, `the message in ${channel}`).toBeDefined();
    return ts as string;
  };
  const buttonOf = (args: Record<string, unknown> | undefined, label: string): SlackButton => {
    const blocks = (args?.blocks ?? []) as { type: string; elements?: Record<string, unknown>[] }[];
    const button = blocks
      .flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []))
      .find((e) => (e.text as { text?: string } | undefined)?.text === label);
    expect(button, `the button "${label}"`).toBeDefined();
    return button as unknown as SlackButton;
  };

  let prompt: Record<string, unknown>;
  let promptTs: string;
  let form: Record<string, unknown>;

  it("the prompt: chat.postMessage to the participant, its text starting with the question", async () => {
    const from = mark();
    await new Scheduler(bot.t.app).tick();
    const question = await openQuestion(bot.t, ANNA);
    const call = await callSince(
      from,
      ["chat.postMessage"],
      (a) => a.channel === ANNA_U && has(a, "Reflectie van deze week"),
      "Anna's prompt",
    );
    expect(String(call.args.text).startsWith(question)).toBe(true);
    passes("prompt", call);
    prompt = call.args;
    promptTs = tsOf(ANNA_U, prompt);
  });

  it("the answer form: views.open with the modal", async () => {
    const from = mark();
    await bot.click(ANNA_U, buttonOf(prompt, "Beantwoorden"), {
      channel: `D${ANNA_U.slice(1)}`,
      ts: promptTs,
    });
    const call = await callSince(from, ["views.open"], (a) => has(a, "Je reflectie"), "the answer modal");
    form = call.args.view as Record<string, unknown>;
    expect(form.type).toBe("modal");
    passes("answer form", call);
  });

  it("the answer form with errors: an empty answer is answered with response_action errors on the modal's input", async () => {
    const response = await bot.submit(ANNA_U, form, {
      answer: { value: { type: "plain_text_input", value: "   " } },
      visibility: { value: { type: "radio_buttons", selected_option: { value: "private" } } },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(body.errors).toEqual({ answer: expect.stringMatching(/Je antwoord is nog leeg/) });
    // Slack shows an error only under an input block of the modal, by its block id.
    const inputs = ((form.blocks ?? []) as { type: string; block_id?: string }[])
      .filter((b) => b.type === "input")
      .map((b) => b.block_id);
    for (const id of Object.keys(body.errors ?? {})) expect(inputs).toContain(id);
    expect(await bot.t.app.api(reflections).answersOf(ANNA)).toEqual([]);
    expect(fake.problems).toEqual([]);
    covered.add("answer form with errors");
  });

  it("the Later choices", async () => {
    const from = mark();
    await bot.click(ANNA_U, buttonOf(prompt, "Later"), { channel: `D${ANNA_U.slice(1)}`, ts: promptTs });
    const call = await callSince(
      from,
      ["chat.postMessage", "chat.update"],
      (a) => has(a, "Wanneer wil je de vraag opnieuw?"),
      "the Later choices",
    );
    for (const label of ["3 uur", "Vanavond", "Morgen"]) buttonOf(call.args, label);
    passes("Later choices", call);
  });

  it("the answer-or-question offer (a question-like DM while the prompt is open); 'Mijn antwoord' keeps it", async () => {
    let from = mark();
    await bot.dm(ANNA_U, "kan de buurtkamer ook op zondag open?");
    const call = await callSince(
      from,
      ["chat.postMessage"],
      (a) => has(a, "Is dit je antwoord op de reflectievraag, of een vraag aan mij?"),
      "the offer",
    );
    passes("answer-or-question offer", call);
    // Kept as the answer, so what follows is no longer taken for one.
    from = mark();
    await bot.click(ANNA_U, buttonOf(call.args, "Mijn antwoord"), {
      channel: `D${ANNA_U.slice(1)}`,
      ts: tsOf(ANNA_U, call.args),
    });
    await callSince(from, ["chat.postMessage"], (a) => has(a, "opgeslagen"), "the saved answer");
    expect((await bot.t.app.api(reflections).answersOf(ANNA)).map((a) => a.text)).toEqual([
      "kan de buurtkamer ook op zondag open?",
    ]);
    expect(fake.problems).toEqual([]);
  });

  it.each([
    ["help" as const, "help", "Dit kun je tegen me zeggen"],
    ["a question's answer" as const, "vraag wat betekent klein beginnen?", "Principe 10"],
    ["the off-topic reply" as const, "wat is de hoofdstad van frankrijk?", "Daar kan ik je niet mee helpen"],
  ])("%s", async (name, typed, content) => {
    const from = mark();
    await bot.dm(ANNA_U, typed);
    const call = await callSince(from, ["chat.postMessage"], (a) => has(a, content), name);
    passes(name, call);
  });

  it("the reminder: chat.postMessage two days later to whoever did not answer, starting with the question", async () => {
    bot.t.clock.set(new Date(DEMO_NOW.getTime() + 50 * HOUR));
    const from = mark();
    await new Scheduler(bot.t.app).tick();
    const question = await openQuestion(bot.t, BRAM);
    const call = await callSince(
      from,
      ["chat.postMessage"],
      (a) => a.channel === BRAM_U && has(a, "Nog even over je reflectie"),
      "Bram's reminder",
    );
    expect(String(call.args.text).startsWith(question)).toBe(true);
    passes("reminder", call);
  });

  it("antwoorden with 12 answers of 2,500 characters", async () => {
    await seedTwelveLongAnswersChecked(bot.t, ANNA);
    const from = mark();
    await bot.dm(ANNA_U, "antwoorden");
    const call = await callSince(from, ["chat.postMessage"], (a) => has(a, "Je 12 antwoorden"), "antwoorden");
    passes("antwoorden with 12 long answers", call);
  });

  it("the coordinator's preview of 'stuur reflectie'", async () => {
    const from = mark();
    await bot.dm(MARIEKE_U, "stuur reflectie");
    const call = await callSince(
      from,
      ["chat.postMessage"],
      (a) => a.channel === `D${MARIEKE_U.slice(1)}` && has(a, "Reflectie versturen"),
      "the preview",
    );
    buttonOf(call.args, "Annuleren");
    passes("the coordinator's preview", call);
  });

  it.each([
    ["Home: participant" as const, ANNA_U, "Je laatste antwoorden"],
    ["Home: mentor" as const, HENK_U, "Team De Vonk"],
    ["Home: coordinator" as const, MARIEKE_U, "Team Zorg in het dorp"],
  ])("%s: views.publish on app_home_opened", async (name, user, content) => {
    const from = mark();
    await bot.openHome(user);
    const call = await callSince(from, ["views.publish"], (a) => a.user_id === user, name);
    expect((call.args.view as { type?: string }).type).toBe("home");
    expect(has(call.args.view, content)).toBe(true);
    passes(name, call);
  });

  it("covers every message the issue lists, and the rules are not vacuous", () => {
    expect([...covered].sort()).toEqual([...LISTED].sort());
    expect(
      slackPayloadProblems("chat.postMessage", { text: "x", blocks: [{ type: "section" }] }),
    ).not.toEqual([]);
  });
});

describe("issue 17's messages through Teams (activities into the CloudAdapter, to the fake Bot Connector)", () => {
  const connector = new FakeConnector();
  let bot: TeamsPlatform;
  const covered = new Set<Listed>();
  const teamsId = (personId: string) => `29:${personId}`;
  const MARIEKE = "marieke-hoekstra";

  beforeAll(async () => {
    const serviceUrl = await connector.start();
    // Anna, Bram and Marieke are Slack people in the demo: here they have Teams ids too.
    bot = await startTeamsPlatform(serviceUrl, {
      now: new Date(DEMO_NOW.getTime() - HOUR),
      programme: withTeamsIds(await loadAppProgramme()),
    });
    for (const id of [ANNA, BRAM, MARIEKE]) expect((await bot.install(teamsId(id))).status).toBeLessThan(300);
  });
  afterAll(async () => {
    await bot?.close();
    await connector.stop(); // fails the file if the connector refused anything
  });

  const mark = () => connector.calls.length;
  /** The first send, reply (POST) or update (PUT) the connector took since `from` that `matches`. */
  const callSince = (from: number, matches: (call: ConnectorCall) => boolean, what: string) =>
    until(
      () =>
        connector.calls
          .slice(from)
          .find((c) => (c.method === "POST" || c.method === "PUT") && c.status === 200 && matches(c)),
      `${what}; calls since: ${connector.calls
        .slice(from)
        .map((c) => `${c.method} ${c.path}`)
        .join(", ")}; problems: ${connector.problems.join("; ")}`,
    );
  const to = (personId: string, content: string | RegExp) => (c: ConnectorCall) =>
    c.conversation === personalConversation(teamsId(personId)) && has(c.body, content);
  /** No markup of the core or of Teams markdown: what a notification shows as it is. */
  const plain = (line: string) => !/\*\*|(^|[\s(])[*_][^\s*_]|<at>|\]\(/.test(line);

  /**
   * The connector took it (no problems at all so far), the rules find none in this activity,
   * its card (if any) is version 1.5 or lower, and it has a notification line in plain words:
   * a card's `summary` (and `text`, what Android shows), a text message's `text`.
   */
  const passes = (name: Listed, call: ConnectorCall, startsWith?: string) => {
    expect(connector.problems).toEqual([]);
    expect(teamsActivityProblems(call.body), name).toEqual([]);
    const card = cardIn(call.body);
    if (card) {
      const [major, minor] = String(card.version).split(".").map(Number) as [number, number];
      const [maxMajor, maxMinor] = TEAMS_LIMITS.cardVersion.split(".").map(Number) as [number, number];
      expect(
        major < maxMajor || (major === maxMajor && minor <= maxMinor),
        `${name}: version ${String(card.version)}`,
      ).toBe(true);
      const summary = String(call.body.summary ?? "");
      expect(summary.trim(), `${name}: summary`).not.toBe("");
      expect(plain(summary), `${name}: summary "${summary}"`).toBe(true);
      // Android shows `text` for a card ("sent you a card" without it): there, in plain words, too.
      const text = String(call.body.text ?? "");
      expect(text.trim(), `${name}: text`).not.toBe("");
      expect(plain(text), `${name}: text "${text}"`).toBe(true);
    } else expect(String(call.body.text ?? "").trim(), `${name}: text`).not.toBe("");
    if (startsWith)
      for (const field of ["summary", "text"] as const) {
        const line = String(call.body[field] ?? "");
        // The whole question, or (cut at a word to fit) a start of it ending in "…".
        const starts =
          line.startsWith(startsWith) || (line.endsWith("…") && startsWith.startsWith(line.slice(0, -1)));
        expect(starts, `${name}: ${field} "${line}" starts with "${startsWith}"`).toBe(true);
        expect(plain(line), `${name}: ${field} "${line}"`).toBe(true);
      }
    covered.add(name);
  };

  let prompt: ConnectorCall;
  let formCard: Record<string, unknown> | undefined;

  it("the prompt: a card sent to the participant's chat, its notification starting with the question", async () => {
    bot.t.clock.set(DEMO_NOW);
    const from = mark();
    await new Scheduler(bot.t.app).tick();
    const question = await openQuestion(bot.t, ANNA);
    prompt = await callSince(from, to(ANNA, "Reflectie van deze week"), "Anna's prompt");
    expect(prompt.method).toBe("POST");
    expect(prompt.delivered).toBe(true);
    passes("prompt", prompt, question);
  });

  it("the answer form: a card with the inputs, in reply to 'Beantwoorden'", async () => {
    const from = mark();
    await bot.press(teamsId(ANNA), cardAction(cardIn(prompt.body), "Beantwoorden")?.data, "prompt-anna");
    const call = await callSince(from, to(ANNA, "Input.Text"), "the answer form");
    formCard = cardIn(call.body);
    passes("answer form", call);
  });

  it("the answer form with errors: an empty answer puts the card back with the error text", async () => {
    const submit = cardAction(formCard, "Opslaan");
    expect(submit).toBeDefined();
    const from = mark();
    await bot.press(teamsId(ANNA), { ...submit?.data, answer: "  ", visibility: "private" }, "form-anna");
    const call = await callSince(from, to(ANNA, "Je antwoord is nog leeg"), "the form with its error");
    expect(call.method).toBe("PUT");
    expect(call.activityId).toBe("form-anna");
    expect(has(call.body, "Input.Text")).toBe(true);
    expect(await bot.t.app.api(reflections).answersOf(ANNA)).toEqual([]);
    passes("answer form with errors", call);
  });

  it("the Later choices", async () => {
    const from = mark();
    await bot.press(teamsId(ANNA), cardAction(cardIn(prompt.body), "Later")?.data, "prompt-anna");
    const call = await callSince(from, to(ANNA, "Wanneer wil je de vraag opnieuw?"), "the Later choices");
    for (const label of ["3 uur", "Vanavond", "Morgen"])
      expect(cardAction(cardIn(call.body), label)).toBeDefined();
    passes("Later choices", call);
  });

  it("the answer-or-question offer; 'Mijn antwoord' keeps it", async () => {
    let from = mark();
    await bot.say(teamsId(ANNA), "kan de buurtkamer ook op zondag open?");
    const call = await callSince(
      from,
      to(ANNA, "Is dit je antwoord op de reflectievraag, of een vraag aan mij?"),
      "the offer",
    );
    passes("answer-or-question offer", call);
    from = mark();
    await bot.press(teamsId(ANNA), cardAction(cardIn(call.body), "Mijn antwoord")?.data, "offer-anna");
    await callSince(from, to(ANNA, "opgeslagen"), "the saved answer");
    expect((await bot.t.app.api(reflections).answersOf(ANNA)).map((a) => a.text)).toEqual([
      "kan de buurtkamer ook op zondag open?",
    ]);
    expect(connector.problems).toEqual([]);
  });

  it.each([
    ["help" as const, "help", "Dit kun je tegen me zeggen"],
    ["a question's answer" as const, "vraag wat betekent klein beginnen?", "Principe 10"],
    ["the off-topic reply" as const, "wat is de hoofdstad van frankrijk?", "Daar kan ik je niet mee helpen"],
  ])("%s", async (name, typed, content) => {
    const from = mark();
    await bot.say(teamsId(ANNA), typed);
    const call = await callSince(from, to(ANNA, content), name);
    passes(name, call);
  });

  it("the reminder: a card two days later to whoever did not answer, its notification starting with the question", async () => {
    bot.t.clock.set(new Date(DEMO_NOW.getTime() + 50 * HOUR));
    const from = mark();
    await new Scheduler(bot.t.app).tick();
    const question = await openQuestion(bot.t, BRAM);
    const call = await callSince(from, to(BRAM, "Nog even over je reflectie"), "Bram's reminder");
    expect(call.method).toBe("POST");
    passes("reminder", call, question);
  });

  it("antwoorden with 12 answers of 2,500 characters", async () => {
    await seedTwelveLongAnswersChecked(bot.t, ANNA);
    const from = mark();
    await bot.say(teamsId(ANNA), "antwoorden");
    const call = await callSince(from, to(ANNA, "Je 12 antwoorden"), "antwoorden");
    passes("antwoorden with 12 long answers", call);
  });

  it("the coordinator's preview of 'stuur reflectie'", async () => {
    const from = mark();
    await bot.say(teamsId(MARIEKE), "stuur reflectie");
    const call = await callSince(from, to(MARIEKE, "Reflectie versturen"), "the preview");
    expect(cardAction(cardIn(call.body), "Annuleren")).toBeDefined();
    passes("the coordinator's preview", call);
  });

  it("covers every message the issue lists but the Home views (Teams has no Home tab)", () => {
    expect([...covered].sort()).toEqual(LISTED.filter((m) => !NOT_IN_TEAMS.includes(m)).sort());
    expect(
      teamsActivityProblems({
        type: "message",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: { type: "AdaptiveCard", version: "1.6", body: [] },
          },
        ],
      }),
    ).not.toEqual([]);
  });
});
