import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { programmeSections } from "../../src/app.js";
import { parseEnv } from "../../src/config/env.js";
import { DEMO_PROGRAMME, parseProgramme } from "../../src/config/programme.js";
import { plainText } from "../../src/core/messages.js";
import { consent, llmSettings } from "../../src/features/consent/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { modelsFromEnv } from "../../src/knowledge/models.js";
import { FakeOpenAI, passageIds, type RecordedRequest } from "../helpers/fake-openai.js";
import { buttonsOf, type Chat, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

/**
 * Consent before a language model (issue 18, point 4). Through the real `openai` client
 * against a loopback server that records every request body: nothing a person wrote or is
 * (a reflection, a learning question, a name) reaches the model unless the programme allows
 * it (`llm.personalData`) and the person said yes; then only their own learning question.
 * The question itself is the request: it is sent, and only inside its own tags.
 */
const fake = new FakeOpenAI();
let baseURL = "";
beforeAll(async () => {
  baseURL = await fake.start();
});
afterAll(() => fake.stop());
const sqlite = tempDir();
afterAll(() => sqlite.cleanup());
let t: TestApp | undefined;
afterEach(async () => {
  fake.requests.length = 0;
  fake.reply = reply;
  await t?.close();
  t = undefined;
});

const ANNA = "anna-de-vries";
const BRAM = "bram-jansen";
const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();

/** Unique words, planted: found in a request body only if they leaked. */
const REFLECTION = "Het paarse zeilbootje van wethouder Quirijn bleef drie weken in de gang staan.";
const ANNAS_QUESTION = "Hoe laat ik de kwekerij Zilverberk-Oost los zonder haar te laten vallen?";
const BRAMS_QUESTION = "Hoe krijg ik het Flamingo-overleg van woonblok Tjalk weer aan tafel?";
/** Everyone in the demo programme's Team De Vonk, their mentor, and a few others. */
const NAMES = [
  "Anna de Vries",
  "Bram Jansen",
  "Chantal Bakker",
  "Daan Visser",
  "Henk Westerveld",
  "Westerveld",
  "Esra Yılmaz",
  "Ingrid Kok",
  "Joost van Dijk",
];
const OWN_DETAILS = [
  REFLECTION,
  "zeilbootje",
  "Quirijn",
  ANNAS_QUESTION,
  "Zilverberk",
  BRAMS_QUESTION,
  "Flamingo",
];

const demo = await readFile(DEMO_PROGRAMME, "utf8");

/** The demo programme with the planted learning questions, and `llm:` as given. */
function programme(llm?: string) {
  const yaml = demo
    .replace(/(id: anna-de-vries[\s\S]*?learningQuestion: ).*/, `$1${ANNAS_QUESTION}`)
    .replace(/(id: bram-jansen[\s\S]*?learningQuestion: ).*/, `$1${BRAMS_QUESTION}`);
  const withLlm = llm ? `${yaml}\nllm:\n${llm}\n` : yaml;
  return parseProgramme(withLlm, "leergang.yaml", programmeSections());
}

const models = () =>
  modelsFromEnv(
    parseEnv({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: baseURL, OPENAI_EMBEDDING_MODEL: "none" }),
  );

const userMessage = (r: RecordedRequest) => r.body.messages?.find((m) => m.role === "user")?.content ?? "";
const factsOf = (r: RecordedRequest) => /<facts>\n([\s\S]*)\n<\/facts>/.exec(userMessage(r))?.[1];

/** The model words facts back unchanged, marked; a content question cites its first passage. */
function reply(request: RecordedRequest): string {
  const facts = factsOf(request);
  if (facts !== undefined) return `MODEL: ${facts}`;
  const [first] = passageIds(request);
  return first ? `Dat gaat over samen beginnen met wat bewoners zelf willen [${first}].` : "NOT_IN_CONTENT";
}
fake.reply = reply;

async function start(llm?: string, storeUrl?: string, now = at("2026-11-17T09:00")) {
  t = await startTestApp({ programme: programme(llm), models: await models(), now, storeUrl });
  return t;
}

/** Anna gets the reflection prompt and answers it (privately) with the planted sentence. */
async function plantReflection(app: TestApp) {
  await new Scheduler(app.app).tick();
  const prompt = app.adapter.to(ANNA).find((m) => m.kind === "reflection");
  const anna = app.chat(ANNA);
  await anna.click(buttonsOf(prompt).find((b) => b.actionId === "reflection.answer") as never);
  await anna.submit(anna.lastForm as never, { answer: REFLECTION, visibility: "mentor" });
  const saved = JSON.stringify(await app.app.personalData.export(ANNA));
  expect(saved).toContain(REFLECTION);
  // After the answer, the next day: free text is a question again.
  app.clock.set(at("2026-12-02T10:00"));
}

/** Many kinds of questions: about the programme, about the asker, about the content. */
const QUESTIONS = [
  "wat is mijn leervraag?",
  "wie is mijn mentor?",
  "in welk team zit ik?",
  "wat is onze praktijkcase?",
  "wanneer is de volgende leerdag?",
  "waar is de volgende leerdag?",
  "welke leerdagen zijn er nog?",
  "wat moet ik voorbereiden?",
  "wat betekent klein beginnen?",
  "hoe betrek ik bewoners die niet vanzelf meedoen?",
  "who is my mentor?",
  "what is my learning question?",
  "when is the next session day?",
  // Her own words in the question: sent, as the question and nowhere else.
  `vraag: ${REFLECTION} Hoe kan ik klein beginnen?`,
  "kan Henk Westerveld mij helpen om klein te beginnen?",
];

const TIP =
  "Tip: typ *toestemming* als je wilt dat antwoorden met het taalmodel je eigen gegevens gebruiken.";

/** Every question as the bot sends it (the text after the command words). */
const asSent = (q: string) => q.replace(/^vraag: /, "");

async function askAll(chat: Chat) {
  for (const q of QUESTIONS) await chat.say(q);
}

/**
 * Every chat request: its question is one of the questions asked (nothing else is smuggled
 * in there), and everything else it holds (system prompt, facts, passages) has none of the
 * planted details or names, except `allowed`.
 */
function expectNothingPersonal(allowed: string[] = []) {
  const requests = fake.requests;
  expect(requests.length).toBeGreaterThan(0);
  expect(fake.embeddingRequests()).toEqual([]);
  for (const r of requests) {
    const user = userMessage(r);
    const question = /<question>\n([\s\S]*)\n<\/question>/.exec(user)?.[1];
    expect(QUESTIONS.map(asSent)).toContain(question);
    const rest = JSON.stringify({
      ...r.body,
      messages: r.body.messages?.map((m) => ({
        ...m,
        content: m.content.replace(/<question>\n[\s\S]*\n<\/question>/, ""),
      })),
    });
    for (const secret of [...OWN_DETAILS, ...NAMES].filter((s) => !allowed.includes(s)))
      expect(rest, `request ${r.path} holds "${secret}"`).not.toContain(secret);
  }
}

describe("the llm: section of the programme file", () => {
  it("is personalData: false by default, and true only when the file says so", () => {
    expect(llmSettings.of(programme())).toEqual({ personalData: false });
    expect(llmSettings.of(programme("  personalData: true"))).toEqual({ personalData: true });
    expect(llmSettings.of(programme("  personalData: false"))).toEqual({ personalData: false });
    expect(() => programme("  personalData: ja")).toThrow(/personalData/);
    expect(() => programme("  names: true")).toThrow(/names/);
  });
});

describe("consent before a language model", () => {
  it("with llm.personalData false (the default), the model gets nothing personal, whatever is asked, also after a yes", async () => {
    const app = await start();
    await plantReflection(app);
    const anna = app.chat(ANNA);
    await anna.say("toestemming");
    expect(anna.lastReply?.text).toContain("krijgt het taalmodel nooit je eigen gegevens");
    expect(buttonsOf(anna.lastReply)).toEqual([]);
    await anna.say("toestemming ja");
    await askAll(anna);
    expectNothingPersonal();
    // The personal parts are the templates, in full, and no tip about consent.
    await anna.say("wat is mijn leervraag?");
    expect(anna.lastReply?.text).toBe(`Je leervraag: _${ANNAS_QUESTION}_`);
    await anna.say("wie is mijn mentor?");
    expect(anna.lastReply?.text).toContain("Henk Westerveld");
    expect(JSON.stringify(anna.replies)).not.toContain("toestemming*");
    // The model was used: for the programme's own facts and for content.
    expect(anna.replies.some((r) => r.text.startsWith("MODEL: Leerdag 2 van 4"))).toBe(true);
    expect(fake.chatRequests().some((r) => passageIds(r).length > 0)).toBe(true);
    // Her own words in a question are the request: sent, as the question, once.
    const withHerWords = fake.chatRequests().filter((r) => JSON.stringify(r.body).includes(REFLECTION));
    expect(withHerWords).toHaveLength(1);
    expect(
      userMessage(withHerWords[0] as RecordedRequest).endsWith(
        `<question>\n${REFLECTION} Hoe kan ik klein beginnen?\n</question>`,
      ),
    ).toBe(true);
    expect(await app.app.api(consent).allows(ANNA)).toBe(false);
  });

  it("allowed by the programme but without consent: the same, with the tip once", async () => {
    const app = await start("  personalData: true");
    await plantReflection(app);
    const anna = app.chat(ANNA);
    await askAll(anna);
    expectNothingPersonal();
    const tips = anna.replies.filter((r) => r.text.includes("typ *toestemming*"));
    expect(tips).toHaveLength(1);
    // Under her first answer about herself, short.
    expect(tips[0]?.text).toContain(`Je leervraag: _${ANNAS_QUESTION}_`);
    expect(tips[0]?.blocks?.at(-1)).toEqual({ type: "context", text: TIP });
    // A no is no consent either, and gets no tip.
    await anna.say("toestemming nee");
    await askAll(anna);
    expectNothingPersonal();
  });

  it("after a yes, only the asker's own learning question; after withdrawing, nothing again", async () => {
    const app = await start("  personalData: true");
    await plantReflection(app);
    const anna = app.chat(ANNA);

    await anna.say("toestemming");
    const ask = anna.lastReply;
    expect(ask?.text).toContain("Nu: je koos nog niet. Dan is het *nee*.");
    expect(ask?.text).toContain("Je reflecties, je huiswerk en namen van anderen gaan er nooit naartoe.");
    expect(buttonsOf(ask).map((b) => b.label)).toEqual(["Ja, dat mag", "Nee"]);
    await anna.click(buttonsOf(ask)[0] as never);
    expect(anna.updates.at(-1)?.text).toMatch(/^Dank je\. De bot mag je eigen gegevens/);
    await anna.say("toestemming");
    expect(anna.lastReply?.text).toContain("Nu: *ja*. Je gaf toestemming op woensdag 2 december.");

    fake.requests.length = 0;
    await askAll(anna);
    expectNothingPersonal([ANNAS_QUESTION, "Zilverberk"]);
    const own = fake.chatRequests().filter((r) => factsOf(r)?.includes(ANNAS_QUESTION));
    expect(own).toHaveLength(2); // "wat is mijn leervraag?" and "what is my learning question?"
    expect(factsOf(own[0] as RecordedRequest)).toBe(`Je leervraag: _${ANNAS_QUESTION}_`);
    expect(anna.replies.some((r) => r.text === `MODEL: Je leervraag: _${ANNAS_QUESTION}_`)).toBe(true);
    // My mentor, my team, my case: other people's names and texts, so the template.
    await anna.say("wie is mijn mentor?");
    expect(anna.lastReply?.text).toMatch(/^Je mentor is \*Henk Westerveld\*/);
    expect(JSON.stringify(anna.replies)).not.toContain("typ *toestemming*");

    // Bram did not consent: his learning question stays his.
    const bram = app.chat(BRAM);
    fake.requests.length = 0;
    await bram.say("wat is mijn leervraag?");
    // The template, with his own tip (once, his first answer about himself).
    expect(bram.lastReply?.text).toBe(`Je leervraag: _${BRAMS_QUESTION}_\n\n${TIP}`);
    await bram.say("wat is mijn leervraag?");
    expect(bram.lastReply?.text).toBe(`Je leervraag: _${BRAMS_QUESTION}_`);
    expect(fake.requests).toEqual([]);

    await anna.say("toestemming intrekken");
    expect(anna.lastReply?.text).toBe(
      "Je toestemming is ingetrokken. De bot geeft je eigen gegevens niet meer aan het taalmodel.",
    );
    fake.requests.length = 0;
    await askAll(anna);
    expectNothingPersonal();
    await anna.say("wat is mijn leervraag?");
    expect(anna.lastReply?.text).toBe(`Je leervraag: _${ANNAS_QUESTION}_`);
  });

  it("works in English: consent, the buttons, withdraw", async () => {
    const app = await start("  personalData: true");
    const hamid = app.chat("hamid-el-amrani");
    await hamid.say("consent");
    expect(hamid.lastReply?.text).toContain("Now: you have not chosen yet. That means *no*.");
    expect(buttonsOf(hamid.lastReply).map((b) => b.label)).toEqual(["Yes, that's fine", "No"]);
    await hamid.click(buttonsOf(hamid.lastReply)[0] as never);
    expect(await app.app.api(consent).allows("hamid-el-amrani")).toBe(true);
    await hamid.say("consent withdraw");
    expect(hamid.lastReply?.text).toMatch(/^Your consent is withdrawn\./);
    expect(await app.app.api(consent).allows("hamid-el-amrani")).toBe(false);
    // The help lines come from the command's spec, in each language.
    await hamid.say("help");
    expect(hamid.lastReply?.text).toMatch(/consent\W+may the bot give your own details/);
    const anna = app.chat(ANNA);
    await anna.say("help");
    expect(anna.lastReply?.text).toMatch(/toestemming\W+mag de bot je eigen gegevens/);
  });

  it("is not in the help where the programme does not allow it", async () => {
    const app = await start();
    const anna = app.chat(ANNA);
    await anna.say("help");
    expect(anna.lastReply?.text).not.toContain("toestemming");
  });

  it("is per person, survives a restart, is in the export and goes with erasure", async () => {
    const storeUrl = `sqlite://${join(sqlite.dir, "consent.sqlite")}`;
    let app = await start("  personalData: true", storeUrl, at("2026-12-02T10:00"));
    await app.chat(ANNA).say("toestemming ja");
    await app.chat(BRAM).say("toestemming nee");
    await app.close();
    t = undefined;

    app = await start("  personalData: true", storeUrl, at("2026-12-03T10:00"));
    const service = app.app.api(consent);
    expect(await service.allows(ANNA)).toBe(true);
    expect(await service.allows(BRAM)).toBe(false);
    expect(await service.allows("chantal-bakker")).toBe(false);
    const anna = app.chat(ANNA);
    await anna.say("wat is mijn leervraag?");
    expect(anna.lastReply?.text).toBe(`MODEL: Je leervraag: _${ANNAS_QUESTION}_`);
    await app.chat(BRAM).say("wat is mijn leervraag?");
    expect(JSON.stringify(fake.requests)).not.toContain(BRAMS_QUESTION);

    await anna.say("mijn gegevens");
    const shown = plainText({ blocks: anna.lastReply?.blocks ?? [] });
    expect(shown).toContain("## consent");
    expect(shown).toContain("yes");
    const exported = await app.app.personalData.export(ANNA);
    expect(exported.parts.consent).toMatchObject({ personId: ANNA, choice: "yes" });
    expect((await app.app.personalData.export(BRAM)).parts.consent).toMatchObject({ choice: "no" });

    const erased = await app.app.personalData.erase(ANNA);
    expect(erased.parts.consent).toBe(1);
    expect(await service.allows(ANNA)).toBe(false);
    expect((await app.app.personalData.export(ANNA)).parts.consent).toBeUndefined();
    expect(await service.allows(BRAM)).toBe(false);
    expect((await app.app.personalData.export(BRAM)).parts.consent).toMatchObject({ choice: "no" });
  });
});
