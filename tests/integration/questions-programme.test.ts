import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { buttonsOf, startTestApp, type TestApp } from "../helpers/harness.js";

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const BEFORE = at("2026-11-01T10:00");
const BETWEEN = at("2026-12-02T10:00");
const ON_DAY_2 = at("2026-12-10T11:00");
const AFTER = at("2027-03-01T10:00");

let t: TestApp;
afterEach(() => t?.close());

async function ask(person: string, question: string, now: Date) {
  t = await startTestApp({ now });
  const chat = t.chat(person);
  await chat.say(question);
  return chat;
}

describe("questions about the programme itself, answered from the programme file", () => {
  it.each([
    [BEFORE, "Leerdag 1 van 4: donderdag 12 november (over 11 dagen)", "Het Dorpshuis, Vorden", "Op reis"],
    [
      BETWEEN,
      "Leerdag 2 van 4: donderdag 10 december (over 8 dagen)",
      "09:30–16:30, Buurtkamer De Vonk, Zutphen",
      "Jouw eigen leervraag centraal",
    ],
  ])("'wanneer is de volgende leerdag en waar?' at %s", async (now, title, where, theme) => {
    const anna = await ask("anna-de-vries", "wanneer is de volgende leerdag en waar?", now);
    const reply = anna.lastReply?.text ?? "";
    expect(reply.split("\n")[0]).toBe(title);
    expect(reply).toContain(where);
    expect(reply).toContain(`Thema: ${theme}`);
    expect(reply).toMatch(/Voorbereiden: /);
    // Facts about the programme are not logged as questions, and carry no rating.
    expect(await t.app.store.questions.all()).toEqual([]);
  });

  it("the preparation of the next day, not another programme's", async () => {
    const bram = await ask("bram-jansen", "moet ik iets voorbereiden voor de volgende keer?", BETWEEN);
    expect(bram.lastReply?.text).toContain(
      "Voorbereiden: Neem een voorbeeld mee van een moment waarop je leervraag speelde. Spreek met je team af wat jullie tot nu toe over je praktijkcase weten.",
    );
    expect(bram.lastReply?.text).not.toMatch(/masterclass/i);
  });

  it("on a session day, 'the next one' is asked back with a button per day", async () => {
    const esra = await ask("esra-yilmaz", "wanneer is de volgende leerdag?", ON_DAY_2);
    expect(esra.lastReply?.text.split("\n")[0]).toBe(
      "Bedoel je de leerdag van 10 december of die van 14 januari 2027?",
    );
    const buttons = buttonsOf(esra.lastReply);
    expect(buttons.map((b) => b.label)).toEqual(["10 december", "14 januari 2027"]);
    await esra.click(buttons[1]!);
    expect(esra.lastReply?.text.split("\n")[0]).toBe(
      "Leerdag 3 van 4: donderdag 14 januari 2027 (over 35 dagen)",
    );
    // A forged value is refused politely.
    await esra.click({ ...buttons[1]!, value: "2099-01-01" });
    expect(esra.lastReply?.kind).not.toBe("programme-answer");
  });

  it("after the last day: no more days, and the dates say so", async () => {
    const anna = await ask("anna-de-vries", "wanneer is de volgende leerdag?", AFTER);
    expect(anna.lastReply?.text).toBe(
      "De laatste leerdag was op donderdag 11 februari. Er komen geen leerdagen meer.",
    );
  });

  it("all remaining dates, between the days", async () => {
    const anna = await ask("anna-de-vries", "wanneer zijn de leerdagen?", BETWEEN);
    const text = anna.lastReply?.text ?? "";
    expect(text.split("\n")[0]).toBe("Nog 3 leerdagen:");
    expect(text).toContain("• donderdag 10 december, 09:30–16:30, Buurtkamer De Vonk, Zutphen");
    expect(text).toContain("• donderdag 11 februari 2027, 13:00–20:00, Raadzaal gemeente Bronckhorst");
    expect(text).toContain("1 van de 4 leerdagen is al geweest.");
    expect(text).not.toContain("12 november");
  });

  it("a named day: 'wat gaan we doen op dag 2?' and the last day", async () => {
    const anna = await ask("anna-de-vries", "wat gaan we doen op dag 2?", BETWEEN);
    expect(anna.lastReply?.text).toMatch(/^Leerdag 2 van 4: donderdag 10 december/);
    await anna.say("wat gebeurt er op de laatste dag?");
    expect(anna.lastReply?.text).toMatch(/^Leerdag 4 van 4: donderdag 11 februari 2027 \(over 71 dagen\)/);
    expect(anna.lastReply?.text).toContain("13:00–20:00, Raadzaal gemeente Bronckhorst, Hengelo (Gld)");
  });

  it("my team, my mentor, our case and my learning question, for several people", async () => {
    t = await startTestApp({ now: BETWEEN });
    const anna = t.chat("anna-de-vries");
    await anna.say("wie is mijn mentor?");
    expect(anna.lastReply?.text).toBe("Je mentor is *Henk Westerveld* (Buurtcoöperatie Oost).");
    await anna.say("in welk team zit ik?");
    expect(anna.lastReply?.text).toBe(
      "Je zit in *Team De Vonk*, met Bram Jansen, Chantal Bakker en Daan Visser. Jullie mentor is Henk Westerveld.",
    );
    await anna.say("wat is onze praktijkcase?");
    expect(anna.lastReply?.text).toMatch(
      /^Jullie praktijkcase is \*Buurtkamer De Vonk\* in Zutphen, De Hoven, van Bewonersgroep De Hoven\./,
    );
    await anna.say("wat was mijn leervraag ook alweer?");
    expect(anna.lastReply?.text).toBe(
      "Je leervraag: _Hoe laat ik als beleidsmedewerker los zonder dat het initiatief vastloopt?_",
    );

    const esra = t.chat("esra-yilmaz");
    await esra.say("wie is onze mentor");
    expect(esra.lastReply?.text).toBe("Je mentor is *Ingrid Kok* (Adviesbureau Samenspel).");

    const henk = t.chat("henk-westerveld");
    await henk.say("welk team begeleid ik? wie is mijn team");
    expect(henk.lastReply?.text).toBe("Jij bent mentor van *Team De Vonk*.");
    expect(await t.app.store.questions.all()).toEqual([]);
  });

  it("follows an approved mentor pairing", async () => {
    t = await startTestApp({ now: BETWEEN });
    t.app.bot.directory.setMentorOverrides(new Map([["anna-de-vries", "joost-van-dijk"]]));
    const anna = t.chat("anna-de-vries");
    await anna.say("wie is mijn mentor?");
    expect(anna.lastReply?.text).toBe("Je mentor is *Joost van Dijk* (Zorgcoöperatie Esbeek).");
  });

  it("in English, for whoever asks in English", async () => {
    t = await startTestApp({ now: BETWEEN });
    const hamid = t.chat("hamid-el-amrani");
    await hamid.say("when is the next session day and where?");
    const text = hamid.lastReply?.text ?? "";
    expect(text.split("\n")[0]).toBe("Session day 2 of 4: Thursday 10 December (in 8 days)");
    expect(text).toContain("09:30–16:30, Buurtkamer De Vonk, Zutphen");
    expect(text).toContain("Theme: Jouw eigen leervraag centraal");
    await hamid.say("who is my mentor?");
    expect(hamid.lastReply?.text).toBe("Your mentor is *Ingrid Kok* (Adviesbureau Samenspel).");
    await hamid.say("what is my learning question?");
    expect(hamid.lastReply?.text).toBe(
      "Your learning question: _How do I keep my own enthusiasm from taking over the residents' plan?_",
    );
    await hamid.say("what are all the dates?");
    expect(hamid.lastReply?.text.split("\n")[0]).toBe("3 session days left:");
    // Anna asks in English: the answer is in English.
    const anna = t.chat("anna-de-vries");
    await anna.say("what will we do on day 3?");
    expect(anna.lastReply?.text.split("\n")[0]).toBe(
      "Session day 3 of 4: Thursday 14 January 2027 (in 43 days)",
    );
  });

  it("nothing about the asker in a channel; session facts are fine there", async () => {
    t = await startTestApp({ now: BETWEEN });
    const anna = t.chat("anna-de-vries");
    await anna.mention("wie is mijn mentor?");
    expect(anna.lastReply?.text).toBe(
      "Dat is persoonlijk. Vraag het me in een privébericht, dan vertel ik het je daar.",
    );
    await anna.mention("wanneer is de volgende leerdag?");
    expect(anna.lastReply?.text).toMatch(/^Leerdag 2 van 4/);
  });

  it("questions about the subject stay content questions", async () => {
    t = await startTestApp({ now: BETWEEN });
    const anna = t.chat("anna-de-vries");
    await anna.say("wat is de rol van de mentor in de leergang?");
    expect(anna.lastReply?.kind).toBe("answer");
    await anna.say("hoe organiseer ik een bijeenkomst waar bewoners zelf het woord voeren?");
    expect(anna.lastReply?.kind).toBe("answer");
  });
});

describe("kampvuur ask --as", () => {
  it("answers as that person, relative to --now", async () => {
    const r = await cli([
      "ask",
      "--json",
      "--programme",
      "examples/leergang.yaml",
      "--as",
      "esra-yilmaz",
      "--now",
      "2026-12-02T10:00",
      "wie is mijn mentor?",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      answer: "Je mentor is *Ingrid Kok* (Adviesbureau Samenspel).",
      mode: "programme",
      sources: [],
    });
    const next = await cli([
      "ask",
      "--json",
      "--as",
      "hamid",
      "--now",
      "2026-12-02T10:00",
      "when is the next session?",
    ]);
    expect(JSON.parse(next.stdout).answer).toMatch(/^Session day 2 of 4: Thursday 10 December \(in 8 days\)/);
  });

  it("refuses an unknown person and a bad --now politely", async () => {
    const unknown = await cli(["ask", "--as", "nobody", "wie is mijn mentor?"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/'nobody' is not a person of/);
    const bad = await cli(["ask", "--as", "anna", "--now", "gisteren", "wie is mijn mentor?"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(/at .*\.ts/);
  });
});
