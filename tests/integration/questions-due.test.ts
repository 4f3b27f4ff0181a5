import { readFile } from "node:fs/promises";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { programmeSections } from "../../src/app.js";
import { DEMO_PROGRAMME, parseProgramme } from "../../src/config/programme.js";
import { homework, sessionReminders } from "../../src/features/index.js";
import { startTestApp, type TestApp } from "../helpers/harness.js";

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
/** Between day 1 and day 2: both assignments open, due on 8 December. */
const BETWEEN = at("2026-12-02T10:00");
/** The day after the due date. */
const LATE = at("2026-12-09T10:00");
/** After the last session day. */
const AFTER = at("2027-03-01T10:00");

/** The demo with its own assignments replaced: one per member (two teams), one shared (Team De Vonk). */
const ASSIGNMENTS = `assignments:
  - id: leesopdracht
    title: Lees en reageer
    for: [team-vonk, team-zonnedorp]
    mode: per-member
    opens: 2026-11-25
    due: 2026-12-08
    questions:
      - text: Wat viel je op in de tekst?
  - id: casus
    title: Onze casus in drie zinnen
    for: [team-vonk]
    mode: shared
    opens: 2026-11-25
    due: 2026-12-08
    questions:
      - text: Wat willen de bewoners?
`;

async function programme() {
  const demo = await readFile(DEMO_PROGRAMME, "utf8");
  const text = demo.replace(/\nassignments:\n[\s\S]*?\nparticipants:\n/, `\n${ASSIGNMENTS}\nparticipants:\n`);
  return parseProgramme(text, "p.yaml", programmeSections());
}

let t: TestApp;
afterEach(() => t?.close());

async function start(now: Date) {
  t = await startTestApp({ programme: await programme(), now });
  return t;
}

/** Hands in an assignment for a person (their own sheet, or their group's). */
async function handIn(person: string, id: string) {
  const service = t.app.api(homework);
  const assignment = (await service.assignment(id))!;
  const who = t.app.bot.directory.get(person)!;
  const unit = service.unitOf(assignment, person)!;
  await service.save(who, assignment, unit, { q1: "Klaar." }, true);
}

async function ask(person: string, question: string) {
  const chat = t.chat(person);
  await chat.say(question);
  return chat.lastReply;
}

describe("what is due: open homework and the next day's preparation, from the programme and the asker's record", () => {
  it.each([
    "wat moet ik nog doen?",
    "welk huiswerk heb ik nog?",
    "moet ik iets voorbereiden voor de volgende keer?",
  ])(
    "'%s': every open assignment with its due date in words, and the next day's preparation",
    async (question) => {
      await start(BETWEEN);
      const reply = await ask("anna-de-vries", question);
      expect(reply?.kind).toBe("programme-answer");
      const text = reply?.text ?? "";
      expect(text).toContain("Dit staat voor je klaar:");
      expect(text).toContain(
        "☐ *Lees en reageer*: nog niet ingeleverd, inleveren uiterlijk dinsdag 8 december",
      );
      expect(text).toContain(
        "☐ *Onze casus in drie zinnen*: nog niet ingeleverd, inleveren uiterlijk dinsdag 8 december",
      );
      expect(text).toContain("Leerdag 2 van 4: donderdag 10 december (over 8 dagen)");
      expect(text).toContain(
        "Voorbereiden: Neem een voorbeeld mee van een moment waarop je leervraag speelde. Spreek met je team af wat jullie tot nu toe over je praktijkcase weten.",
      );
      expect(text).toContain("Gedaan: Nog niets afgevinkt als gedaan.");
      // Facts about the asker are not logged as content questions.
      expect(await t.app.store.questions.all()).toEqual([]);
    },
  );

  it("what someone already handed in and ticked off is marked done; a group's shared answer counts for all its members", async () => {
    await start(BETWEEN);
    await handIn("bram-jansen", "leesopdracht");
    await handIn("chantal-bakker", "casus");
    await t.app.api(sessionReminders).markDone("bram-jansen", "2026-12-10", 0);
    const text = (await ask("bram-jansen", "wat moet ik nog doen?"))?.text ?? "";
    expect(text).toContain("✅ *Lees en reageer*: ingeleverd (inleveren uiterlijk dinsdag 8 december)");
    expect(text).toContain(
      "✅ *Onze casus in drie zinnen*: ingeleverd (inleveren uiterlijk dinsdag 8 december)",
    );
    expect(text).toContain(
      "Gedaan: 1 van de 2: Neem een voorbeeld mee van een moment waarop je leervraag speelde.",
    );
    // Anna's own sheet is not Bram's: her reading assignment is still open.
    const anna = (await ask("anna-de-vries", "wat moet ik nog doen?"))?.text ?? "";
    expect(anna).toContain("☐ *Lees en reageer*: nog niet ingeleverd");
    expect(anna).toContain("✅ *Onze casus in drie zinnen*: ingeleverd");
    expect(anna).toContain("Gedaan: Nog niets afgevinkt als gedaan.");
    await t.app.api(sessionReminders).markDone("bram-jansen", "2026-12-10", 1);
    expect((await ask("bram-jansen", "wat moet ik nog doen?"))?.text).toContain(
      "Gedaan: Alles voorbereid. Fijn!",
    );
  });

  it("in English, with the dates in English words", async () => {
    await start(BETWEEN);
    const text = (await ask("esra-yilmaz", "what is due?"))?.text ?? "";
    expect(text).toContain("This is waiting for you:");
    expect(text).toContain("☐ *Lees en reageer*: not handed in yet, due by Tuesday 8 December");
    // Team De Vonk's assignment is not Esra's.
    expect(text).not.toContain("Onze casus");
    expect(text).toContain("Session day 2 of 4: Thursday 10 December (in 8 days)");
    expect(text).toContain("Done: Nothing ticked off as done yet.");
    await handIn("esra-yilmaz", "leesopdracht");
    const after = (await ask("esra-yilmaz", "do I need to prepare anything for next time?"))?.text ?? "";
    expect(after).toContain("✅ *Lees en reageer*: handed in (due by Tuesday 8 December)");
  });

  it("past its due date, what is not handed in is still due (and marked late when handed in); what is, is gone", async () => {
    await start(LATE);
    await handIn("daan-visser", "casus");
    const text = (await ask("daan-visser", "wat moet ik nog doen?"))?.text ?? "";
    expect(text).toContain(
      "☐ *Lees en reageer*: nog niet ingeleverd, dat moest uiterlijk dinsdag 8 december (het kan nog, het staat dan als te laat)",
    );
    expect(text).not.toContain("Onze casus");
  });

  it("someone with nothing due is told so, in Dutch and in English", async () => {
    await start(AFTER);
    expect((await ask("iris-de-boer", "wat moet ik nog doen?"))?.text).toBe(
      "Er staat nu niets voor je klaar: geen open huiswerk en niets voor te bereiden.\n\nTyp *huiswerk* voor je open opdrachten.",
    );
    expect((await ask("iris-de-boer", "what is due?"))?.text).toContain(
      "Nothing is waiting for you right now: no open homework and nothing to prepare.",
    );
  });

  it("a person without homework (another team) gets only the preparation", async () => {
    await start(BETWEEN);
    const text = (await ask("iris-de-boer", "welk huiswerk heb ik nog?"))?.text ?? "";
    expect(text).not.toContain("Huiswerk");
    expect(text).toContain("Leerdag 2 van 4: donderdag 10 december");
  });

  it("is personal: not told in a channel", async () => {
    await start(BETWEEN);
    const chat = t.chat("anna-de-vries");
    await chat.mention("wat moet ik nog doen?");
    expect(chat.lastReply?.text).toBe(
      "Dat is persoonlijk. Vraag het me in een privébericht, dan vertel ik het je daar.",
    );
  });

  it("a named other day's preparation stays that day's answer", async () => {
    await start(BETWEEN);
    const text = (await ask("anna-de-vries", "wat moet ik voorbereiden voor leerdag 3?"))?.text ?? "";
    expect(text.split("\n")[0]).toBe("Leerdag 3 van 4: donderdag 14 januari 2027 (over 43 dagen)");
    expect(text).not.toContain("Lees en reageer");
    // A situation that ends in "wat moet ik doen?" is a question for the content base.
    const situation = await ask("anna-de-vries", "de vrijwilligers haken af, wat moet ik doen?");
    expect(situation?.kind).not.toBe("programme-answer");
    expect(situation?.text).not.toContain("Lees en reageer");
  });
});
