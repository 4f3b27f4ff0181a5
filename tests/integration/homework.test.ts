import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { loadAppProgramme, programmeSections } from "../../src/app.js";
import { DEMO_PROGRAMME, parseProgramme, ProgrammeError } from "../../src/config/programme.js";
import type { ChatAdapter, SentMessage } from "../../src/core/adapter.js";
import { type Message, plainText } from "../../src/core/messages.js";
import { homework } from "../../src/features/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { cli } from "../helpers/cli.js";
import { buttonsOf, type RecordingAdapter, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const VONK = ["anna-de-vries", "bram-jansen", "chantal-bakker", "daan-visser"];
const ZONNEDORP = ["esra-yilmaz", "frank-mulder", "gerda-smit", "hamid-el-amrani"];
const [ANNA, BRAM, CHANTAL, DAAN] = VONK as [string, string, string, string];
const ESRA = "esra-yilmaz";
const IRIS = "iris-de-boer"; // Team Zorg in het dorp
const HENK = "henk-westerveld"; // mentor of Team De Vonk
const JOOST = "joost-van-dijk"; // mentor of Team Zorg in het dorp
const MARIEKE = "marieke-hoekstra";
const NOT_YOURS = /Dit hoort niet bij jou/;

/** The demo, with two more assignments: one per member for two teams, one shared for Team De Vonk. */
const EXTRA = `
  - id: leesopdracht
    title: Lees en reageer
    for: [team-vonk, team-zonnedorp]
    opens: 2026-11-25
    due: 2026-12-08
    questions:
      - text: Wat viel je op in de tekst?
      - text: Wat neem je mee naar je praktijkcase?
  - id: casus
    title: Onze casus in drie zinnen
    for: [team-vonk]
    mode: shared
    opens: 2026-11-25
    due: 2026-12-08
    questions:
      - text: Wat willen de bewoners?
      - text: Wat doen jullie als eerste?
`;

/** The demo with more assignments after its own (its `assignments:` list comes before `participants:`). */
function withAssignments(demo: string, extra: string, more = ""): string {
  return demo.replace("\nparticipants:\n", `${extra.trimEnd()}\n${more}\nparticipants:\n`);
}

async function programme(extra = EXTRA) {
  const demo = await readFile(DEMO_PROGRAMME, "utf8");
  return parseProgramme(withAssignments(demo, extra), "p.yaml", programmeSections());
}

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});
async function start(options: Parameters<typeof startTestApp>[0] = {}) {
  const t = await startTestApp({ programme: await programme(), now: at("2026-11-25T09:00"), ...options });
  apps.push(t);
  return t;
}
const sqliteUrl = () => {
  const d = tempDir();
  dirs.push(d);
  return `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
};
const shown = (m: Message | undefined) => plainText({ blocks: m?.blocks ?? [] });
const ofKind = (adapter: RecordingAdapter, kind: string) =>
  adapter.sent.filter((s) => s.message.kind === kind);
const opening = (t: TestApp, person: string, title: string) =>
  t.adapter.to(person).find((m) => m.kind === "homework" && m.text.includes(title));

/** Opens the form from the person's own message and submits it. */
async function answer(t: TestApp, person: string, title: string, values: Record<string, string>) {
  const chat = t.chat(person);
  const button = buttonsOf(opening(t, person, title)).find((b) => b.label === "Beantwoorden");
  await chat.click(button!);
  const form = chat.lastForm!;
  const result = await chat.submit(form, values);
  return { chat, form, result };
}

describe("homework: the programme file", () => {
  it("reports every problem as path: what is wrong", async () => {
    const demo = await readFile(DEMO_PROGRAMME, "utf8");
    const broken = withAssignments(
      demo,
      `
  - id: kapot
    title: Kapot
    for: [team-onbekend]
    opens: after session 5
    due: 2026-11-01
    questions: [{ text: Een vraag? }]
  - id: te-vroeg
    title: Te vroeg
    opens: 2026-12-01
    due: 2026-11-20
    questions: [{ text: Een vraag? }]
`,
      `groups:
  - { id: g1, name: G1, members: [anna-de-vries, niemand] }
  - { id: g2, name: G2, members: [anna-de-vries] }
`,
    );
    let error: unknown;
    try {
      parseProgramme(broken, "p.yaml", programmeSections());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProgrammeError);
    const lines = (error as ProgrammeError).problems.map((p) => `${p.path}: ${p.message}`);
    expect(lines).toContainEqual(
      expect.stringMatching(/^groups\.0\.members\.1: 'niemand' is not one of the participants/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^groups\.1\.members\.0: 'anna-de-vries' is already in homework group 'g1'/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^assignments\.1\.for\.0: 'team-onbekend' is not one of the homework groups/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^assignments\.1\.opens: the programme has 4 session days, so there is no session 5/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^assignments\.2\.due: is before the assignment opens/),
    );
  });
});

describe("homework in chat", () => {
  it("an assignment for two groups reaches exactly their members, once, with who sees the answers", async () => {
    const t = await start({ now: at("2026-11-25T08:59") });
    const scheduler = new Scheduler(t.app);
    await scheduler.tick();
    expect(ofKind(t.adapter, "homework")).toHaveLength(0);
    t.clock.set(at("2026-11-25T09:00"));
    await scheduler.tick();
    t.clock.set(at("2026-11-25T09:05"));
    await scheduler.tick();
    const lees = ofKind(t.adapter, "homework").filter((s) => s.message.text.includes("Lees en reageer"));
    expect(lees.map((s) => s.conversation).sort()).toEqual(
      [...VONK, ...ZONNEDORP].map((p) => `test:${p}`).sort(),
    );
    const toAnna = opening(t, ANNA, "Lees en reageer");
    expect(toAnna?.text).toMatch(
      /^Nieuw huiswerk: Lees en reageer\. Inleveren uiterlijk dinsdag 8 december\./,
    );
    expect(shown(toAnna)).toContain("Je groepje, jullie mentor en de coördinatoren");
    expect(buttonsOf(toAnna).map((b) => b.label)).toEqual(["Beantwoorden", "Bekijk ons groepje"]);
    expect(t.adapter.to(IRIS).filter((m) => m.kind === "homework")).toHaveLength(0);
    // The shared one only for Team De Vonk.
    expect(ofKind(t.adapter, "homework").filter((s) => s.message.text.includes("Onze casus"))).toHaveLength(
      4,
    );
  });

  it("per member: a draft, an empty required field, handing in, and the group's progress", async () => {
    const t = await start();
    await new Scheduler(t.app).tick();
    const chat = t.chat(ANNA);
    await chat.click(buttonsOf(opening(t, ANNA, "Lees en reageer"))[0]!);
    const form = chat.lastForm!;
    expect(form.fields.map((f) => f.id)).toEqual(["q1", "q2", "action"]);
    expect(form.fields[0]?.hint).toMatch(/Je groepje, jullie mentor en de coördinatoren/);

    // Hand in with the second question empty: an error on that field, nothing kept.
    const errors = await chat.submit(form, {
      q1: "De bewoners zijn sneller dan wij.",
      q2: "",
      action: "submit",
    });
    expect(errors.errors?.q2).toMatch(/Vul dit in om in te leveren/);

    await chat.submit(form, { q1: "De bewoners zijn sneller dan wij.", q2: "", action: "draft" });
    expect(chat.lastReply?.text).toMatch(/^Opgeslagen: Lees en reageer\. Nog niet ingeleverd/);
    await chat.say("huiswerk");
    expect(shown(chat.lastReply)).toContain("Concept bewaard, nog niet ingeleverd.");
    // A draft is not shown to the group.
    const bram = t.chat(BRAM);
    await bram.click(buttonsOf(opening(t, BRAM, "Lees en reageer"))[1]!);
    expect(shown(bram.lastReply)).toContain("0 van 4 hebben geantwoord");
    expect(shown(bram.lastReply)).not.toContain("sneller dan wij");

    // Finishing the draft: the form comes back filled in.
    await chat.click(buttonsOf(opening(t, ANNA, "Lees en reageer"))[0]!);
    expect(chat.lastForm?.fields[0]).toMatchObject({ initial: "De bewoners zijn sneller dan wij." });
    await chat.submit(chat.lastForm!, {
      q1: "De bewoners zijn sneller dan wij.",
      q2: "Eerst luisteren.",
      action: "submit",
    });
    expect(chat.lastReply?.text).toBe("Ingeleverd: Lees en reageer. Dank je!");
    expect(shown(chat.lastReply)).toContain("1 van 4 hebben geantwoord");

    await answer(t, BRAM, "Lees en reageer", {
      q1: "Veel herkenning.",
      q2: "Een buurtavond.",
      action: "submit",
    });
    await answer(t, CHANTAL, "Lees en reageer", { q1: "Mooi.", q2: "Samen koken.", action: "submit" });
    await bram.click(buttonsOf(opening(t, BRAM, "Lees en reageer"))[1]!);
    const view = shown(bram.lastReply);
    expect(view).toContain("3 van 4 hebben geantwoord");
    expect(view).toContain("Anna de Vries*: ingeleverd op 25 nov");
    expect(view).toContain("Eerst luisteren.");
    expect(view).toContain("Daan Visser*: nog niet");

    // The mentor sees the progress of their own teams; the coordinator of all.
    const henk = t.chat(HENK);
    await henk.say("huiswerk");
    expect(shown(henk.lastReply)).toContain("Team De Vonk: 3 van 4 hebben geantwoord");
    expect(shown(henk.lastReply)).not.toContain("Team Zonnedorp");
    await henk.click(
      buttonsOf(henk.lastReply).find(
        (b) => b.label === "Team De Vonk" && b.value?.startsWith("leesopdracht"),
      )!,
    );
    expect(shown(henk.lastReply)).toContain("Eerst luisteren.");
    const marieke = t.chat(MARIEKE);
    await marieke.say("huiswerk");
    expect(shown(marieke.lastReply)).toContain("Team De Vonk: 3 van 4 hebben geantwoord");
    expect(shown(marieke.lastReply)).toContain("Team Zonnedorp: 0 van 4 hebben geantwoord");
  });

  it("a participant's list: open assignments with due dates", async () => {
    const t = await start();
    await new Scheduler(t.app).tick();
    const esra = t.chat(ESRA);
    await esra.say("huiswerk");
    const list = shown(esra.lastReply);
    expect(list).toContain("Lees en reageer");
    expect(list).toContain("Inleveren uiterlijk dinsdag 8 december");
    expect(list).toContain("Nog niet beantwoord.");
    expect(list).not.toContain("Onze casus"); // not for Team Zonnedorp
    const iris = t.chat(IRIS);
    await iris.say("huiswerk");
    expect(iris.lastReply?.text).toBe("Je hebt nu geen huiswerk. Fijn!");
  });

  it("a shared answer edited by two members keeps both authors and the earlier version", async () => {
    const t = await start();
    await new Scheduler(t.app).tick();
    await answer(t, ANNA, "Onze casus", { q1: "Een buurtkamer.", q2: "", action: "draft" });
    t.clock.set(at("2026-11-26T10:15"));
    // Bram sees Anna's part in the form, adds the second and rewrites the first.
    const { chat: bram, form } = await answer(t, BRAM, "Onze casus", {
      q1: "Een buurtkamer voor jong en oud.",
      q2: "Met de eigenaar van het pand praten.",
      action: "draft",
    });
    expect(form.fields[0]).toMatchObject({ initial: "Een buurtkamer." });
    await answer(t, CHANTAL, "Onze casus", {
      q1: "Een buurtkamer voor jong en oud.",
      q2: "Met de eigenaar van het pand praten.",
      action: "submit",
    });
    await bram.click(buttonsOf(opening(t, BRAM, "Onze casus"))[1]!);
    const view = shown(bram.lastReply);
    expect(view).toContain("2 van 2 vragen ingevuld");
    expect(view).toContain("Ingeleverd door Chantal Bakker op 26 nov");
    expect(view).toContain("— Bram Jansen, 26 nov, 10:15");
    expect(view).toContain("1 eerdere versie bewaard");
    const record = await t.app.api(homework).records.get("casus:team-vonk");
    expect(record?.sheets.group?.history).toEqual([
      expect.objectContaining({ text: "Een buurtkamer.", by: ANNA, question: "q1" }),
    ]);
    // Complete with one submit: the others of the group get the note, the one who handed in does not.
    const notes = ofKind(t.adapter, "homework-complete");
    expect(notes.map((n) => n.conversation).sort()).toEqual(
      [ANNA, BRAM, DAAN].map((p) => `test:${p}`).sort(),
    );
    expect(notes[0]?.message.text).toBe("Team De Vonk is klaar met Onze casus in drie zinnen.");

    // Erasing Bram: his version goes, Anna's earlier one comes back; Chantal's hand-in stays.
    await t.app.personalData.erase(BRAM);
    const after = await t.app.api(homework).records.get("casus:team-vonk");
    expect(after?.sheets.group?.answers.q1).toMatchObject({ text: "Een buurtkamer.", by: ANNA });
    expect(after?.sheets.group?.answers.q2).toBeUndefined();
    expect(JSON.stringify(after)).not.toContain(BRAM);
    expect(after?.sheets.group?.submittedBy).toBe(CHANTAL);
  });

  it("one reminder before the due date to those who have not answered, none after a restart; a late answer is marked", async () => {
    const storeUrl = sqliteUrl();
    const t = await start({ storeUrl });
    await new Scheduler(t.app).tick();
    await answer(t, ANNA, "Lees en reageer", { q1: "Ja.", q2: "Nee.", action: "submit" });
    await answer(t, BRAM, "Lees en reageer", { q1: "Ja.", q2: "", action: "draft" });
    t.clock.set(at("2026-12-05T08:59"));
    await new Scheduler(t.app).tick();
    expect(ofKind(t.adapter, "homework-reminder")).toHaveLength(0);
    t.clock.set(at("2026-12-05T09:00"));
    await new Scheduler(t.app).tick();
    const lees = ofKind(t.adapter, "homework-reminder").filter((s) =>
      s.message.text.includes("Lees en reageer"),
    );
    expect(lees.map((s) => s.conversation).sort()).toEqual(
      [BRAM, CHANTAL, DAAN, ...ZONNEDORP].map((p) => `test:${p}`).sort(),
    );
    expect(lees[0]?.message.text).toBe("Nog even: Lees en reageer. Inleveren uiterlijk dinsdag 8 december.");
    await t.close();
    apps.splice(apps.indexOf(t), 1);

    // Restarted on the same store: nothing again.
    const again = await start({ storeUrl, now: at("2026-12-05T09:10") });
    await new Scheduler(again.app).tick();
    expect(ofKind(again.adapter, "homework-reminder")).toHaveLength(0);
    expect(ofKind(again.adapter, "homework")).toHaveLength(0);

    // After the due date: accepted, and marked late.
    again.clock.set(at("2026-12-10T11:00"));
    const daan = again.chat(DAAN);
    await daan.click({ label: "x", actionId: "homework.answer", value: "leesopdracht" });
    const result = await daan.submit(daan.lastForm!, { q1: "Laat.", q2: "Toch gedaan.", action: "submit" });
    expect(result.errors).toBeUndefined();
    expect(daan.lastReply?.text).toMatch(
      /^Ingeleverd: Lees en reageer\. Dat is na de inleverdatum, dus het staat als te laat/,
    );
    await daan.click({ label: "x", actionId: "homework.view", value: "leesopdracht|team-vonk" });
    expect(shown(daan.lastReply)).toContain("Daan Visser*: ingeleverd op 10 dec, 11:00 (te laat)");
    await new Scheduler(again.app).tick();
    expect(ofKind(again.adapter, "homework-reminder")).toHaveLength(0);
  });

  it("nobody outside a group reads or writes its answers, through any button value or form metadata", async () => {
    const t = await start();
    await new Scheduler(t.app).tick();
    await answer(t, ANNA, "Lees en reageer", {
      q1: "Geheim van de Vonk.",
      q2: "Alleen voor ons.",
      action: "submit",
    });
    const before = await t.app.api(homework).records.get("leesopdracht:team-vonk");

    // Another team's member forges "Beantwoorden" for an assignment that is not for their team.
    const iris = t.chat(IRIS);
    await iris.click({ label: "x", actionId: "homework.answer", value: "leesopdracht" });
    expect(iris.lastReply?.text).toMatch(NOT_YOURS);
    expect(iris.forms).toHaveLength(0);
    // Another group's member forges "Bekijk" and the form's metadata for Team De Vonk's answer.
    const esra = t.chat(ESRA);
    await esra.click({ label: "x", actionId: "homework.view", value: "leesopdracht|team-vonk" });
    expect(esra.lastReply?.text).toMatch(NOT_YOURS);
    await esra.click({ label: "x", actionId: "homework.answer", value: "leesopdracht" });
    const ownForm = esra.lastForm!;
    expect(ownForm.metadata).toBe("leesopdracht|team-zonnedorp");
    await esra.submit(
      { ...ownForm, metadata: "leesopdracht|team-vonk" },
      { q1: "Overschreven!", q2: "x", action: "submit" },
    );
    expect(esra.lastReply?.text).toMatch(NOT_YOURS);
    await esra.submit(
      { ...ownForm, metadata: "casus|team-vonk" },
      { q1: "Overschreven!", q2: "x", action: "submit" },
    );
    expect(esra.lastReply?.text).toMatch(NOT_YOURS);
    // A mentor of another team.
    const joost = t.chat(JOOST);
    await joost.click({ label: "x", actionId: "homework.view", value: "leesopdracht|team-vonk" });
    expect(joost.lastReply?.text).toMatch(NOT_YOURS);
    await joost.say("huiswerk");
    expect(shown(joost.lastReply)).not.toContain("Team De Vonk");
    // A mentor cannot write, even for their own team.
    const henk = t.chat(HENK);
    await henk.submit(
      {
        formId: "homework.answer",
        title: "",
        submitLabel: "",
        fields: [],
        metadata: "leesopdracht|team-vonk",
      },
      { q1: "Mentor schrijft", q2: "x" },
    );
    expect(henk.lastReply?.text).not.toContain("Ingeleverd");

    for (const chat of [iris, esra, joost, henk])
      for (const reply of chat.replies) expect(shown(reply)).not.toContain("Geheim van de Vonk");
    expect(await t.app.api(homework).records.get("leesopdracht:team-vonk")).toEqual(before);
    expect(await t.app.api(homework).records.get("casus:team-vonk")).toBeUndefined();

    // Homework and reflections stay apart: the answer is not in Anna's reflection answers.
    const anna = t.chat(ANNA);
    await anna.say("antwoorden");
    expect(shown(anna.lastReply)).not.toContain("Geheim van de Vonk");
  });

  it("a team's homework follows an approved mentor pairing at once: the new mentor reads it, the old one no longer", async () => {
    const t = await start();
    await new Scheduler(t.app).tick();
    await answer(t, ANNA, "Lees en reageer", { q1: "Voor de mentor.", q2: "Ja.", action: "submit" });
    const view = { label: "x", actionId: "homework.view", value: "leesopdracht|team-vonk" };
    const henk = t.chat(HENK);
    await henk.click(view);
    expect(shown(henk.lastReply)).toContain("Voor de mentor.");
    // What an approved pairing does (tests/integration/pairing.test.ts): Joost now mentors De Vonk.
    t.app.bot.directory.setMentorOverrides(new Map(VONK.map((p) => [p, JOOST])));
    const joost = t.chat(JOOST);
    await joost.click(view);
    expect(shown(joost.lastReply)).toContain("Voor de mentor.");
    await joost.say("huiswerk");
    expect(shown(joost.lastReply)).toContain("Team De Vonk");
    await henk.click(view);
    expect(henk.lastReply?.text).toMatch(NOT_YOURS);
  });

  it("two drafts made in the same millisecond are two drafts: neither overwrites the other", async () => {
    const t = await start({ now: at("2026-11-26T10:00") });
    const marieke = t.chat(MARIEKE);
    for (const title of ["Foto van de buurt", "Een gesprek met de wethouder"]) {
      await marieke.say("huiswerk nieuw");
      await marieke.submit(marieke.lastForm!, {
        title,
        questions: "Wat zag je?",
        groups: "Team De Vonk",
        due: "2026-12-09",
        mode: "per-member",
      });
    }
    const drafts = await t.app.api(homework).created.all();
    expect(drafts.map((d) => d.title).sort()).toEqual(["Een gesprek met de wethouder", "Foto van de buurt"]);
    expect(new Set(drafts.map((d) => d.id)).size).toBe(2);
  });

  it("a coordinator makes an assignment in chat: form, preview, open; it reaches that group only", async () => {
    const t = await start({ now: at("2026-11-26T10:00") });
    const marieke = t.chat(MARIEKE);
    await marieke.say("huiswerk nieuw");
    const form = marieke.lastForm!;
    expect(form.formId).toBe("homework.create");
    const bad = await marieke.submit(form, {
      title: "",
      questions: "",
      groups: "team-onbekend",
      due: "gisteren",
      mode: "shared",
    });
    expect(Object.keys(bad.errors ?? {}).sort()).toEqual(["due", "groups", "questions", "title"]);
    await marieke.submit(form, {
      title: "Foto van de buurt",
      questions: "Welke plek laat de buurt zien?\nWie kwam je daar tegen?",
      groups: "Team De Vonk",
      due: "2026-12-09",
      mode: "per-member",
    });
    const first = marieke.lastReply!;
    expect(shown(first)).toContain("Gaat naar Team De Vonk (4 mensen).");
    // "Aanpassen": the same form, filled in with the draft; the change keeps the same draft.
    await marieke.click(buttonsOf(first).find((b) => b.label === "Aanpassen")!);
    const again = marieke.lastForm!;
    const initial = Object.fromEntries(
      again.fields.map((f) => [f.id, "initial" in f ? f.initial : undefined]),
    );
    expect(initial).toMatchObject({
      title: "Foto van de buurt",
      questions: "Welke plek laat de buurt zien?\nWie kwam je daar tegen?",
      groups: "team-vonk",
      due: "2026-12-09",
      mode: "per-member",
    });
    await marieke.submit(again, { ...(initial as Record<string, string>), groups: "Team Zonnedorp" });
    const preview = marieke.lastReply!;
    expect(buttonsOf(preview)[0]?.value).toBe(buttonsOf(first)[0]?.value);
    expect(shown(preview)).toContain("Gaat naar Team Zonnedorp (4 mensen).");
    expect(t.adapter.sent.filter((s) => s.message.text.includes("Foto van de buurt"))).toHaveLength(0);
    await marieke.click(buttonsOf(preview).find((b) => b.label === "Openzetten")!);
    expect(marieke.updates.at(-1)?.text).toBe("Foto van de buurt staat open. 4 berichten verstuurd.");
    const sent = t.adapter.sent.filter(
      (s) => s.message.kind === "homework" && s.message.text.includes("Foto"),
    );
    expect(sent.map((s) => s.conversation).sort()).toEqual(ZONNEDORP.map((p) => `test:${p}`).sort());
    // The scheduler does not send it again; a second click does nothing new.
    await new Scheduler(t.app).tick();
    await marieke.click(buttonsOf(preview).find((b) => b.label === "Openzetten")!);
    expect(
      t.adapter.sent.filter((s) => s.message.kind === "homework" && s.message.text.includes("Foto")),
    ).toHaveLength(4);
    // Answered like any other.
    const esra = t.chat(ESRA);
    await esra.click(buttonsOf(t.adapter.to(ESRA).find((m) => m.text.includes("Foto")))[0]!);
    await esra.submit(esra.lastForm!, { q1: "Het plein.", q2: "De bakker.", action: "submit" });
    expect(esra.lastReply?.text).toBe("Ingeleverd: Foto van de buurt. Dank je!");
  });
});

describe("kampvuur homework export", () => {
  it("writes the demo's travel report after a run: one section per team with every answer (Markdown and RFC 4180 CSV)", async () => {
    const storeUrl = sqliteUrl();
    const demo = await startTestApp({ storeUrl, now: at("2027-01-14T16:30") });
    apps.push(demo);
    await new Scheduler(demo.app).tick();
    const teams = demo.programme.teams;
    for (const team of teams) {
      const [first, second] = team.members as [string, string];
      await answer(demo, first, "Het reisverslag", {
        q1: `Begin van ${team.name}`,
        q2: "",
        q3: "",
        q4: "",
        action: "draft",
      });
      await answer(demo, second, "Het reisverslag", {
        q1: `Begin van ${team.name}`,
        q2: `Keerpunt, "echt" waar, bij ${team.name}`,
        q3: "Meer luisteren.\nMinder praten.",
        q4: "Goed",
        action: "submit",
      });
    }
    await demo.close();
    apps.splice(apps.indexOf(demo), 1);

    const md = await cli(["homework", "export", "--assignment", "reisverslag"], {
      env: { KAMPVUUR_STORE: storeUrl },
    });
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^# Het reisverslag\n/);
    for (const team of teams) {
      expect(md.stdout).toContain(`## ${team.name}`);
      expect(md.stdout).toContain(`Begin van ${team.name}`);
      expect(md.stdout).toContain(`Keerpunt, "echt" waar, bij ${team.name}`);
    }
    expect(md.stdout.match(/^## /gm)).toHaveLength(3);
    expect(md.stdout).toContain("### 2. Welk moment was een keerpunt voor het team of voor de bewoners?");
    expect(md.stdout).toContain("_— Bram Jansen, 14 jan, 16:30; ingeleverd 14 jan, 16:30_");

    const csv = await cli(["homework", "export", "--assignment", "reisverslag", "--format", "csv"], {
      env: { KAMPVUUR_STORE: storeUrl },
    });
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split("\r\n");
    expect(lines[0]).toBe(
      "assignment,group,question_number,question,answer,author,written_at,status,submitted_at,late",
    );
    expect(csv.stdout).toContain('"Keerpunt, ""echt"" waar, bij Team De Vonk"');
    expect(csv.stdout).toContain('"Meer luisteren.\nMinder praten."');
    expect(csv.stdout.endsWith("\r\n")).toBe(true);

    const unknown = await cli(["homework", "export", "--assignment", "bestaat-niet"], {
      env: { KAMPVUUR_STORE: storeUrl },
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("reisverslag");
  });
});

/** Records the posts to channels of one platform (the recording adapter only has DMs). */
class ChannelPlatform implements ChatAdapter {
  readonly posts: { conversation: string; message: Message }[] = [];
  constructor(readonly platform: string) {}
  async directAddress(): Promise<string | undefined> {
    return undefined;
  }
  async send(conversation: string, message: Message): Promise<SentMessage> {
    this.posts.push({ conversation, message });
    return { conversation, messageId: String(this.posts.length) };
  }
}

describe("homework in a group's own channel", () => {
  it("the Community of Practice: Groepje Noord gets its assignment once in its channel, the other groups by DM", async () => {
    const programme = await loadAppProgramme("examples/community-of-practice.yaml");
    const t = await start({ programme, now: at("2026-10-08T17:05") });
    const slack = new ChannelPlatform("slack");
    t.app.bot.addAdapter(slack);
    const noord = ["ayla-kaya", "bart-lensink", "claire-wessels", "dirk-olthof"];
    await new Scheduler(t.app).tick();
    await new Scheduler(t.app).tick(); // a second pass (or a restart) sends nothing again
    const title = "Hoe klaar is je organisatie?";
    expect(slack.posts.map((p) => p.conversation)).toEqual(["slack:-:C0COPNOORD"]);
    expect(plainText(slack.posts[0]!.message)).toContain(title);
    expect(buttonsOf(slack.posts[0]!.message).map((b) => b.label)).toContain("Beantwoorden");
    const dms = t.adapter.sent.filter((s) => s.message.kind === "homework" && s.message.text.includes(title));
    const dmTo = dms.map((s) => s.conversation.replace(/^test:/, ""));
    expect(dmTo.some((p) => noord.includes(p))).toBe(false);
    expect(dmTo.sort()).toEqual(
      programme.participants
        .map((p) => p.id)
        .filter((p) => !noord.includes(p))
        .sort(),
    );
    // Pressed in the channel by a member: her own form, for her own group.
    const ayla = t.chat("ayla-kaya");
    await ayla.click(buttonsOf(slack.posts[0]!.message).find((b) => b.label === "Beantwoorden")!);
    expect(ayla.lastForm?.metadata).toBe("eigen-organisatie|groepje-noord");
  });
});
