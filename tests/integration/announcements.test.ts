import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { programmeSections } from "../../src/app.js";
import { DEMO_PROGRAMME, parseProgramme } from "../../src/config/programme.js";
import type { ChatAdapter, SentMessage } from "../../src/core/adapter.js";
import { type Message, plainText } from "../../src/core/messages.js";
import type { Person } from "../../src/core/people.js";
import { announcements } from "../../src/features/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import {
  buttonsOf,
  type Chat,
  type Shown,
  shown,
  startTestApp,
  type TestApp,
  tempDir,
} from "../helpers/harness.js";
import { ChannelSeat } from "../helpers/privacy.js";

const MARIEKE = "marieke-hoekstra"; // the coordinator
const ANNA = "anna-de-vries";
const HENK = "henk-westerveld"; // mentor of Team De Vonk
const HAMID = "hamid-el-amrani"; // speaks English
const TEAM_VONK = ["anna-de-vries", "bram-jansen", "chantal-bakker", "daan-visser", HENK];
const TEXT = "De bijeenkomst begint om 10:00";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function start(options: Parameters<typeof startTestApp>[0] = {}) {
  const t = await startTestApp(options);
  apps.push(t);
  return t;
}

/** The demo programme with more at its end (a second coordinator, the `announcements:` section). */
async function programmeWith(extra: string) {
  const demo = await readFile(DEMO_PROGRAMME, "utf8");
  return parseProgramme(`${demo}\n${extra}\n`, "p.yaml", programmeSections());
}

/** What a message shows (its blocks), rather than its notification line. */
const seen = (message: Message | undefined) => plainText({ blocks: message?.blocks ?? [] });
const button = (message: Message | undefined, label: string) => {
  const found = buttonsOf(message).find((b) => b.label === label);
  if (!found) throw new Error(`no button '${label}' in: ${seen(message)}`);
  return found;
};
/** Everyone who got an announcement, each as often as they got it. */
const announced = (t: TestApp) =>
  t.adapter.sent
    .filter((s) => s.message.kind === "announcement")
    .map((s) => s.conversation.replace(/^test:/, ""))
    .sort();
/** The message the preview became after its last button. */
const lastUpdate = (chat: Chat) => chat.updates.at(-1);

describe("announcements", () => {
  it("typed 'aankondiging: …': a preview with the exact count; one team chosen, 'Versturen' reaches exactly that team, once", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    const preview = marieke.lastReply;
    // Phones first: the announcement itself, who it is from, then who gets it.
    expect(seen(preview).split("\n\n").slice(0, 4)).toEqual([
      TEXT,
      "Van Marieke Hoekstra, coördinator",
      "Voor wie: Iedereen",
      "Gaat naar 15 mensen (12 deelnemers, 3 mentoren).\nEr is nog niets verstuurd.",
    ]);
    expect(buttonsOf(preview).map((b) => b.label)).toEqual([
      "Versturen",
      "Aanpassen",
      "Annuleren",
      "Deelnemers",
      "Mentoren",
      "Team De Vonk",
      "Team Zonnedorp",
      "Team Zorg in het dorp",
    ]);
    expect(announced(t)).toEqual([]);

    await marieke.click(button(preview, "Team De Vonk"));
    const team = lastUpdate(marieke);
    expect(seen(team)).toContain("Voor wie: Team De Vonk\n\nGaat naar 5 mensen (4 deelnemers, 1 mentor).");
    expect(announced(t)).toEqual([]);

    await marieke.click(button(team, "Versturen"));
    expect(announced(t)).toEqual([...TEAM_VONK].sort());
    const toAnna = t.adapter.to(ANNA).at(-1) as Shown;
    // The notification starts with the announcement's own first line; who it is from comes after.
    expect(toAnna.text.startsWith(TEXT)).toBe(true);
    expect(seen(toAnna)).toBe(`${TEXT}\n\nVan Marieke Hoekstra, coördinator`);
    expect(buttonsOf(toAnna)).toEqual([]);
    // The preview's buttons make way for the result; the announcement stays readable.
    const result = lastUpdate(marieke);
    expect(seen(result)).toBe(`${TEXT}\n\nVan Marieke Hoekstra, coördinator\n\nVerstuurd naar 5 mensen.`);
    expect(buttonsOf(result)).toEqual([]);
    // Not a question about the content: nothing answered from content/, nothing logged.
    expect(JSON.stringify(marieke.replies)).not.toMatch(/masterclass|\[principe-|bronnen/i);
    expect(await t.app.store.questions.all()).toEqual([]);
  });

  it("to everyone: each participant and mentor gets it once, in their own language", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say("aankondiging: Neem je laptop mee.\nWe werken in groepjes.");
    await marieke.click(button(marieke.lastReply, "Versturen"));
    const everyone = [...t.programme.participants, ...t.programme.mentors].map((p) => p.id).sort();
    expect(announced(t)).toEqual(everyone);
    // The line break of the typed message is kept.
    expect(seen(t.adapter.to(ANNA).at(-1))).toMatch(/^Neem je laptop mee\.\nWe werken in groepjes\./);
    expect(seen(t.adapter.to(HAMID).at(-1))).toMatch(/From Marieke Hoekstra, coordinator$/);
    expect(seen(lastUpdate(marieke))).toMatch(/Verstuurd naar 15 mensen\.$/);
  });

  it("a participant typing it is refused politely: nothing is sent, and it is not answered as a question", async () => {
    const t = await start();
    const anna = t.chat(ANNA);
    await anna.say(`aankondiging: ${TEXT}`);
    expect(anna.replies).toHaveLength(1);
    expect(anna.lastReply?.text).toBe(
      "“aankondiging:” is alleen voor een coördinator. Typ *help* voor wat jij kunt doen.",
    );
    await anna.say("aankondiging");
    expect(anna.lastReply?.text).toMatch(/is alleen voor een coördinator/);
    expect(announced(t)).toEqual([]);
    expect(await t.app.store.questions.all()).toEqual([]);

    // Nor can she (or a mentor) press the coordinator's buttons.
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    const preview = marieke.lastReply;
    await anna.click(button(preview, "Versturen"));
    await t.chat(HENK).click(button(preview, "Team De Vonk"));
    expect(anna.lastReply?.text).toMatch(/Dit kan alleen een coördinator doen/);
    expect(announced(t)).toEqual([]);
    expect(marieke.updates).toEqual([]);
  });

  it("'Versturen' pressed twice, or twice at once, sends each person the announcement once", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    const confirm = button(marieke.lastReply, "Versturen");
    await marieke.click(confirm);
    await marieke.click(confirm);
    expect(announced(t)).toHaveLength(15);
    expect(new Set(announced(t)).size).toBe(15);
    // The second click says the same as the first.
    expect(marieke.updates.map((u) => seen(u).split("\n\n").at(-1))).toEqual([
      "Verstuurd naar 15 mensen.",
      "Verstuurd naar 15 mensen.",
    ]);

    await marieke.say("aankondiging: Tweede bericht");
    const again = button(marieke.lastReply, "Versturen");
    await Promise.all([marieke.click(again), marieke.click(again), marieke.click(again)]);
    const second = t.adapter.sent.filter((s) => seen(s.message).startsWith("Tweede bericht"));
    expect(second).toHaveLength(15);
    expect(new Set(second.map((s) => s.conversation)).size).toBe(15);
    // One audit entry per announcement, however often it was confirmed.
    expect((await t.app.audit.entries()).map((e) => e.action)).toEqual([
      "announcement.send",
      "announcement.send",
    ]);
  });

  it("who cannot be reached is counted apart and named, and does not count as reached", async () => {
    const t = await start();
    t.adapter.unreachable.add("frank-mulder").add("gerda-smit");
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    expect(seen(marieke.lastReply)).toContain(
      "Gaat naar 13 mensen (10 deelnemers, 3 mentoren).\n2 mensen kan ik niet bereiken: Frank Mulder en Gerda Smit hebben de app nog niet geopend.",
    );
    await marieke.click(button(marieke.lastReply, "Versturen"));
    expect(announced(t)).toHaveLength(13);
    expect(announced(t)).not.toContain("frank-mulder");
    expect(seen(lastUpdate(marieke)).split("\n\n").at(-1)).toBe(
      "Verstuurd naar 13 mensen.\n2 mensen kon ik niet bereiken.",
    );

    // A group nobody can be reached in has no "Versturen".
    for (const id of ["ingrid-kok", "joost-van-dijk", HENK]) t.adapter.unreachable.add(id);
    await marieke.say(`aankondiging: ${TEXT}`);
    await marieke.click(button(marieke.lastReply, "Mentoren"));
    const nobody = lastUpdate(marieke);
    expect(seen(nobody)).toContain("Ik kan niemand van deze groep bereiken, dus versturen kan nu niet.");
    expect(seen(nobody)).toContain(
      "3 mensen kan ik niet bereiken: Henk Westerveld, Ingrid Kok en Joost van Dijk hebben de app nog niet geopend.",
    );
    expect(buttonsOf(nobody).map((b) => b.label)).not.toContain("Versturen");
  });

  it("through the form: the message and who it is for; mistakes are shown next to the fields", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say("aankondiging");
    const form = marieke.lastForm;
    expect(form?.fields.map((f) => [f.id, f.label])).toEqual([
      ["text", "Bericht"],
      ["audience", "Voor wie"],
    ]);
    const choice = form?.fields[1];
    expect(choice?.kind === "choice" && choice.options.map((o) => o.label)).toEqual([
      "Iedereen",
      "Deelnemers",
      "Mentoren",
      "Team De Vonk",
      "Team Zonnedorp",
      "Team Zorg in het dorp",
    ]);
    if (!form) throw new Error("no form");

    expect(await marieke.submit(form, { text: "   ", audience: "everyone" })).toEqual({
      errors: { text: "Je bericht is leeg. Schrijf wat je wilt laten weten." },
    });
    const long = await marieke.submit(form, { text: "x".repeat(5000), audience: "everyone" });
    expect(long.errors?.text).toMatch(/^Je bericht is 5000 tekens lang\. Dat is te lang: .*3000 tekens/);
    expect(await marieke.submit(form, { text: TEXT, audience: "team:nergens" })).toEqual({
      errors: { audience: "Kies voor wie het bericht is." },
    });
    expect(await marieke.submit(form, { audience: "channel" } as never)).toMatchObject({
      errors: { text: expect.any(String), audience: expect.any(String) },
    });
    expect(marieke.replies).toEqual([]);

    expect(await marieke.submit(form, { text: "Mentorenoverleg om 16:00.", audience: "mentors" })).toEqual(
      {},
    );
    expect(seen(marieke.lastReply)).toContain("Voor wie: Mentoren\n\nGaat naar 3 mentoren.");
    await marieke.click(button(marieke.lastReply, "Versturen"));
    expect(announced(t)).toEqual(["henk-westerveld", "ingrid-kok", "joost-van-dijk"]);
  });

  it("'Aanpassen' opens the form with the text; the new preview replaces the old one, whose buttons no longer send", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say("aankondiging: De bijeenkomst begint om 1000");
    const old = marieke.lastReply;
    await marieke.click(button(old, "Aanpassen"));
    const form = marieke.lastForm;
    expect(form?.fields[0]?.initial).toBe("De bijeenkomst begint om 1000");
    await marieke.submit(form as never, { text: TEXT, audience: "team:team-vonk" });
    expect(seen(marieke.lastReply)).toContain("Voor wie: Team De Vonk");
    await marieke.click(button(old, "Versturen"));
    expect(marieke.lastReply?.text).toMatch(/hoort bij een bericht dat niet meer geldt/);
    expect(announced(t)).toEqual([]);
    await marieke.click(button(marieke.replies.at(-2), "Versturen"));
    expect(announced(t)).toEqual([...TEAM_VONK].sort());
  });

  it("typed with nothing after the colon it opens the form; an over-long text gets a polite message and keeps nothing", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say("aankondiging:");
    expect(marieke.lastForm?.formId).toBe("announcement.write");
    await marieke.say(`aankondiging: ${"Lang verhaal. ".repeat(400)}`);
    expect(marieke.lastReply?.text).toMatch(/^Je bericht is 5599 tekens lang\. Dat is te lang/);
    expect(buttonsOf(marieke.lastReply)).toEqual([]);
    expect(await t.app.api(announcements).byAuthor(MARIEKE)).toEqual([]);
    expect(announced(t)).toEqual([]);
  });

  it("'Annuleren' replaces the preview with 'Niet verstuurd.' and nothing goes out", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    const preview = marieke.lastReply;
    await marieke.click(button(preview, "Annuleren"));
    expect(seen(lastUpdate(marieke)).split("\n\n").at(-1)).toBe("Niet verstuurd.");
    expect(buttonsOf(lastUpdate(marieke))).toEqual([]);
    await marieke.click(button(preview, "Versturen"));
    expect(announced(t)).toEqual([]);
    expect(await t.app.audit.entries()).toEqual([]);
  });

  it("records who sent it, when, to whom and how many in the audit log, never the text", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    await marieke.click(button(marieke.lastReply, "Team De Vonk"));
    await marieke.click(button(lastUpdate(marieke), "Versturen"));
    const entries = await t.app.audit.entries();
    expect(entries).toEqual([
      {
        at: t.clock.now().toISOString(),
        actorId: MARIEKE,
        action: "announcement.send",
        count: 5,
        detail: "team:team-vonk",
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain("10:00");
  });

  it("exports and erases the author's announcements, and a reader's record of one", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    await marieke.click(button(marieke.lastReply, "Versturen"));
    await marieke.say("aankondiging: Nog niet versturen");

    const hers = (await t.app.personalData.export(MARIEKE)).parts.announcements as {
      written: { text: string; status: string; audience: string }[];
    };
    expect(hers.written.map((a) => [a.text, a.status, a.audience])).toEqual([
      [TEXT, "sent", "everyone"],
      ["Nog niet versturen", "draft", "everyone"],
    ]);
    const annas = (await t.app.personalData.export(ANNA)).parts.announcements as {
      deliveries: { personId: string; status: string; kind: string }[];
    };
    expect(annas.deliveries.map((d) => [d.personId, d.status, d.kind])).toEqual([
      [ANNA, "sent", "announcement"],
    ]);

    const erased = await t.app.personalData.erase(MARIEKE);
    expect(erased.parts.announcements).toBe(2);
    expect((await t.app.personalData.export(MARIEKE)).parts.announcements).toBeUndefined();
    expect(JSON.stringify(await t.app.personalData.export(ANNA))).not.toContain(TEXT);
    expect((await t.app.personalData.erase(ANNA)).parts.announcements).toBe(1);
    expect((await t.app.personalData.export(ANNA)).parts.announcements).toBeUndefined();
  });

  it("what the platform did not take is sent by the scheduler's next pass, to nobody twice", async () => {
    const t = await start();
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    t.adapter.failOnSend = 3; // the third send and every one after it fails
    await marieke.click(button(marieke.lastReply, "Versturen"));
    expect(announced(t)).toHaveLength(2);
    expect(seen(lastUpdate(marieke)).split("\n\n").at(-1)).toBe(
      "Verstuurd naar 2 mensen.\nBij 13 lukte het nog niet. Ik probeer het straks opnieuw.",
    );
    t.adapter.failOnSend = undefined;
    const scheduler = new Scheduler(t.app);
    await scheduler.tick();
    await scheduler.tick();
    expect(announced(t)).toHaveLength(15);
    expect(new Set(announced(t)).size).toBe(15);
    const [announcement] = await t.app.api(announcements).byAuthor(MARIEKE);
    expect(announcement?.status).toBe("sent");
  });

  it("after a restart, 'Versturen' again sends the rest and nobody anything twice", async () => {
    const dir = tempDir();
    try {
      const storeUrl = `sqlite://${join(dir.dir, "kampvuur.sqlite")}`;
      const first = await start({ storeUrl });
      const marieke = first.chat(MARIEKE);
      await marieke.say(`aankondiging: ${TEXT}`);
      const confirm = button(marieke.lastReply, "Versturen");
      first.adapter.failOnSend = 6; // the connection goes after five messages
      await marieke.click(confirm);
      const before = announced(first);
      expect(before).toHaveLength(5);
      await first.close();

      const second = await start({ storeUrl });
      await second.chat(MARIEKE).click(confirm);
      const after = announced(second);
      expect(after).toHaveLength(10);
      expect([...before, ...after].sort()).toEqual(
        [...second.programme.participants, ...second.programme.mentors].map((p) => p.id).sort(),
      );
      expect(await second.app.audit.entries()).toHaveLength(1);
    } finally {
      dir.cleanup();
    }
  });

  it("typed in a channel: the channel only hears it went by DM; the preview is in the coordinator's DM", async () => {
    const t = await start();
    const seat = new ChannelSeat(t, MARIEKE);
    await seat.say(`aankondiging: ${TEXT}`);
    expect(seat.replies.map((r) => r.text)).toEqual(["Ik heb je dat in een privébericht gestuurd."]);
    expect(seat.seen).not.toContain(TEXT);
    const preview = t.adapter.to(MARIEKE).at(-1);
    expect(seen(preview)).toContain("Gaat naar 15 mensen");
  });

  it("the coordinator's home view has the button that starts one; nobody else's has", async () => {
    const t = await start();
    const marieke = t.app.bot.directory.get(MARIEKE) as Person;
    const home = await t.app.home(marieke);
    const start_ = buttonsOf(home).find((b) => b.label === "Nieuwe aankondiging");
    expect(start_).toBeDefined();
    const chat = t.chat(MARIEKE);
    await chat.click(start_ as never);
    expect(chat.lastForm?.title).toBe("Aankondiging");
    const anna = await t.app.home(t.app.bot.directory.get(ANNA) as Person);
    expect(JSON.stringify(anna)).not.toContain("aankondiging");

    await chat.submit(chat.lastForm as never, { text: TEXT, audience: "team:team-vonk" });
    await chat.click(button(chat.lastReply, "Versturen"));
    expect(seen(await t.app.home(marieke))).toContain(
      "Je laatste aankondiging: dinsdag 24 november, voor Team De Vonk.",
    );
  });
});

/** A chat platform of its own for channel posts: records them, and says whether it was added to a channel. */
class ChannelPlatform implements ChatAdapter {
  readonly posts: { conversation: string; message: Shown }[] = [];
  constructor(
    readonly platform: string,
    private readonly added = true,
  ) {}
  async directAddress(): Promise<string | undefined> {
    return undefined;
  }
  async send(conversation: string, message: Message): Promise<SentMessage> {
    this.posts.push({ conversation, message: shown(message) });
    return { conversation, messageId: String(this.posts.length) };
  }
  async canStart(): Promise<boolean> {
    return this.added;
  }
}

describe("announcements to the programme's channel", () => {
  const SECTION = `announcements:\n  channels:\n    slack: C0LEERGANG\n    teams: "19:leergang@thread.tacv2"`;

  it("posts once to the channel; a second coordinator cannot send the first one's announcement", async () => {
    const programme = await programmeWith(SECTION.replace(/\n {4}teams:.*/, ""));
    const t = await start({ programme });
    const slack = new ChannelPlatform("slack");
    t.app.bot.addAdapter(slack);
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    expect(buttonsOf(marieke.lastReply).map((b) => b.label)).toContain("Het kanaal van het programma");
    await marieke.click(button(marieke.lastReply, "Het kanaal van het programma"));
    const preview = lastUpdate(marieke);
    expect(seen(preview)).toContain(
      "Voor wie: Het kanaal van het programma\n\nGaat naar het kanaal van het programma in Slack.",
    );
    await marieke.click(button(preview, "Versturen"));
    await marieke.click(button(preview, "Versturen"));
    expect(slack.posts.map((p) => p.conversation)).toEqual(["slack:-:C0LEERGANG"]);
    expect(seen(slack.posts[0]?.message)).toBe(`${TEXT}\n\nVan Marieke Hoekstra, coördinator`);
    expect(announced(t)).toEqual([]);
    expect(seen(lastUpdate(marieke)).split("\n\n").at(-1)).toBe(
      "Geplaatst in het kanaal van het programma in Slack.",
    );
    expect((await t.app.audit.entries()).map((e) => [e.detail, e.count])).toEqual([["channel", 1]]);
  });

  it("a Teams channel the app was not added to: the preview says so, has no 'Versturen', and offers the DMs", async () => {
    const programme = await programmeWith(SECTION.replace(/\n {4}slack:.*/, ""));
    const t = await start({ programme });
    const teams = new ChannelPlatform("teams", false);
    t.app.bot.addAdapter(teams);
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    await marieke.click(button(marieke.lastReply, "Het kanaal van het programma"));
    const preview = lastUpdate(marieke);
    expect(seen(preview)).toContain(
      "Het kanaal in Teams kan ik nog niet bereiken: kampvuur is daar nog niet toegevoegd. Voeg de app toe aan het kanaal, of stuur je bericht als privébericht: kies *Iedereen*.",
    );
    expect(buttonsOf(preview).map((b) => b.label)).not.toContain("Versturen");
    expect(button(preview, "Iedereen").style).toBe("primary");
    await marieke.click(button(preview, "Iedereen"));
    await marieke.click(button(lastUpdate(marieke), "Versturen"));
    expect(teams.posts).toEqual([]);
    expect(announced(t)).toHaveLength(15);
  });

  it("with a second coordinator: 'everyone' includes her, and she cannot send or change Marieke's", async () => {
    const programme = await programmeWith(
      "  - id: piet-de-groot\n    name: Piet de Groot\n    identities: { email: piet@leergang.example }",
    );
    const t = await start({ programme });
    const marieke = t.chat(MARIEKE);
    await marieke.say(`aankondiging: ${TEXT}`);
    expect(seen(marieke.lastReply)).toContain(
      "Gaat naar 16 mensen (12 deelnemers, 3 mentoren, 1 coördinator).",
    );
    const piet = t.chat("piet-de-groot");
    await piet.click(button(marieke.lastReply, "Versturen"));
    expect(piet.lastReply?.text).toBe(
      "Dit hoort niet bij jou, dus ik doe er niets mee. Er is niets veranderd.",
    );
    await piet.click(button(marieke.lastReply, "Annuleren"));
    expect(announced(t)).toEqual([]);
    await marieke.click(button(marieke.lastReply, "Versturen"));
    expect(announced(t)).toContain("piet-de-groot");
    expect(announced(t)).not.toContain(MARIEKE);
  });
});
