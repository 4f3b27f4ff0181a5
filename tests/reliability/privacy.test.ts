import { join } from "node:path";
import { reflections } from "../../src/features/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsOf, type Chat, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { ChannelSeat, dmsTo, sendReflectionToAll } from "../helpers/privacy.js";

const ANNA = "anna-de-vries";
const BRAM = "bram-jansen";
const ESRA = "esra-yilmaz";
const HAMID = "hamid-el-amrani";
const HENK = "henk-westerveld";
const MARIEKE = "marieke-hoekstra";

const SENT_BY_DM = "Ik heb je dat in een privébericht gestuurd.";
const NOT_YOURS = "Dit hoort niet bij jou, dus ik doe er niets mee. Er is niets veranderd.";

const ANNAS_ANSWER = "Alleen voor mij: ik twijfel of ik de wethouder wel kan loslaten.";
const HAMIDS_ANSWER = "Just for me: I still chair every meeting myself.";

describe("personal answers asked for in a channel go to a DM, never to the channel", () => {
  let tmp: ReturnType<typeof tempDir>;
  let t: TestApp;
  let promptText: string;

  beforeEach(async () => {
    tmp = tempDir();
    t = await startTestApp({ storeUrl: `sqlite://${join(tmp.dir, "kampvuur.sqlite")}` });
    await sendReflectionToAll(t.chat(MARIEKE));
    await t.chat(ANNA).say(ANNAS_ANSWER);
    promptText = (await t.app.api(reflections).latestPrompt(ANNA))?.text ?? "";
    expect(promptText).not.toBe("");
  });
  afterEach(async () => {
    await t.close();
    tmp.cleanup();
  });

  it("'antwoorden' in a channel: the channel only hears it went by DM; the list arrives in Anna's DM", async () => {
    const channel = new ChannelSeat(t, ANNA);
    const before = t.adapter.to(ANNA).length;
    await channel.say("antwoorden");

    expect(channel.replies.map((m) => m.text)).toEqual([SENT_BY_DM]);
    expect(channel.seen).not.toContain(ANNAS_ANSWER);
    expect(channel.seen).not.toContain(promptText);
    const dm = dmsTo(t, ANNA, before);
    expect(dm).toHaveLength(1);
    expect(dm[0]?.text).toContain(ANNAS_ANSWER);
  });

  it("'my answers' in a channel, in English for Hamid: the same, in his language", async () => {
    await t.chat(HAMID).say(HAMIDS_ANSWER);
    const channel = new ChannelSeat(t, HAMID);
    const before = t.adapter.to(HAMID).length;
    await channel.say("my answers");

    expect(channel.replies.map((m) => m.text)).toEqual(["I've sent you that in a direct message."]);
    expect(channel.seen).not.toContain(HAMIDS_ANSWER);
    expect(dmsTo(t, HAMID, before)[0]?.text).toContain(HAMIDS_ANSWER);
  });

  it("'wijzig 1' in a channel opens no form there; the DM offers it, and editing there works", async () => {
    const channel = new ChannelSeat(t, ANNA);
    const before = t.adapter.to(ANNA).length;
    await channel.say("wijzig 1");

    expect(channel.forms).toEqual([]);
    expect(channel.replies.map((m) => m.text)).toEqual([SENT_BY_DM]);
    expect(channel.seen).not.toContain(ANNAS_ANSWER);
    expect(channel.seen).not.toContain(promptText);

    const [offer] = dmsTo(t, ANNA, before);
    expect(offer?.text).toContain(promptText);
    const edit = buttonsOf(offer).find((b) => b.label === "Wijzigen");
    expect(edit).toBeDefined();

    // In the DM the button opens the form with the answer in it, as "wijzig 1" there would.
    const anna = t.chat(ANNA);
    await anna.click(edit as never);
    expect(anna.lastForm?.fields[0]).toMatchObject({ initial: ANNAS_ANSWER });
    await anna.submit(anna.lastForm as never, {
      answer: "Nu met mijn mentor gedeeld.",
      visibility: "mentor",
    });
    expect(anna.lastReply?.text).toContain("bijgewerkt");
    const book = await t.app.store.answers.get(ANNA);
    expect(book?.answers.map((a) => [a.text, a.visibility])).toEqual([
      ["Nu met mijn mentor gedeeld.", "mentor"],
    ]);
  });

  it("'reflectie' in a channel: the prompt (with Anna's own details) arrives in her DM only", async () => {
    const channel = new ChannelSeat(t, ANNA);
    const before = t.adapter.to(ANNA).length;
    await channel.say("reflectie");

    expect(channel.replies.map((m) => m.text)).toEqual([SENT_BY_DM]);
    expect(channel.seen).not.toContain(promptText);
    expect(dmsTo(t, ANNA, before)[0]?.text).toContain(promptText);
  });

  it("every other personal command goes to the DM too; a question about the content stays in the thread", async () => {
    const channel = new ChannelSeat(t, ANNA);
    const before = t.adapter.to(ANNA).length;
    for (const command of ["antwoord", "wie ben ik", "pauze 2 weken", "hervat", "afmelden", "aanmelden"])
      await channel.say(command);

    expect(channel.forms).toEqual([]);
    expect(channel.replies.map((m) => m.text)).toEqual(Array(6).fill(SENT_BY_DM));
    const dm = dmsTo(t, ANNA, before).map((m) => m.text);
    expect(dm).toHaveLength(6);
    expect(dm[1]).toContain("Anna de Vries");
    expect(dm[2]).toContain("geen reflectievragen");
    expect(channel.seen).not.toMatch(/Anna de Vries|dinsdag|pauze/);

    // The principles are the programme's public material: answered where they were asked.
    await channel.say("principes");
    expect(channel.replies.at(-1)?.text).toContain("De 18 principes van gemeenschapskracht");
    expect(dmsTo(t, ANNA, before)).toHaveLength(6);
  });

  it("a button of a prompt pressed in a channel offers the form in the DM, not in the channel", async () => {
    const answer = buttonsOf(t.adapter.to(ANNA)[0]).find((b) => b.label === "Beantwoorden");
    const channel = new ChannelSeat(t, ANNA);
    const before = t.adapter.to(ANNA).length;
    await channel.click(answer as never);

    expect(channel.forms).toEqual([]);
    expect(channel.updates).toEqual([]);
    expect(channel.replies.map((m) => m.text)).toEqual([SENT_BY_DM]);
    expect(dmsTo(t, ANNA, before)[0]?.text).toContain(promptText);
  });

  it("the coordinator's preview (with a participant's own prompt) goes to her DM", async () => {
    // This week's prompt went out before each test: a week later there is a new one to preview.
    t.clock.advance(7 * 86_400_000);
    const channel = new ChannelSeat(t, MARIEKE);
    const before = t.adapter.to(MARIEKE).length;
    await channel.say("stuur reflectie");

    expect(channel.replies.map((m) => m.text)).toEqual([SENT_BY_DM]);
    expect(channel.seen).not.toContain("Voorbeeld");
    const [preview] = dmsTo(t, MARIEKE, before);
    expect(preview?.text).toContain("Voorbeeld (Anna)");
    expect(buttonsOf(preview).map((b) => b.label)).toEqual(["Versturen", "Annuleren"]);
  });

  it("when Anna cannot be reached by DM, the channel tells her how to open one and gets nothing personal", async () => {
    t.adapter.unreachable.add(ANNA);
    const channel = new ChannelSeat(t, ANNA);
    const before = t.adapter.sent.length;
    await channel.say("antwoorden");

    expect(channel.replies).toHaveLength(1);
    expect(channel.replies[0]?.text).toContain("Ik kan je nog geen privébericht sturen");
    expect(channel.replies[0]?.text).toContain("Open eerst een privégesprek met mij");
    expect(channel.replies[0]?.text).toContain("*antwoorden*");
    expect(channel.seen).not.toContain(ANNAS_ANSWER);
    expect(t.adapter.sent).toHaveLength(before);

    // A personal command that cannot be answered privately does not run at all: no pause.
    await channel.say("pauze 2 weken");
    expect((await t.app.store.people.get(ANNA))?.pausedUntil).toBeUndefined();
  });

  it("when the DM fails to send, the channel says how to open one instead of showing the list", async () => {
    t.adapter.failOnSend = t.adapter.sent.length + 1;
    const channel = new ChannelSeat(t, ANNA);
    await channel.say("antwoorden");

    expect(channel.replies).toHaveLength(1);
    expect(channel.replies[0]?.text).toContain("Ik kan je nog geen privébericht sturen");
    expect(channel.seen).not.toContain(ANNAS_ANSWER);
  });
});

describe("the coordinator's send buttons refuse everyone else", () => {
  let tmp: ReturnType<typeof tempDir>;
  let t: TestApp;
  let marieke: Chat;

  beforeEach(async () => {
    tmp = tempDir();
    t = await startTestApp({ storeUrl: `sqlite://${join(tmp.dir, "kampvuur.sqlite")}` });
    marieke = t.chat(MARIEKE);
    await marieke.say("stuur reflectie");
  });
  afterEach(async () => {
    await t.close();
    tmp.cleanup();
  });

  const button = (label: string) => {
    const found = buttonsOf(marieke.lastReply).find((b) => b.label === label);
    if (!found) throw new Error(`no ${label} button`);
    return found;
  };

  it("a participant pressing 'Annuleren' is refused, and no message is updated", async () => {
    const anna = t.chat(ANNA);
    await anna.click(button("Annuleren"));

    expect(anna.lastReply?.text).toBe("Dit kan alleen een coördinator doen. Er is niets veranderd.");
    expect(anna.updates).toEqual([]);
    expect(t.adapter.sent).toEqual([]);
  });

  it("a participant or a mentor pressing 'Versturen' is refused, and nothing is sent", async () => {
    const confirm = button("Versturen");
    for (const id of [ANNA, HENK]) {
      const someone = t.chat(id);
      await someone.click(confirm);
      expect(someone.lastReply?.text).toBe("Dit kan alleen een coördinator doen. Er is niets veranderd.");
      expect(someone.updates).toEqual([]);
    }
    expect(t.adapter.sent).toEqual([]);
    expect(await t.app.store.occurrences.has(confirm.value ?? "")).toBe(false);

    // The coordinator's own press still sends.
    await marieke.click(confirm);
    expect(t.adapter.sent).toHaveLength(12);
  });

  it("in English, the refusal is in English", async () => {
    const hamid = t.chat(HAMID);
    await hamid.click(button("Annuleren"));
    expect(hamid.lastReply?.text).toBe("Only a coordinator can do this. Nothing has changed.");
    expect(hamid.updates).toEqual([]);
  });
});

describe("forged button values and form metadata are refused; the other person's data stays as it was", () => {
  let tmp: ReturnType<typeof tempDir>;
  let t: TestApp;
  /** A prompt only Anna received (Bram could not be reached when it went out). */
  let occurrence: string;
  let anna: Chat;
  let bram: Chat;

  beforeEach(async () => {
    tmp = tempDir();
    t = await startTestApp({ storeUrl: `sqlite://${join(tmp.dir, "kampvuur.sqlite")}` });
    t.adapter.unreachable.add(BRAM);
    await sendReflectionToAll(t.chat(MARIEKE));
    t.adapter.unreachable.delete(BRAM);
    anna = t.chat(ANNA);
    bram = t.chat(BRAM);
    await anna.say(ANNAS_ANSWER);
    occurrence = (await t.app.api(reflections).latestPrompt(ANNA))?.occurrenceId ?? "";
    expect(occurrence).toMatch(/^manual:/);
  });
  afterEach(async () => {
    await t.close();
    tmp.cleanup();
  });

  const annasData = async () => ({
    book: await t.app.store.answers.get(ANNA),
    state: await t.app.store.people.get(ANNA),
  });

  it("editing Anna's answer through form metadata is refused, as is a mentor sending the form", async () => {
    await anna.say("wijzig 1");
    const annasForm = anna.lastForm;
    if (!annasForm) throw new Error("'wijzig 1' opened no form");
    expect(annasForm.metadata).toBe(occurrence);
    const before = await annasData();

    for (const metadata of [occurrence, `${occurrence}:${ANNA}`]) {
      const result = await bram.submit(
        { ...annasForm, metadata },
        {
          answer: "Overschreven door Bram.",
          visibility: "group",
        },
      );
      expect(result.errors).toBeUndefined();
      expect(bram.lastReply?.text).toBe(NOT_YOURS);
    }
    const henk = t.chat(HENK);
    await henk.submit(annasForm, { answer: "Overschreven door Henk.", visibility: "group" });
    expect(henk.lastReply?.text).toBe("Dit kan alleen een deelnemer doen. Er is niets veranderd.");

    expect(await annasData()).toEqual(before);
    expect((await t.app.store.answers.get(ANNA))?.answers.map((a) => a.text)).toEqual([ANNAS_ANSWER]);
    expect(await t.app.store.answers.get(BRAM)).toBeUndefined();
    expect(await t.app.store.answers.get(HENK)).toBeUndefined();
  });

  it("answering, editing, 'Later', snoozing and skipping with Anna's prompt are refused; one's own still works", async () => {
    const before = await annasData();
    const tomorrow = new Date(t.clock.now().getTime() + 24 * 3600_000).toISOString();
    const forged = [
      { actionId: "reflection.answer", value: occurrence },
      { actionId: "reflection.answer", value: `${occurrence}:${ANNA}` },
      { actionId: "reflection.edit", value: occurrence },
      { actionId: "reflection.later", value: occurrence },
      { actionId: "reflection.snooze", value: `${occurrence}|${tomorrow}` },
      { actionId: "reflection.skip", value: occurrence },
      { actionId: "reflection.skip", value: `${occurrence}:${ANNA}` },
      { actionId: "reflection.save-pending", value: occurrence },
    ];
    for (const button of forged) {
      await bram.click({ ...button, label: "x" });
      expect({ button, reply: bram.lastReply?.text }).toEqual({ button, reply: NOT_YOURS });
    }
    expect(bram.forms).toEqual([]);
    expect(bram.updates).toEqual([]);
    expect(await annasData()).toEqual(before);
    const bramsState = await t.app.store.people.get(BRAM);
    expect(bramsState?.snoozes ?? []).toEqual([]);
    expect(bramsState?.skipped ?? []).toEqual([]);

    // Esra had the same prompt: her "Overslaan" skips her own, and Anna's state stays untouched.
    const esra = t.chat(ESRA);
    await esra.click({ actionId: "reflection.skip", label: "Overslaan", value: occurrence });
    expect(esra.updates.at(-1)?.text).toBe("Overgeslagen. De volgende vraag komt vanzelf.");
    expect((await t.app.store.people.get(ESRA))?.skipped).toEqual([occurrence]);
    expect(await annasData()).toEqual(before);
  });

  it("rating Anna's answered question is refused and leaves her question unrated", async () => {
    await anna.say("wat betekent klein beginnen?");
    const helpful = buttonsOf(anna.lastReply).find((b) => b.actionId === "qa.helpful");
    expect(helpful?.value).toBeTruthy();

    await bram.click(helpful as never);
    expect(bram.lastReply?.text).toBe("Alleen wie de vraag stelde kan dit antwoord beoordelen.");
    expect(bram.updates).toEqual([]);
    const question = await t.app.store.questions.get(helpful?.value ?? "");
    expect(question?.askerId).toBe(ANNA);
    expect(question?.feedback).toBeUndefined();
  });
});
