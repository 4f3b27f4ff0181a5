import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { answerRecords } from "../../src/features/homework/records.js";
import { overview } from "../../src/features/overview/index.js";
import { mentor } from "../../src/features/mentor/index.js";
import { reflections } from "../../src/features/reflections/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { buttonsOf, type Chat, type Shown, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

/**
 * The mentor's side through the console-like harness: the weekly digest (counts, shared
 * answers in full, never a private answer's words), exactly once across a restart, replies
 * and nudges, `mijn team`, `gedeeld`, and the participant's side of sharing.
 */
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const TUESDAY = at("2026-11-24T09:00");
const FRIDAY = at("2026-11-27T16:00");
const MENTORS = ["henk-westerveld", "ingrid-kok", "joost-van-dijk"];
/** A sentence nobody else would write: it must reach nobody but its author. */
const PRIVATE = "Mijn leidinggevende weet niet dat ik overweeg te stoppen, zegt Bram zacht 7f3a.";
const PRIVATE_ESRA = "Esra vertrouwt de wethouder niet, en dat zegt ze alleen hier q9z2.";

const running: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.close();
  for (const d of dirs.splice(0)) d.cleanup();
});
async function boot(now = TUESDAY, storeUrl?: string) {
  const t = await startTestApp({ now, ...(storeUrl ? { storeUrl } : {}) });
  running.push(t);
  return t;
}
const tick = (t: TestApp) => new Scheduler(t.app).tick();

/** A participant answers their prompt through its form, with a visibility. */
async function answer(t: TestApp, personId: string, words: string, visibility: string) {
  const chat = t.chat(personId);
  const prompt = t.adapter.to(personId).find((m) => m.kind === "reflection");
  await chat.click(buttonsOf(prompt).find((b) => b.actionId === "reflection.answer")!);
  await chat.submit(chat.lastForm!, { answer: words, visibility });
  return chat;
}
const digestsTo = (t: TestApp, personId: string) =>
  t.adapter.to(personId).filter((m) => m.kind?.startsWith("mentor.digest"));
const all = (messages: Shown[]) => JSON.stringify(messages);

/** Tuesday's prompt; Anna shares with Henk, Bram answers privately, Chantal skips; Esra private, Frank with the team. */
async function week(t: TestApp) {
  await t.chat("daan-visser").say("pauze 1 week");
  await tick(t);
  const anna = await answer(t, "anna-de-vries", "De bewoners wisten al precies wat ze wilden.", "mentor");
  await answer(t, "bram-jansen", PRIVATE, "private");
  await t.chat("chantal-bakker").say("overslaan");
  await answer(t, "esra-yilmaz", PRIVATE_ESRA, "private");
  await answer(t, "frank-mulder", "We hebben de grond bijna rond, het team mag dit lezen.", "group");
  return { anna };
}

describe("the mentor's weekly digest", () => {
  it("gives each demo mentor their team: counts, shared answers in full, private ones as a count", async () => {
    const t = await boot();
    await week(t);
    t.clock.set(FRIDAY);
    await tick(t);
    const [henk] = digestsTo(t, "henk-westerveld");
    // The most important first: the notification says what was shared and how many answered.
    expect(henk?.text).toMatch(/^Weekoverzicht Team De Vonk: 1 antwoord gedeeld\. 2 van de 4 beantwoordden/);
    expect(all([henk!])).toContain("De bewoners wisten al precies wat ze wilden.");
    const fields = henk!.blocks!.flatMap((b) => (b.type === "section" ? (b.fields ?? []) : []));
    expect(Object.fromEntries(fields.map((f) => [f.label, f.value]))).toEqual({
      "Anna de Vries": "beantwoord, gedeeld",
      "Bram Jansen": "beantwoord (privé)",
      "Chantal Bakker": "overgeslagen",
      "Daan Visser": "pauze",
    });
    expect(henk!.text + all([henk!])).toContain("1 antwoord is privé");
    // The first digest has the learning questions; buttons: Reageer under Anna's answer, no nudge (Daan is paused).
    expect(all([henk!])).toContain("Hoe laat ik als beleidsmedewerker los");
    expect(buttonsOf(henk).map((b) => b.label)).toEqual(["Reageer", "Alleen als er iets gedeeld is"]);

    const [ingrid] = digestsTo(t, "ingrid-kok");
    expect(ingrid?.text).toMatch(
      /^Weekoverzicht Team Zonnedorp: 1 antwoord gedeeld\. 2 van de 4 beantwoordden/,
    );
    expect(all([ingrid!])).toContain("We hebben de grond bijna rond");
    expect(all([ingrid!])).toContain("met jou en het team");
    // Gerda and Hamid got the prompt and did not answer: a nudge button each.
    expect(buttonsOf(ingrid).map((b) => b.label)).toEqual([
      "Reageer",
      "Duwtje aan Gerda",
      "Duwtje aan Hamid",
      "Alleen als er iets gedeeld is",
    ]);
    const [joost] = digestsTo(t, "joost-van-dijk");
    expect(joost?.text).toMatch(/^Weekoverzicht Team Zorg in het dorp: niemand deelde iets\. 0 van de 4/);
    // Nobody else got a digest, and a private answer's words went to nobody but its author.
    expect(t.adapter.sent.filter((s) => s.message.kind?.startsWith("mentor.digest")).length).toBe(3);
    for (const s of t.adapter.sent) {
      if (s.conversation !== "test:bram-jansen") expect(all([s.message])).not.toContain(PRIVATE);
      if (s.conversation !== "test:esra-yilmaz") expect(all([s.message])).not.toContain(PRIVATE_ESRA);
    }
  });

  it("a planted private sentence appears in no payload to anyone else: digest, gedeeld, mijn team, Home, overview, exports", async () => {
    const t = await boot();
    await week(t);
    t.clock.set(FRIDAY);
    await tick(t);
    const seen: string[] = t.adapter.sent
      .filter((s) => s.conversation !== "test:bram-jansen")
      .map((s) => all([s.message]));
    for (const id of [...MENTORS, "marieke-hoekstra", "anna-de-vries"]) {
      const chat = t.chat(id);
      for (const word of ["mijn team", "gedeeld", "weekoverzicht", "overzicht", "antwoorden", "help"])
        await chat.say(word);
      seen.push(all(chat.replies), JSON.stringify(chat.forms));
      seen.push(JSON.stringify(await t.app.home(t.app.bot.directory.get(id)!)));
      seen.push(JSON.stringify(await t.app.personalData.export(id)));
    }
    const api = t.app.api(overview);
    for (const what of ["participation", "questions", "answers"]) {
      let out = "";
      const exp = overview.cli!.find((c) => c.name === "export")!;
      await exp.run(api, { args: [what], options: {}, programme: t.programme }, { write: (s) => (out += s) });
      seen.push(out);
    }
    expect(seen.join("\n")).toContain("De bewoners wisten al precies wat ze wilden.");
    expect(seen.join("\n")).not.toContain(PRIVATE);
    expect(seen.join("\n")).not.toContain("7f3a");
    // Bram himself still has his words.
    const bram = t.chat("bram-jansen");
    await bram.say("antwoorden");
    expect(bram.lastReply?.text).toContain(PRIVATE);
  });

  it("goes exactly once per mentor per week, across a restart, and again the next week", async () => {
    const d = tempDir();
    dirs.push(d);
    const storeUrl = `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
    let t = await boot(TUESDAY, storeUrl);
    await week(t);
    t.clock.set(FRIDAY);
    await tick(t);
    await tick(t);
    expect(digestsTo(t, "henk-westerveld")).toHaveLength(1);
    await t.close();
    running.splice(running.indexOf(t), 1);

    t = await boot(at("2026-11-27T16:05"), storeUrl);
    await tick(t);
    expect(t.adapter.sent.filter((s) => s.message.kind?.startsWith("mentor.digest"))).toEqual([]);
    // A week later: the next digest, once; a quiet week is two lines, without the learning questions.
    t.clock.set(at("2026-12-04T16:00"));
    await tick(t);
    await tick(t);
    const next = digestsTo(t, "joost-van-dijk");
    expect(next).toHaveLength(1);
    expect(next[0]?.kind).toBe("mentor.digest.quiet");
    expect(next[0]?.text.split("\n")).toEqual([
      "Weekoverzicht Team Zorg in het dorp: een rustige week. Niemand deelde iets of gaf antwoord.",
      "De volgende bijeenkomst is donderdag 10 december. Typ *mijn team* voor alles.",
    ]);
    expect(digestsTo(t, "henk-westerveld")).toHaveLength(1);
  });

  it("'alleen als er iets gedeeld is': no digest in a week without a shared answer", async () => {
    const t = await boot();
    await tick(t);
    const joost = t.chat("joost-van-dijk");
    await joost.say("weekoverzicht alleen gedeeld");
    expect(joost.lastReply?.text).toMatch(/alleen als er iets gedeeld is/);
    t.clock.set(FRIDAY);
    await tick(t);
    expect(digestsTo(t, "joost-van-dijk")).toEqual([]);
    expect(digestsTo(t, "henk-westerveld")).toHaveLength(1);
    // Back to every week with the digest's own button.
    const [henk] = digestsTo(t, "henk-westerveld");
    const chat = t.chat("henk-westerveld");
    await chat.click(buttonsOf(henk).find((b) => b.label === "Alleen als er iets gedeeld is")!);
    expect(chat.lastReply?.text).toMatch(/alleen als er iets gedeeld is/);
  });

  it("follows an approved pairing at once", async () => {
    const t = await boot();
    await week(t);
    t.app.bot.directory.setMentorOverrides(new Map([["anna-de-vries", "ingrid-kok"]]));
    t.clock.set(FRIDAY);
    await tick(t);
    const [ingrid] = digestsTo(t, "ingrid-kok");
    expect(all([ingrid!])).toContain("De bewoners wisten al precies wat ze wilden.");
    const [henk] = digestsTo(t, "henk-westerveld");
    expect(all([henk!])).not.toContain("De bewoners wisten al precies wat ze wilden.");
  });
});

describe("homework in the digest", () => {
  it("shows where the team stands with an open assignment and when it is due", async () => {
    const t = await boot(at("2027-01-22T15:00"));
    t.clock.set(at("2027-01-22T16:00"));
    await tick(t);
    const [digest] = digestsTo(t, "henk-westerveld");
    expect(digest?.kind).toBe("mentor.digest");
    expect(digest?.text).toContain("Deze week was er geen reflectievraag.");
    expect(all([digest!])).toContain("• Het reisverslag: nog niet begonnen. Af donderdag 11 februari.");
    // A draft of the team's shared answer: "begonnen", in the digest on request.
    await t.app.store.collection(answerRecords).set("reisverslag:team-vonk", {
      assignmentId: "reisverslag",
      unit: "team-vonk",
      sheets: { group: { answers: {}, history: [], status: "draft", late: false } },
    });
    const henk = t.chat("henk-westerveld");
    await henk.say("weekoverzicht");
    expect(all([henk.lastReply!])).toContain(
      "• Het reisverslag: begonnen, nog niet ingeleverd. Af donderdag 11 februari.",
    );
    // The first digest had the learning questions; on request they come too.
    expect(all([henk.lastReply!])).toContain("Leervragen van je team");
  });
});

describe("acting on the digest", () => {
  it("Reageer: the mentor's reply reaches the participant, who can answer back", async () => {
    const t = await boot();
    await week(t);
    t.clock.set(FRIDAY);
    await tick(t);
    const henk = t.chat("henk-westerveld");
    const [digest] = digestsTo(t, "henk-westerveld");
    await henk.click(buttonsOf(digest).find((b) => b.label === "Reageer")!);
    const form = henk.lastForm!;
    expect(form.fields[0]?.label).toBe("Je reactie aan Anna");
    expect((await henk.submit(form, { reply: "  " })).errors?.reply).toMatch(/paar woorden/);
    await henk.submit(form, { reply: "Mooi gezien, Anna. Wat deed jij toen?" });
    expect(henk.lastReply?.text).toBe("Je reactie is naar Anna gestuurd.");
    const toAnna = t.adapter.to("anna-de-vries").filter((m) => m.kind === "mentor.reply");
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]?.text).toMatch(
      /^Henk Westerveld reageert op je antwoord op: .*\n\nMooi gezien, Anna\. Wat deed jij toen\?$/s,
    );

    const anna = t.chat("anna-de-vries");
    await anna.click(buttonsOf(toAnna[0]).find((b) => b.label === "Antwoord terug")!);
    await anna.submit(anna.lastForm!, { reply: "Ik heb vooral geluisterd." });
    expect(anna.lastReply?.text).toBe("Je antwoord is naar Henk gestuurd.");
    // What Henk wrote is Henk's data too: in his export (not Anna's answer back), and when
    // Henk is erased his reply leaves Anna's thread while her own words stay.
    const henks = JSON.stringify((await t.app.personalData.export("henk-westerveld")).parts.mentor);
    expect(henks).toContain("Mooi gezien, Anna.");
    expect(henks).not.toContain("Ik heb vooral geluisterd.");
    // The conversation is Anna's data: in her export, and gone with her erasure.
    const exported = JSON.stringify((await t.app.personalData.export("anna-de-vries")).parts.mentor);
    expect(exported).toContain("Mooi gezien, Anna.");
    expect(exported).toContain("Ik heb vooral geluisterd.");
    await t.app.personalData.erase("henk-westerveld");
    const afterHenk = JSON.stringify((await t.app.personalData.export("anna-de-vries")).parts.mentor);
    expect(afterHenk).not.toContain("Mooi gezien, Anna.");
    expect(afterHenk).toContain("Ik heb vooral geluisterd.");
    await t.app.personalData.erase("anna-de-vries");
    expect((await t.app.personalData.export("anna-de-vries")).parts.mentor).toBeUndefined();
    const back = t.adapter.to("henk-westerveld").filter((m) => m.kind === "mentor.reply-back");
    expect(back.map((m) => m.text)).toEqual([
      expect.stringMatching(/^Anna de Vries antwoordt je terug.*Ik heb vooral geluisterd\.$/s),
    ]);
  });

  it("refuses a reply or nudge for someone else's mentee, and a reply to a private answer", async () => {
    const t = await boot();
    await week(t);
    t.clock.set(FRIDAY);
    await tick(t);
    const ingrid = t.chat("ingrid-kok");
    await ingrid.click({
      actionId: "mentor.reply",
      label: "forged",
      value: "anna-de-vries|reflection:2026-11-24T09:00",
    });
    expect(ingrid.forms).toEqual([]);
    expect(ingrid.lastReply?.text).toMatch(/^Dit hoort niet bij jou/);
    await ingrid.click({
      actionId: "mentor.nudge",
      label: "forged",
      value: "bram-jansen|reflection:2026-11-24T09:00",
    });
    expect(t.adapter.to("bram-jansen").filter((m) => m.kind === "mentor.nudge")).toEqual([]);
    const henk = t.chat("henk-westerveld");
    await henk.click({
      actionId: "mentor.reply",
      label: "forged",
      value: "bram-jansen|reflection:2026-11-24T09:00",
    });
    expect(henk.forms).toEqual([]);
    expect(henk.lastReply?.text).toBe("Dit antwoord is niet meer gedeeld met jou.");
    // A participant cannot press a mentor's button.
    const anna = t.chat("anna-de-vries");
    await anna.click({
      actionId: "mentor.nudge",
      label: "forged",
      value: "bram-jansen|reflection:2026-11-24T09:00",
    });
    expect(t.adapter.to("bram-jansen").filter((m) => m.kind === "mentor.nudge")).toEqual([]);
  });

  it("a nudge goes once per prompt, never to someone paused or opted out, and the next digest line shows it", async () => {
    const t = await boot();
    await t.chat("gerda-smit").say("afmelden");
    await tick(t);
    t.clock.set(FRIDAY);
    await tick(t);
    const [digest] = digestsTo(t, "ingrid-kok");
    // Gerda unsubscribed before the prompt: no prompt, no nudge button.
    expect(
      buttonsOf(digest)
        .filter((b) => b.actionId === "mentor.nudge")
        .map((b) => b.label),
    ).toEqual(["Duwtje aan Esra", "Duwtje aan Frank", "Duwtje aan Hamid"]);
    t.clock.set(at("2026-11-27T17:30"));
    const ingrid = t.chat("ingrid-kok");
    const nudgeEsra = buttonsOf(digest).find((b) => b.label === "Duwtje aan Esra")!;
    await ingrid.click(nudgeEsra);
    expect(ingrid.lastReply?.text).toBe("Duwtje gestuurd aan Esra. Dat zie je ook in je volgende overzicht.");
    await ingrid.click(nudgeEsra);
    expect(ingrid.lastReply?.text).toMatch(/al een duwtje/);
    const nudges = t.adapter.to("esra-yilmaz").filter((m) => m.kind === "mentor.nudge");
    expect(nudges).toHaveLength(1);
    expect(nudges[0]?.text).toMatch(/^Hoi Esra, Ingrid denkt aan je\./);
    // Frank pauses after the digest: the button no longer sends.
    await t.chat("frank-mulder").say("pauze 2 weken");
    await ingrid.click(buttonsOf(digest).find((b) => b.label === "Duwtje aan Frank")!);
    expect(ingrid.lastReply?.text).toMatch(/pauze of is afgemeld/);
    expect(t.adapter.to("frank-mulder").filter((m) => m.kind === "mentor.nudge")).toEqual([]);
    // Gerda (opted out) gets nothing even from a forged button.
    await ingrid.click({
      actionId: "mentor.nudge",
      label: "forged",
      value: "gerda-smit|reflection:2026-11-24T09:00",
    });
    expect(t.adapter.to("gerda-smit").filter((m) => m.kind === "mentor.nudge")).toEqual([]);
    // Her line in the team view shows the nudge.
    await ingrid.say("mijn team");
    const fields = ingrid.lastReply!.blocks!.flatMap((b) => (b.type === "section" ? (b.fields ?? []) : []));
    expect(fields.find((f) => f.label === "Esra Yılmaz")?.value).toBe("nog geen antwoord · duwtje gestuurd");
    expect(fields.find((f) => f.label === "Gerda Smit")?.value).toBe("afgemeld");

    // The next digest, about next week's prompt, still shows the nudge that went after the last one.
    t.clock.set(at("2026-12-01T09:00"));
    await tick(t);
    await t.chat("hamid-el-amrani").say("This week I mostly listened to the residents.");
    t.clock.set(at("2026-12-04T16:00"));
    await tick(t);
    const next = digestsTo(t, "ingrid-kok")[1];
    const lines = next!.blocks!.flatMap((b) => (b.type === "section" ? (b.fields ?? []) : []));
    expect(Object.fromEntries(lines.map((f) => [f.label, f.value]))).toMatchObject({
      "Esra Yılmaz": "nog geen antwoord · duwtje gestuurd",
      "Frank Mulder": "pauze",
      "Hamid El Amrani": "beantwoord (privé)",
    });
  });
});

describe("the participant's side of sharing", () => {
  it("names the mentor in the choice, says who sees it and when, and can make it private again", async () => {
    const t = await boot();
    await tick(t);
    const anna: Chat = t.chat("anna-de-vries");
    const prompt = t.adapter.to("anna-de-vries").find((m) => m.kind === "reflection");
    await anna.click(buttonsOf(prompt).find((b) => b.actionId === "reflection.answer")!);
    const choice = anna.lastForm!.fields[1];
    expect(choice?.kind === "choice" && choice.options.map((o) => o.label)).toEqual([
      "Alleen ik",
      "Ik en Henk (mijn mentor)",
      "Ik, Henk en mijn team",
    ]);
    await anna.submit(anna.lastForm!, { answer: "Een gedeelde gedachte.", visibility: "mentor" });
    expect(anna.lastReply?.text).toBe(
      "Dank je! Je antwoord is opgeslagen (ik en mijn mentor).\nHenk ziet dit in het weekoverzicht van vrijdag 27 november.",
    );
    const henk = t.chat("henk-westerveld");
    await henk.say("gedeeld");
    expect(henk.lastReply?.text).toContain("Een gedeelde gedachte.");

    await anna.click(buttonsOf(anna.lastReply).find((b) => b.label === "Toch privé")!);
    expect(anna.lastReply?.text).toMatch(/^Je antwoord is weer privé\. Henk ziet het niet meer/);
    await henk.say("gedeeld");
    expect(henk.lastReply?.text).not.toContain("Een gedeelde gedachte.");
    t.clock.set(FRIDAY);
    await tick(t);
    const [digest] = digestsTo(t, "henk-westerveld");
    expect(all([digest!])).not.toContain("Een gedeelde gedachte.");
    // The answer and its history stay Anna's.
    const [kept] = await t.app.api(reflections).answersOf("anna-de-vries");
    expect([kept?.visibility, kept?.history.map((h) => h.visibility)]).toEqual(["private", ["mentor"]]);
    // Typed too: "privé 1" on an answer that is private already.
    await anna.say("privé 1");
    expect(anna.lastReply?.text).toBe("Dit antwoord is al privé.");
  });

  it("mijn team and gedeeld are for mentors, in English too", async () => {
    const t = await boot();
    await week(t);
    const anna = t.chat("anna-de-vries");
    await anna.say("mijn team");
    expect(anna.lastReply?.text).toMatch(/mentor/);
    const henk = t.chat("henk-westerveld");
    await henk.say("taal en");
    await henk.say("my team");
    expect(henk.lastReply?.text).toMatch(/^Team De Vonk\n\nPractice case: Buurtkamer De Vonk/);
    await henk.say("shared");
    expect(henk.lastReply?.text).toMatch(/^\*Shared with you \(1\)\*/);
    expect(t.app.api(mentor).moments[0]?.date).toBe("2026-11-13");
  });
});

describe("what a mentor types", () => {
  it("'antwoorden' points to 'gedeeld', and 'wat heeft mijn team gedeeld?' shows the shared answers, not the glossary", async () => {
    const t = await boot();
    await tick(t);
    await answer(t, "anna-de-vries", "De bewoners wisten al precies wat ze wilden.", "mentor");
    const henk = t.chat("henk-westerveld");
    await henk.say("antwoorden");
    expect(henk.lastReply?.text).toContain("*gedeeld*");
    expect(henk.lastReply?.text).not.toMatch(/alleen voor een deelnemer/i);
    await henk.say("wat heeft mijn team gedeeld?");
    expect(all([henk.lastReply!])).toContain("De bewoners wisten al precies wat ze wilden.");
    await henk.say("gedeeld");
    expect(all([henk.lastReply!])).toContain("De bewoners wisten al precies wat ze wilden.");
  });
});
