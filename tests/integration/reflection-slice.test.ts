import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buttonsOf, type Chat, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

const COORDINATOR = "marieke-hoekstra";
const ANNA = "anna-de-vries";

/** The coordinator previews this week's prompt and confirms the send. */
async function sendReflectionToAll(coordinator: Chat) {
  await coordinator.say("stuur reflectie");
  const preview = coordinator.lastReply;
  const confirm = buttonsOf(preview).find((b) => b.label === "Versturen");
  if (!confirm) throw new Error(`no confirm button in ${preview?.text}`);
  await coordinator.click(confirm);
  return { preview, confirm };
}

describe("the reflection slice through the core, on a SQLite file", () => {
  let tmp: ReturnType<typeof tempDir>;
  let t: TestApp;
  let storeUrl: string;

  beforeEach(async () => {
    tmp = tempDir();
    storeUrl = `sqlite://${join(tmp.dir, "kampvuur.sqlite")}`;
    t = await startTestApp({ storeUrl });
  });
  afterEach(async () => {
    await t.close();
    tmp.cleanup();
  });

  it("previews before sending, then sends every participant their own prompt exactly once", async () => {
    const coordinator = t.chat(COORDINATOR);
    const { preview } = await sendReflectionToAll(coordinator);
    expect(preview?.text).toContain("12 deelnemers");
    expect(t.adapter.sent).toHaveLength(12);
    expect(coordinator.updates.at(-1)?.text).toBe("Verstuurd naar 12 deelnemers.");

    const toAnna = t.adapter.to(ANNA);
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]?.text).toContain("Hoi Anna");
    expect(buttonsOf(toAnna[0]).map((b) => b.label)).toEqual(["Beantwoorden", "Later", "Overslaan"]);

    // Hamid chose English in the programme file.
    expect(t.adapter.to("hamid-el-amrani")[0]?.text).toContain(
      "Hi Hamid, here is this week's reflection prompt",
    );

    // Asking again the same day: the preview counts who would get it now (nobody), and has no
    // button to send; the earlier "Versturen" pressed again sends nothing new.
    await coordinator.say("stuur reflectie");
    expect(coordinator.lastReply?.text).toContain(
      "Deze reflectievraag gaat nu naar niemand. 12 hebben hem al. Er gaat niets uit.",
    );
    expect(buttonsOf(coordinator.lastReply)).toEqual([]);
    const { confirm } = { confirm: buttonsOf(preview).find((b) => b.label === "Versturen") };
    await coordinator.click(confirm!);
    expect(t.adapter.sent).toHaveLength(12);
    expect(coordinator.updates.at(-1)?.text).toContain("12 hadden deze vraag al");
  });

  it("lets a participant answer through the form, edit with history, and list their answers after a restart", async () => {
    await sendReflectionToAll(t.chat(COORDINATOR));
    const anna = t.chat(ANNA);
    const prompt = t.adapter.to(ANNA)[0];
    await anna.click(buttonsOf(prompt)[0] as never);
    const form = anna.lastForm;
    expect(form?.fields.map((f) => f.id)).toEqual(["answer", "visibility"]);
    expect(form?.fields[1]).toMatchObject({ initial: "private" });

    await anna.submit(form as never, {
      answer: "Ik heb vooral geluisterd naar de bewoners.",
      visibility: "private",
    });
    expect(anna.lastReply?.text).toContain("opgeslagen (alleen ik)");

    await anna.say("wijzig 1");
    const editForm = anna.lastForm;
    expect(editForm?.fields[0]).toMatchObject({ initial: "Ik heb vooral geluisterd naar de bewoners." });
    await anna.submit(editForm as never, {
      answer: "Ik liet de huurvraag bij de bewoners.",
      visibility: "mentor",
    });
    expect(anna.lastReply?.text).toContain("bijgewerkt");

    // Restart: a new process on the same SQLite file.
    await t.close();
    t = await startTestApp({ storeUrl });
    const again = t.chat(ANNA);
    await again.say("mijn antwoorden");
    const list = again.lastReply?.text ?? "";
    expect(list).toContain("Ik liet de huurvraag bij de bewoners.");
    expect(list).toContain("Ik en mijn mentor");
    expect(list).toContain("1× gewijzigd");
    expect(list).not.toContain("Ik heb vooral geluisterd");

    const book = await t.app.store.answers.get(ANNA);
    expect(book?.answers[0]?.history.map((h) => h.text)).toEqual([
      "Ik heb vooral geluisterd naar de bewoners.",
    ]);
  });

  it("takes a plain reply in the DM as the answer to the open prompt", async () => {
    await sendReflectionToAll(t.chat(COORDINATOR));
    const anna = t.chat(ANNA);
    await anna.say("De trekkers maakten zelf de agenda, ik schoof alleen aan.");
    expect(anna.lastReply?.text).toContain("opgeslagen");
    const answers = (await t.app.store.answers.get(ANNA))?.answers ?? [];
    expect(answers.map((a) => [a.text, a.visibility])).toEqual([
      ["De trekkers maakten zelf de agenda, ik schoof alleen aan.", "private"],
    ]);
  });

  it("refuses an empty or huge answer politely and keeps the stored one", async () => {
    await sendReflectionToAll(t.chat(COORDINATOR));
    const anna = t.chat(ANNA);
    await anna.say("antwoord");
    const form = anna.lastForm as never;
    await anna.submit(form, { answer: "Eerste versie.", visibility: "private" });

    const empty = await anna.submit(form, { answer: "   ", visibility: "private" });
    expect(empty.errors?.answer).toContain("nog leeg");
    const huge = await anna.submit(form, { answer: "x".repeat(5000), visibility: "private" });
    expect(huge.errors?.answer).toBe(
      "Je antwoord is 5000 tekens lang; het mag er 3000 zijn. Kort het wat in, of zet het vervolg in een tweede antwoord.",
    );
    const badVisibility = await anna.submit(form, { answer: "Nieuw", visibility: "everyone" });
    expect(badVisibility.errors?.visibility).toBeTruthy();

    const answers = (await t.app.store.answers.get(ANNA))?.answers ?? [];
    expect(answers.map((a) => a.text)).toEqual(["Eerste versie."]);
  });

  it("keeps each person's answers to themselves", async () => {
    await sendReflectionToAll(t.chat(COORDINATOR));
    await t.chat(ANNA).say("Alleen voor mij bedoeld.");
    const bram = t.chat("bram-jansen");
    await bram.say("antwoorden");
    expect(bram.lastReply?.text).toBe("Je hebt nog geen antwoorden gegeven.");
    const mentor = t.chat("henk-westerveld");
    await mentor.say("antwoorden");
    // A mentor has no answers of their own: pointed to what the team shared, never to Anna's private one.
    expect(mentor.lastReply?.text).toContain("*gedeeld*");
    expect(mentor.lastReply?.text).not.toContain("Alleen voor mij bedoeld.");
  });
});

describe("people and commands", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.close());

  it("explains kindly to someone who is not in the programme", async () => {
    const stranger = t.chat("U999STRANGER", "slack");
    await stranger.say("hallo?");
    expect(stranger.lastReply?.text).toContain("Ik kan je nog niet vinden in het programma");
  });

  it("recognises people by their platform identity", async () => {
    const anna = t.chat("U0KV0ANNA", "slack");
    await anna.say("wie ben ik");
    expect(anna.lastReply?.text).toBe(
      "Je bent *Anna de Vries* (Gemeente Zutphen), deelnemer in Team De Vonk.",
    );
  });

  it("only lets a coordinator send to everyone", async () => {
    const anna = t.chat(ANNA);
    await anna.say("stuur reflectie");
    expect(anna.lastReply?.text).toBe(
      "“stuur reflectie” is alleen voor een coördinator. Typ *help* voor wat jij kunt doen.",
    );
    expect(t.adapter.sent).toHaveLength(0);
  });

  it("answers an unknown command in the person's language", async () => {
    const anna = t.chat(ANNA);
    await anna.say("dansen");
    expect(anna.lastReply?.text).toContain("Ik weet niet wat je bedoelt met “dansen”");
    await anna.say("language en");
    await anna.say("dance");
    expect(anna.lastReply?.text).toContain("I don't know what you mean by “dance”");
  });

  it("shows each role only the commands it may use, in its language", async () => {
    const coordinator = t.chat(COORDINATOR);
    await coordinator.say("help");
    expect(coordinator.lastReply?.text).toContain("stuur reflectie");
    expect(coordinator.lastReply?.text).not.toContain("antwoorden");
    const hamid = t.chat("hamid-el-amrani");
    await hamid.say("help");
    expect(hamid.lastReply?.text).toContain("my answers".split(" ")[1] as string);
    expect(hamid.lastReply?.text).toContain("You take part as a participant");
  });

  it("tells the user, not a stack trace, when something breaks underneath", async () => {
    await t.app.store.keyv.set("answers:anna-de-vries", { broken: true });
    const anna = t.chat(ANNA);
    await anna.say("antwoorden");
    expect(anna.lastReply?.text).toContain("er ging iets mis aan mijn kant");
    expect(anna.lastReply?.text).not.toMatch(/at .*\.ts/);
  });

  it("never takes a slash command for an answer (it is a question); an empty one shows the help", async () => {
    await sendReflectionToAll(t.chat(COORDINATOR));
    const anna = t.chat(ANNA);
    await anna.command("ik denk dat de bewoners dit zelf kunnen");
    expect(anna.lastReply?.kind).toBe("answer");
    expect(await t.app.store.answers.get(ANNA)).toBeUndefined();
    await anna.command("");
    expect(anna.lastReply?.text).toContain("Dit kun je tegen me zeggen:");
  });

  it("reports people it cannot reach instead of failing the send", async () => {
    t.adapter.unreachable.add("bram-jansen");
    const coordinator = t.chat(COORDINATOR);
    await sendReflectionToAll(coordinator);
    const done = coordinator.updates.at(-1)?.text ?? "";
    expect(done).toMatch(/^Verstuurd naar 11 deelnemers\. 1 konden niet bereikt worden\.\nBram Jansen\n/);
    expect(done).toMatch(/Wat te doen: in Teams moeten ze de app kampvuur eerst toevoegen/);
  });

  it("when the platform fails half-way, a second send reaches the rest and nobody twice", async () => {
    const coordinator = t.chat(COORDINATOR);
    t.adapter.failOnSend = 6;
    await sendReflectionToAll(coordinator);
    expect(coordinator.updates.at(-1)?.text).toBe(
      "Verstuurd naar 5 deelnemers. 7 lukte nog niet; ik probeer het later opnieuw.",
    );
    expect(t.adapter.sent).toHaveLength(5);
    t.adapter.failOnSend = undefined;
    await sendReflectionToAll(coordinator);
    expect(t.adapter.sent).toHaveLength(12);
    expect(new Set(t.adapter.sent.map((s) => s.conversation)).size).toBe(12);
    expect(coordinator.updates.at(-1)?.text).toBe("Verstuurd naar 7 deelnemers. 5 hadden deze vraag al.");
  });
});
