import { PassThrough, Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadAppProgramme } from "../../src/app.js";
import { ConsoleChat } from "../../src/adapters/console/index.js";
import { en } from "../../src/core/i18n/en.js";
import { stripMarkup } from "../../src/core/messages.js";
import { reflections } from "../../src/features/index.js";
import { renderPrompt } from "../../src/features/reflections/prompt-bank.js";
import { buttonsOf, type Chat, startTestApp, type TestApp } from "../helpers/harness.js";

/** What people read: the wording of help, prompts, thanks and confirmations (issue 17, point 7). */

const ANNA = "anna-de-vries";
const HAMID = "hamid-el-amrani";
const COORDINATOR = "marieke-hoekstra";
const MENTOR = "henk-westerveld";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Types the lines into the console as Anna; returns what it printed. */
async function consoleChat(lines: string[], interactive = false): Promise<string> {
  t = await startTestApp();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (d) => (printed += d));
  const chat = new ConsoleChat(t.app.bot, {
    input: Readable.from([lines.join("\n")]),
    output,
    interactive,
    as: "anna",
  });
  t.app.bot.addAdapter(chat);
  await chat.run();
  return printed;
}

/** The coordinator previews this week's prompt and confirms the send. */
async function sendReflectionToAll(coordinator: Chat) {
  await coordinator.say("stuur reflectie");
  const confirm = buttonsOf(coordinator.lastReply).find((b) => b.label === "Versturen");
  if (!confirm) throw new Error(`no confirm button in ${coordinator.lastReply?.text}`);
  await coordinator.click(confirm);
}

describe("the help", () => {
  it("shows the question command without a double colon, in Dutch and in English", async () => {
    t = await startTestApp();
    const anna = t.chat(ANNA);
    await anna.say("help");
    // As the person reads it: the platforms show *bold* as bold, without the stars.
    const dutch = stripMarkup(anna.lastReply?.text ?? "");
    expect(dutch).toContain(
      "• vraag: …: stel een vraag over de principes of het programma, zoals vraag: wat betekent klein beginnen?",
    );
    expect(dutch).not.toContain("::");
    const hamid = t.chat(HAMID);
    await hamid.say("help");
    const english = stripMarkup(hamid.lastReply?.text ?? "");
    expect(english).toContain("• ask: ask about the principles or the programme");
    expect(english).not.toContain("::");
  });

  it("in the console too", async () => {
    const printed = await consoleChat(["help"]);
    expect(printed).toContain("vraag: …:");
    expect(printed).not.toContain("vraag::");
  });

  it("gives every role its article in English", async () => {
    t = await startTestApp();
    const hamid = t.chat(HAMID);
    await hamid.say("help");
    expect(hamid.lastReply?.text).toContain("Hi Hamid! You take part as a participant. Here is");
    for (const [id, role] of [
      [MENTOR, "a mentor"],
      [COORDINATOR, "a coordinator"],
    ] as const) {
      const chat = t.chat(id);
      await chat.say("language en");
      await chat.say("help");
      expect(chat.lastReply?.text).toContain(`You take part as ${role}. Here is`);
    }
    expect(en.helpIntro("Sam", "participant and mentor")).toContain(
      "You take part as a participant and a mentor.",
    );
    expect(en.helpIntro("Sam", "participant, mentor and coordinator")).toContain(
      "You take part as a participant, a mentor and a coordinator.",
    );
  });
});

describe("prompts that quote the learning question", () => {
  const QUOTING = ["after-11", "mid-03", "before-04"];

  /** Every sentence end once: no "?”?" or "?”." after the quoted learning question. */
  const checkPrompt = (text: string, learningQuestion: string) => {
    expect(text).toContain(`“${learningQuestion}”`);
    expect(text).not.toMatch(/[?!.]”\s*[?!.]/);
    expect(text.trim().endsWith("?")).toBe(true);
    expect(text.split("“")[0]?.trim().split(/\s+/).length).toBeLessThanOrEqual(20);
    const around = text.replace(`“${learningQuestion}”`, "");
    expect(around.split(/\s+/).filter(Boolean).length).toBeLessThanOrEqual(20);
  };

  it("ends the question once, whether the learning question ends in a question mark or not", async () => {
    t = await startTestApp();
    const api = t.app.api(reflections);
    const now = t.clock.now();
    for (const [id, language] of [
      [ANNA, "nl"],
      [HAMID, "en"],
    ] as const) {
      const person = t.app.bot.directory.get(id);
      if (!person?.learningQuestion) throw new Error(`${id} has no learning question`);
      for (const promptId of QUOTING) {
        const text = api.promptFor(person, promptId, now, language)?.text ?? "";
        checkPrompt(text, person.learningQuestion);
      }
    }
    const before = api.promptFor(t.app.bot.directory.get(ANNA)!, "before-04", now, "nl")?.text;
    expect(before).toBe(
      "Je leervraag is: “Hoe laat ik als beleidsmedewerker los zonder dat het initiatief vastloopt?” Wat wil je daarvoor op de leerdag van volgende week ontdekken of oefenen?",
    );
    await t.close();

    // A learning question written as a statement keeps the prompt's own full stop.
    const programme = await loadAppProgramme();
    const statement = "Ik wil leren loslaten";
    programme.participants = programme.participants.map((p) =>
      p.id === ANNA ? { ...p, learningQuestion: statement } : p,
    );
    t = await startTestApp({ programme });
    const anna = t.app.bot.directory.get(ANNA)!;
    for (const promptId of QUOTING) {
      const text = t.app.api(reflections).promptFor(anna, promptId, t.clock.now(), "nl")?.text ?? "";
      checkPrompt(text, statement);
      expect(text).toContain(`“${statement}”.`);
    }
  });

  it("in a programme's own prompt too", () => {
    const prompt = {
      id: "own",
      phase: "midway" as const,
      language: "nl" as const,
      text: "Wat heb je deze week gedaan voor je leervraag: “{{learningQuestion}}”?",
      uses: ["learningQuestion" as const],
    };
    expect(renderPrompt(prompt, { learningQuestion: "Hoe laat ik los?" })).toBe(
      "Wat heb je deze week gedaan voor je leervraag: “Hoe laat ik los?”",
    );
    expect(renderPrompt(prompt, { learningQuestion: "Loslaten" })).toBe(
      "Wat heb je deze week gedaan voor je leervraag: “Loslaten”?",
    );
  });
});

describe("session themes in English", () => {
  it("are quoted as names in English prompts; Dutch prompts stay as they were", async () => {
    t = await startTestApp();
    const api = t.app.api(reflections);
    const now = t.clock.now();
    const hamid = t.app.bot.directory.get(HAMID)!;
    expect(api.promptFor(hamid, "after-01", now, "en")?.text).toContain(
      "Think back to the last session day, ‘Op reis’.",
    );
    expect(api.promptFor(hamid, "before-01", now, "en")?.text).toContain(
      "the session is ‘Jouw eigen leervraag centraal’.",
    );
    expect(api.promptFor(hamid, "after-07", now, "en")?.text).toContain("at the session ‘Op reis’.");
    const anna = t.app.bot.directory.get(ANNA)!;
    expect(api.promptFor(anna, "after-01", now, "nl")?.text).toContain(
      "Denk nog eens terug aan de laatste dag, “Op reis”.",
    );

    // A programme's own English prompt with a bare theme gets the quotes from the bot.
    const own = {
      id: "own",
      phase: "after-session" as const,
      language: "en" as const,
      text: "What did you take home from {{lastSessionTheme}}?",
      uses: ["lastSessionTheme" as const],
    };
    expect(renderPrompt(own, { lastSessionTheme: "Op reis" })).toBe("What did you take home from ‘Op reis’?");
    expect(renderPrompt({ ...own, language: "nl" }, { lastSessionTheme: "Op reis" })).toBe(
      "What did you take home from Op reis?",
    );
  });

  it("are quoted in the English list of session days", async () => {
    t = await startTestApp();
    const hamid = t.chat(HAMID);
    await hamid.say("calendar");
    expect(hamid.lastReply?.text).toMatch(/: ‘Op reis’ \(/);
    const anna = t.chat(ANNA);
    await anna.say("agenda");
    expect(anna.lastReply?.text).toMatch(/: Op reis \(/);
  });
});

describe("the thanks for a rating", () => {
  it("is Dutch, not an anglicism", async () => {
    t = await startTestApp();
    const anna = t.chat(ANNA);
    await anna.say("wat betekent doen en niet te veel praten?");
    const notHelpful = buttonsOf(anna.lastReply).find((b) => b.label === "👎 Niet nuttig");
    await anna.click(notHelpful as never);
    const thanks = anna.updates.at(-1)?.text ?? anna.lastReply?.text ?? "";
    expect(thanks).toContain("Fijn dat je het laat weten. De vraag gaat zonder je naam");
    expect(thanks).not.toContain("voor het laten weten");
  });
});

describe("the console's own lines", () => {
  it("mark what to type, so the commands stand apart from the sentence", async () => {
    const printed = await consoleChat([]);
    expect(printed).toContain(
      "Je bent nu Anna de Vries (deelnemer). Typ `help` om te zien wat je kunt doen. Typ `als <naam>` om iemand anders te zijn, `mensen` om te zien wie er meedoen en `stop` om te stoppen.",
    );
  });

  it("in a terminal, in bold cyan instead of backticks", async () => {
    const printed = await consoleChat([], true);
    const code = (s: string) => `\x1b[1m\x1b[36m${s}\x1b[39m\x1b[22m`;
    expect(printed).toContain(
      `Typ ${code("help")} om te zien wat je kunt doen. Typ ${code("als <naam>")} om`,
    );
    expect(printed).not.toContain("`");
  });
});

describe("sending the same answer twice", () => {
  it("keeps one version and says it was already saved, in the person's language", async () => {
    t = await startTestApp();
    await sendReflectionToAll(t.chat(COORDINATOR));
    for (const [id, already] of [
      [ANNA, "Dit antwoord had ik al opgeslagen (alleen ik). Er is niets veranderd."],
      [HAMID, "I had already saved this answer (only me). Nothing has changed."],
    ] as const) {
      const chat = t.chat(id);
      await chat.click(buttonsOf(t.adapter.to(id)[0])[0] as never);
      const form = chat.lastForm as never;
      const values = { answer: "Ik heb vooral geluisterd naar de bewoners.", visibility: "private" };
      await chat.submit(form, values);
      await chat.submit(form, { ...values, answer: `${values.answer} ` });
      expect(chat.lastReply?.text).toBe(already);
      expect(chat.lastReply?.text).not.toMatch(/bijgewerkt|gewijzigd|updated/);
      const answers = (await t.app.store.answers.get(id))?.answers ?? [];
      expect(answers).toHaveLength(1);
      expect(answers[0]?.history).toEqual([]);
    }
    const anna = t.chat(ANNA);
    await anna.say("mijn antwoorden");
    expect(anna.lastReply?.text).not.toContain("gewijzigd");

    // Another visibility is a real change: one earlier version.
    await anna.say("wijzig 1");
    await anna.submit(anna.lastForm as never, {
      answer: "Ik heb vooral geluisterd naar de bewoners.",
      visibility: "mentor",
    });
    expect(anna.lastReply?.text).toContain("bijgewerkt");
    expect((await t.app.store.answers.get(ANNA))?.answers[0]?.history).toHaveLength(1);
  });
});
