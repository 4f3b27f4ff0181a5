import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { programmeSections } from "../../src/app.js";
import { DEMO_PROGRAMME, parseProgramme } from "../../src/config/programme.js";
import { type Message, plainText } from "../../src/core/messages.js";
import { sessionReminders } from "../../src/features/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { buttonsOf, type RecordingAdapter, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { cli } from "../helpers/cli.js";

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const ANNA = "anna-de-vries";
const BRAM = "bram-jansen";
const HENK = "henk-westerveld"; // mentor of Team De Vonk
const MARIEKE = "marieke-hoekstra"; // coordinator
/** The demo's participants and mentors: everyone who hears of the session days. */
const EVERYONE = 12 + 3;

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

async function start(options: Parameters<typeof startTestApp>[0] = {}) {
  const t = await startTestApp({ now: at("2026-11-24T08:00"), ...options });
  apps.push(t);
  return t;
}
const sqliteUrl = () => {
  const d = tempDir();
  dirs.push(d);
  return `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
};
/** What a message shows (its blocks), rather than its notification line. */
const shown = (message: Message | undefined) => plainText({ blocks: message?.blocks ?? [] });
const reminders = (adapter: RecordingAdapter, kind = "session.reminder") =>
  adapter.sent.filter((s) => s.message.kind === kind);

describe("session-day reminders", () => {
  it("reach every participant and mentor 7 days and 1 day before each demo session day, once each", async () => {
    const t = await start({ now: at("2026-11-24T08:00") });
    const scheduler = new Scheduler(t.app);
    const demo = t.programme.sessions.slice(1); // the first day (12 November) is before "now"
    for (const session of demo)
      for (const days of [7, 1]) {
        const moment = DateTime.fromISO(`${session.date}T09:00`, { zone: "Europe/Amsterdam" }).minus({
          days,
        });
        const before = reminders(t.adapter).length;
        t.clock.set(moment.minus({ minutes: 1 }).toJSDate());
        await scheduler.tick();
        expect(reminders(t.adapter).length, `nothing before ${moment.toISO()}`).toBe(before);
        t.clock.set(moment.toJSDate());
        await scheduler.tick();
        t.clock.set(moment.plus({ minutes: 1 }).toJSDate());
        await scheduler.tick();
        const sent = reminders(t.adapter).slice(before);
        expect(sent, `${session.date}, ${days} days before`).toHaveLength(EVERYONE);
        expect(new Set(sent.map((s) => s.conversation)).size).toBe(EVERYONE);
        const when = days === 7 ? /^(Over 7 dagen|In 7 days): / : /^(Morgen|Tomorrow): /;
        for (const s of sent) expect(s.message.text).toMatch(when);
      }
    expect(reminders(t.adapter)).toHaveLength(demo.length * 2 * EVERYONE);
  });

  it("says when, where and what to prepare, with a Gedaan button per task and 'Ik kan niet'", async () => {
    const t = await start({ now: at("2026-12-03T09:00") });
    await new Scheduler(t.app).tick();
    const toAnna = t.adapter.to(ANNA).find((m) => m.kind === "session.reminder");
    // The notification starts with when and where.
    expect(toAnna?.text).toMatch(
      /^Over 7 dagen: bijeenkomst 2 van 4\. donderdag 10 december, 09:30–16:30, Buurtkamer De Vonk, Zutphen\./,
    );
    const text = shown(toAnna);
    expect(text).toContain("Thema: Jouw eigen leervraag centraal");
    expect(text).toContain("☐ Neem een voorbeeld mee van een moment waarop je leervraag speelde.");
    expect(text).toContain("Van je team komen ook: Bram, Chantal en Daan.");
    expect(buttonsOf(toAnna).map((b) => b.label)).toEqual(["Gedaan", "Gedaan", "Ik kan niet"]);
    // In English for someone who chose English.
    const hamid = t.adapter.to("hamid-el-amrani").find((m) => m.kind === "session.reminder");
    expect(hamid?.text).toMatch(/^In 7 days: session 2 of 4\. Thursday 10 December, 09:30–16:30/);
  });

  it("ticks off a task in place, and a teammate's 'Ik kan niet' shows in the team, for the mentor and the coordinator", async () => {
    const t = await start({ now: at("2026-12-03T09:00") });
    await new Scheduler(t.app).tick();
    const anna = t.chat(ANNA);
    const reminder = t.adapter.to(ANNA).find((m) => m.kind === "session.reminder");
    const [firstTask] = buttonsOf(reminder);
    await anna.click(firstTask!);
    const updated = anna.updates.at(-1);
    expect(shown(updated)).toContain("✅ Neem een voorbeeld mee");
    expect(buttonsOf(updated).map((b) => b.label)).toEqual(["Gedaan", "Ik kan niet"]);
    expect((await t.app.api(sessionReminders).stateOf(ANNA))?.done).toEqual(["2026-12-10#0"]);

    const bram = t.chat(BRAM);
    const cant = buttonsOf(t.adapter.to(BRAM).find((m) => m.kind === "session.reminder")).at(-1);
    expect(cant?.label).toBe("Ik kan niet");
    await bram.click(cant!);
    expect(shown(bram.updates.at(-1))).toContain("Je hebt laten weten dat je er niet bij bent.");
    expect(buttonsOf(bram.updates.at(-1)).at(-1)?.label).toBe("Ik kan toch");

    await anna.say("bijeenkomst");
    expect(shown(anna.lastReply)).toContain("Van je team komen ook: Chantal en Daan.");
    const henk = t.chat(HENK);
    await henk.say("bijeenkomst");
    expect(shown(henk.lastReply)).toContain("Team De Vonk: 3 van 4 komen (niet: Bram).");
    const marieke = t.chat(MARIEKE);
    await marieke.say("bijeenkomst");
    expect(shown(marieke.lastReply)).toContain("Kunnen niet: Bram Jansen.");
    expect(shown(marieke.lastReply)).toContain("Voorbereiding: 1 van 24 taken gedaan");
  });

  it("takes a typed 'ik kan niet' as the command, also while a reflection prompt waits for its answer", async () => {
    const t = await start({ now: at("2026-12-01T09:00") });
    await new Scheduler(t.app).tick(); // Tuesday: the weekly prompt
    const anna = t.chat(ANNA);
    await anna.say("ik kan niet");
    expect(shown(anna.lastReply)).toMatch(
      /^Jammer! Ik heb doorgegeven dat je er op donderdag 10 december, 09:30–16:30 niet bij bent\./,
    );
    expect(await t.app.api(sessionReminders).stateOf(ANNA)).toMatchObject({
      cantCome: [{ date: "2026-12-10" }],
    });
    expect((await t.app.store.answers.get(ANNA))?.answers ?? []).toEqual([]);
    // A sentence that starts the same way stays the reflection answer it is.
    await anna.say("ik kan niet goed tegen stilte in een gesprek, merkte ik deze week");
    expect((await t.app.store.answers.get(ANNA))?.answers).toHaveLength(1);
    await anna.say("ik kan toch");
    expect((await t.app.api(sessionReminders).stateOf(ANNA))?.cantCome).toEqual([]);
  });

  it("sends none to someone who turned reminders off, and still does to someone who unsubscribed from reflections", async () => {
    const t = await start({ now: at("2026-12-02T12:00") });
    const anna = t.chat(ANNA);
    await anna.say("herinneringen uit");
    expect(shown(anna.lastReply)).toContain("Je reflectievragen komen gewoon");
    await t.chat(BRAM).say("afmelden");
    t.clock.set(at("2026-12-03T09:00"));
    await new Scheduler(t.app).tick();
    expect(t.adapter.to(ANNA).filter((m) => m.kind === "session.reminder")).toEqual([]);
    expect(t.adapter.to(BRAM).filter((m) => m.kind === "session.reminder")).toHaveLength(1);
    expect(reminders(t.adapter)).toHaveLength(EVERYONE - 1);
    await anna.say("herinneringen");
    expect(shown(anna.lastReply)).toContain("Je krijgt geen herinneringen");
  });

  it("sends each reminder once across a restart on the same store, and records what passed while it was down", async () => {
    const storeUrl = sqliteUrl();
    const first = await start({ storeUrl, now: at("2026-12-03T09:00") });
    await new Scheduler(first.app).tick();
    expect(reminders(first.adapter)).toHaveLength(EVERYONE);
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    const second = await start({ storeUrl, now: at("2026-12-03T09:05") });
    await new Scheduler(second.app).tick();
    expect(reminders(second.adapter)).toEqual([]);

    // Down from before the 1-day reminder until long after it: it is not sent a day late.
    second.clock.set(at("2026-12-10T08:00"));
    const result = await new Scheduler(second.app).tick();
    expect(reminders(second.adapter)).toEqual([]);
    expect(result.missed).toBe(EVERYONE);
    const anna = await second.app.store.deliveries.get(`session:2026-12-10:1d:${ANNA}`);
    expect(anna?.status).toBe("missed");
  });

  it("follows the programme file: other days before, and a message on the morning itself", async () => {
    const demo = await readFile(DEMO_PROGRAMME, "utf8");
    const programme = parseProgramme(
      `${demo}\nsessionReminders:\n  daysBefore: [3]\n  at: "18:00"\n  morningOf: "07:30"\n  attendance: false\n`,
      "p.yaml",
      programmeSections(),
    );
    const t = await start({ programme, now: at("2026-12-07T18:00") });
    const scheduler = new Scheduler(t.app);
    await scheduler.tick();
    expect(reminders(t.adapter)).toHaveLength(EVERYONE);
    const toAnna = t.adapter.to(ANNA).at(-1);
    expect(toAnna?.text).toMatch(/^Over 3 dagen/);
    expect(buttonsOf(toAnna).map((b) => b.label)).toEqual(["Gedaan", "Gedaan"]); // no attendance asked
    t.clock.set(at("2026-12-09T09:00"));
    await scheduler.tick();
    expect(reminders(t.adapter)).toHaveLength(EVERYONE); // no 7- or 1-day reminders
    t.clock.set(at("2026-12-10T07:30"));
    await scheduler.tick();
    const morning = reminders(t.adapter, "session.morning");
    expect(morning).toHaveLength(EVERYONE);
    expect(morning[0]?.message.text).toMatch(/^Vandaag: bijeenkomst 2 van 4/);
  });

  it("refuses a mistake in its section of the programme file with the field's path", async () => {
    const demo = await readFile(DEMO_PROGRAMME, "utf8");
    expect(() =>
      parseProgramme(
        `${demo}\nsessionReminders:\n  daysBefore: [7, 7]\n  at: "9 uur"\n`,
        "p.yaml",
        programmeSections(),
      ),
    ).toThrow(
      /sessionReminders\.daysBefore: lists a day twice[\s\S]*sessionReminders\.at: use a 24-hour time/,
    );
  });

  it("lists the session days for the calendar, and kampvuur calendar writes them as an iCalendar file", async () => {
    const t = await start();
    const anna = t.chat(ANNA);
    await anna.say("agenda");
    const list = shown(anna.lastReply);
    expect(list).toContain(
      "• *donderdag 10 december*, 09:30–16:30: Jouw eigen leervraag centraal (Buurtkamer De Vonk, Zutphen)",
    );
    expect(list).toContain("agendabestand (.ics)");

    const d = tempDir();
    dirs.push(d);
    const { code, stdout } = await cli(["calendar"], {
      env: { KAMPVUUR_STORE: `sqlite://${join(d.dir, "store.sqlite")}` },
    });
    expect(code).toBe(0);
    expect(stdout.startsWith("BEGIN:VCALENDAR")).toBe(true);
    expect(stdout.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    // 10 December 09:30–16:30 in Amsterdam is 08:30–15:30 UTC.
    expect(stdout).toContain("DTSTART:20261210T083000Z");
    expect(stdout).toContain("DTEND:20261210T153000Z");
    expect(stdout).toContain("LOCATION:Buurtkamer De Vonk\\, Zutphen");
  });

  it("exports and erases what it keeps about a person", async () => {
    const t = await start({ now: at("2026-12-03T09:00") });
    await new Scheduler(t.app).tick();
    await t.chat(ANNA).say("ik kan niet");
    const exported = await t.app.personalData.export(ANNA);
    const part = exported.parts["session-reminders"] as {
      state: { cantCome: unknown[] };
      reminders: { id: string }[];
    };
    expect(part.state.cantCome).toHaveLength(1);
    expect(part.reminders.map((r) => r.id)).toEqual([`session:2026-12-10:7d:${ANNA}`]);
    const erased = await t.app.personalData.erase(ANNA);
    expect(erased.parts["session-reminders"]).toBe(2);
    expect((await t.app.personalData.export(ANNA)).parts["session-reminders"]).toBeUndefined();
    expect(await t.app.store.deliveries.get(`session:2026-12-10:7d:${BRAM}`)).toBeDefined();
  });
});
