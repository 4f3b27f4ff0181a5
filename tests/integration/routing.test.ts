import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import type { Expectation } from "../../src/core/expect.js";
import { reflections } from "../../src/features/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { buttonsOf, type Chat, startTestApp, type TestApp } from "../helpers/harness.js";

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const ANNA = "anna-de-vries";
/** The weekly prompt of Tuesday 17 November 2026. */
const PROMPT = "reflection:2026-11-17T09:00";

let t: TestApp;
afterEach(() => t.close());

/** Anna, with this week's prompt open (sent by the scheduler on Tuesday 09:00). */
async function withOpenPrompt(): Promise<Chat> {
  t = await startTestApp({ now: at("2026-11-17T09:00") });
  await new Scheduler(t.app).tick();
  expect(t.adapter.to(ANNA).map((m) => m.kind)).toEqual(["reflection"]);
  return t.chat(ANNA);
}

/** Anna, with no prompt open. */
async function withoutPrompt(): Promise<Chat> {
  t = await startTestApp();
  return t.chat(ANNA);
}

const answers = async () => (await t.app.api(reflections).answersOf(ANNA)).map((a) => a.text);
const questionsLogged = async () => (await t.app.store.questions.all()).map((q) => q.text);

describe("a reply needs words", () => {
  it("an emoji-only message is not kept as the answer; the person is asked for a few words", async () => {
    const anna = await withOpenPrompt();
    await anna.say("🔥🔥👍");
    expect(anna.lastReply?.text).toBe(
      "Bedoel je dat als antwoord? Schrijf er een paar woorden bij, dan bewaar ik het.",
    );
    expect(await answers()).toEqual([]);
    await anna.say("🔥 Het gesprek met de bewoners ging goed 👍");
    expect(await answers()).toEqual(["🔥 Het gesprek met de bewoners ging goed 👍"]);
  });

  it.each(["vraag:", "antwoord:", "1"])("'%s' on its own is not kept as the answer", async (said) => {
    const anna = await withOpenPrompt();
    await anna.say(said);
    expect(anna.lastReply?.text).not.toContain("opgeslagen");
    expect(await answers()).toEqual([]);
  });
});

describe("text that is almost a command", () => {
  it.each([
    ["wijzg 3", "Bedoel je *wijzig 3*?", "• *wijzig*: wijzig een antwoord, bijvoorbeeld: wijzig 2"],
    ["hlep", "Bedoel je *help*?", "• *help*: laat deze hulp zien"],
    ["antwoorde", "Bedoel je *antwoorden*?", "• *antwoorden*: laat al je antwoorden zien"],
    [
      "pauze een week",
      "Bedoel je *pauze*? Zo werkt het:",
      "• *pauze*: even geen reflectievragen: pauze 2 weken, of pauze tot 2027-01-10",
    ],
    [
      "pauze tot 10 januari",
      "Bedoel je *pauze*? Zo werkt het:",
      "• *pauze*: even geen reflectievragen: pauze 2 weken, of pauze tot 2027-01-10",
    ],
    ["taal fr", "Bedoel je *taal*? Zo werkt het:", "• *taal*: wissel van taal: taal nl of taal en"],
  ])(
    "'%s' gets '%s' with the command's help, and is not logged as a question",
    async (said, first, usage) => {
      const anna = await withoutPrompt();
      await anna.say(said);
      const lines = anna.lastReply?.text.split("\n") ?? [];
      expect(lines.slice(0, 2)).toEqual([first, usage]);
      expect(anna.lastReply?.kind).not.toBe("answer");
      expect(await questionsLogged()).toEqual([]);
      expect((await t.app.store.people.get(ANNA))?.pausedUntil).toBeUndefined();
    },
  );

  it("in English, for someone who speaks English", async () => {
    const hamid = (await withoutPrompt(), t.chat("hamid-el-amrani"));
    await hamid.say("hepl");
    expect(hamid.lastReply?.text.split("\n")[0]).toBe("Did you mean *help*?");
    expect(await questionsLogged()).toEqual([]);
  });

  it("only the near-misses stay out of the question log: real questions still go to the content base", async () => {
    const anna = await withoutPrompt();
    for (const said of [
      "wijzg 3",
      "wat betekent principe 6?",
      "pauze een week",
      "hlep bij de subsidieaanvraag?",
    ])
      await anna.say(said);
    expect(anna.lastReply?.kind).toBe("answer");
    expect(await questionsLogged()).toEqual(["wat betekent principe 6?", "hlep bij de subsidieaanvraag?"]);
  });

  it("while a prompt is open, a near-miss is not the answer unless the person says so; real answers still are", async () => {
    const anna = await withOpenPrompt();
    await anna.say("wijzg 3");
    expect(anna.lastReply?.text.split("\n")[0]).toBe("Bedoel je *wijzig 3*?");
    expect(await answers()).toEqual([]);
    // "Mijn antwoord" under the near-miss keeps that text after all.
    const keep = buttonsOf(anna.lastReply).find((b) => b.label === "Mijn antwoord");
    await anna.click(keep as never);
    expect(await answers()).toEqual(["wijzg 3"]);

    // Others with the same prompt open: answers that start like a command are answers.
    const realAnswers = [
      "Ik heb deze week vooral geluisterd naar de bewoners.",
      "Taal blijft lastig.",
      "Help van de wijkagent was fijn",
      "Graag meer tijd",
      "Vraag me af of het lukt",
    ];
    const others = t.app.bot.directory.withRole("participant").filter((p) => p.id !== ANNA);
    for (const [i, answer] of realAnswers.entries()) {
      const person = others[i]?.id as string;
      await t.chat(person).say(answer);
      const kept = (await t.app.api(reflections).answersOf(person)).map((a) => a.text);
      expect({ answer, kept }).toEqual({ answer, kept: [answer] });
    }
    expect(await questionsLogged()).toEqual([]);
  });
});

describe("'overslaan', 'skip' and 'later' typed as words", () => {
  it("'overslaan' skips the open prompt, as the button does: no answer and no reminder", async () => {
    const anna = await withOpenPrompt();
    await anna.say("Overslaan");
    expect(anna.lastReply?.text).toBe("Overgeslagen. De volgende vraag komt vanzelf.");
    expect((await t.app.store.people.get(ANNA))?.skipped).toEqual([PROMPT]);
    expect(await answers()).toEqual([]);
    t.clock.set(at("2026-11-19T09:00"));
    await new Scheduler(t.app).tick();
    expect(t.adapter.to(ANNA).map((m) => m.kind)).toEqual(["reflection"]);
    // Skipped, the prompt expects nothing any more: the next message is no answer to it.
    await anna.say("Ik heb deze week vooral geluisterd naar de bewoners.");
    expect(await answers()).toEqual([]);
  });

  it("'skip' does the same in English", async () => {
    const anna = await withOpenPrompt();
    await anna.say("skip");
    expect((await t.app.store.people.get(ANNA))?.skipped).toEqual([PROMPT]);
    expect(await answers()).toEqual([]);
  });

  it("'later' offers the moments of the Later button; with no prompt open, the words do nothing", async () => {
    const anna = await withOpenPrompt();
    await anna.say("later");
    expect(anna.lastReply?.text).toBe(
      "Wanneer wil je de vraag opnieuw? Over 3 uur, vanavond om 19:00 of morgen om 09:00.",
    );
    const choices = buttonsOf(anna.lastReply);
    expect(choices.map((c) => c.label)).toEqual(["3 uur", "Vanavond", "Morgen"]);
    await anna.click(choices[2] as never);
    expect(anna.updates.at(-1)?.text).toBe(
      "Prima, je krijgt de vraag opnieuw op woensdag 18 november, 09:00.",
    );
    expect(await answers()).toEqual([]);

    // Once answered, nothing is expected: the words skip nothing and offer nothing.
    await anna.say("Ik heb deze week vooral geluisterd naar de bewoners.");
    await anna.say("later");
    expect(anna.lastReply?.text).not.toBe(
      "Wanneer wil je de vraag opnieuw? Over 3 uur, vanavond om 19:00 of morgen om 09:00.",
    );
    await anna.say("overslaan");
    expect(anna.lastReply?.text).not.toBe("Overgeslagen. De volgende vraag komt vanzelf.");
    expect((await t.app.store.people.get(ANNA))?.skipped ?? []).toEqual([]);
    expect(await answers()).toEqual(["Ik heb deze week vooral geluisterd naar de bewoners."]);
  });
});

describe("which reply a message answers", () => {
  /** A second feature that expects a reply from Anna (homework, later) since `since`. */
  function homework(since: Date, until?: Date) {
    const taken: string[] = [];
    t.app.bot.onExpected({
      feature: "homework",
      kind: "homework-answer",
      open: async (person) =>
        person.id === ANNA
          ? [
              {
                feature: "homework",
                kind: "homework-answer",
                ref: "hw-1",
                since,
                until,
              } satisfies Expectation,
            ]
          : [],
      take: async (ctx, _expectation, text) => {
        taken.push(text);
        await ctx.respond.reply({ text: "Huiswerk bewaard." });
      },
      keep: () => ({ to: "het huiswerk", button: { actionId: "homework.keep", label: "Bewaar" } }),
    });
    return taken;
  }

  it("the most recent expectation wins, and neither feature swallows the other's replies", async () => {
    const anna = await withOpenPrompt();
    const taken = homework(at("2026-11-17T10:00"));
    t.clock.set(at("2026-11-17T11:00"));
    await anna.say("Ons huiswerk: we spraken met drie bewoners.");
    expect(taken).toEqual(["Ons huiswerk: we spraken met drie bewoners."]);
    expect(await answers()).toEqual([]);
    await anna.say("Wat betekent dit voor ons?");
    expect(anna.lastReply?.text).toBe("Is dit je antwoord op het huiswerk, of een vraag aan mij?");
  });

  it("an older expectation does not take the reply the newer prompt waits for", async () => {
    const anna = await withOpenPrompt();
    const taken = homework(at("2026-11-16T10:00"));
    await anna.say("Ik heb deze week vooral geluisterd naar de bewoners.");
    expect(taken).toEqual([]);
    expect(await answers()).toEqual(["Ik heb deze week vooral geluisterd naar de bewoners."]);
  });

  it("an expectation whose time is over takes nothing", async () => {
    const anna = await withOpenPrompt();
    const taken = homework(at("2026-11-17T10:00"), at("2026-11-17T10:30"));
    t.clock.set(at("2026-11-17T11:00"));
    await anna.say("Ik heb deze week vooral geluisterd naar de bewoners.");
    expect(taken).toEqual([]);
    expect(await answers()).toEqual(["Ik heb deze week vooral geluisterd naar de bewoners."]);
  });

  it("a prompt is no longer expected once its next prompt has come, even for someone who paused", async () => {
    const anna = await withOpenPrompt();
    await anna.say("pauze 1 week");
    // Tuesday 24 November brings the next prompt (not to Anna: she paused).
    t.clock.set(at("2026-11-24T09:00"));
    await new Scheduler(t.app).tick();
    expect(t.adapter.to("bram-jansen").filter((m) => m.kind === "reflection")).toHaveLength(2);
    expect(t.adapter.to(ANNA).filter((m) => m.kind === "reflection")).toHaveLength(1);
    t.clock.set(at("2026-11-25T10:00"));
    await anna.say("Ik heb deze week vooral geluisterd naar de bewoners.");
    expect(anna.lastReply?.kind).toBe("answer");
    expect(await answers()).toEqual([]);
  });
});
