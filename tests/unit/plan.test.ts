import { loadAppProgramme } from "../../src/app.js";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { parseProgramme } from "../../src/config/programme.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { Directory, type Person } from "../../src/core/people.js";
import { PromptBank } from "../../src/features/reflections/prompt-bank.js";
import { deliveryId } from "../../src/features/reflections/service.js";
import {
  dueAt,
  type PlanSnapshot,
  planSends,
  reflectionOccurrences,
  type ScheduledOccurrence,
} from "../../src/features/reflections/plan.js";
import type { Delivery, PersonState } from "../../src/storage/records.js";

const HOUR = 3_600_000;
const settings = { graceMs: 12 * HOUR, reminderAfterMs: 48 * HOUR };
let bank: PromptBank;
beforeAll(async () => {
  bank = await PromptBank.load();
});

const local = (iso: string, zone = "Europe/Amsterdam") => DateTime.fromISO(iso, { zone }).toJSDate();

function programme(yaml: string): Programme {
  return parseProgramme(yaml, "test.yaml");
}

describe("the weekly rhythm of a programme", () => {
  it("sends on Tuesdays 09:00 between the demo's session days, never in a session week or on a skip date", async () => {
    const demo = await loadAppProgramme();
    const occurrences = reflectionOccurrences(demo, bank);
    expect(
      occurrences.map((o) => `${o.date} ${o.hour}:${String(o.minute).padStart(2, "0")} ${o.phase}`),
    ).toEqual([
      "2026-11-17 9:00 after-session",
      "2026-11-24 9:00 midway",
      "2026-12-01 9:00 before-session",
      // 8 Dec: session week (10 Dec); 22 and 29 Dec: skip dates (Christmas)
      "2026-12-15 9:00 after-session",
      "2027-01-05 9:00 before-session",
      // 12 Jan: session week (14 Jan)
      "2027-01-19 9:00 after-session",
      "2027-01-26 9:00 midway",
      "2027-02-02 9:00 before-session",
      // 9 Feb: session week (11 Feb, the last day). After it: one closing prompt the week
      // after, and a follow-up four weeks later; then nothing more.
      "2027-02-16 9:00 closing",
      "2027-03-16 9:00 follow-up",
    ]);
    expect(new Set(occurrences.map((o) => o.id)).size).toBe(occurrences.length);
    expect(new Set(occurrences.map((o) => o.promptId)).size).toBe(occurrences.length);
  });

  it("keeps 09:00 local time across the change to summer time and back", () => {
    const p = programme(`
id: dst
name: DST
sessions:
  - { date: 2027-03-04, theme: Voor de zomertijd }
  - { date: 2027-04-29, theme: Na de zomertijd }
coordinators: [{ id: co, name: Co }]
`);
    const byDate = Object.fromEntries(
      reflectionOccurrences(p, bank).map((o) => [o.date, o.at.toISOString()]),
    );
    expect(byDate["2027-03-23"]).toBe("2027-03-23T08:00:00.000Z"); // CET, UTC+1
    expect(byDate["2027-03-30"]).toBe("2027-03-30T07:00:00.000Z"); // CEST, UTC+2 (since 28 March)
    const autumn = programme(`
id: dst2
name: DST
timezone: Europe/Amsterdam
sessions:
  - { date: 2026-10-08, theme: Voor }
  - { date: 2026-11-26, theme: Na }
coordinators: [{ id: co, name: Co }]
`);
    const autumnDates = Object.fromEntries(
      reflectionOccurrences(autumn, bank).map((o) => [o.date, o.at.toISOString()]),
    );
    expect(autumnDates["2026-10-20"]).toBe("2026-10-20T07:00:00.000Z");
    expect(autumnDates["2026-10-27"]).toBe("2026-10-27T08:00:00.000Z"); // back to CET on 25 October
  });

  it("follows the programme's cron rhythm and timezone", () => {
    const p = programme(`
id: cron
name: Cron
timezone: America/New_York
reflection: { schedule: "30 17 * * 4" }
sessions:
  - { date: 2027-01-04, theme: A }
  - { date: 2027-02-01, theme: B }
coordinators: [{ id: co, name: Co }]
`);
    const occurrences = reflectionOccurrences(p, bank);
    // After the last day (Monday 1 Feb, whose week has no prompt): the closing prompt and the follow-up.
    expect(occurrences.map((o) => o.date)).toEqual([
      "2027-01-14",
      "2027-01-21",
      "2027-01-28",
      "2027-02-11",
      "2027-03-11",
    ]);
    expect(occurrences.slice(-2).map((o) => o.phase)).toEqual(["closing", "follow-up"]);
    expect(occurrences[0]?.at.toISOString()).toBe("2027-01-14T22:30:00.000Z");
  });

  it("gives each person the prompt at the same wall-clock time in their own timezone", () => {
    const occurrence = { date: "2027-01-19", hour: 9, minute: 0 } as ScheduledOccurrence;
    const person = (timezone: string) => ({ timezone }) as Person;
    expect(dueAt(occurrence, person("Europe/Amsterdam")).toISOString()).toBe("2027-01-19T08:00:00.000Z");
    expect(dueAt(occurrence, person("America/Curacao")).toISOString()).toBe("2027-01-19T13:00:00.000Z");
  });
});

describe("what is due", () => {
  let demo: Programme;
  let participants: Person[];
  let occurrences: ScheduledOccurrence[];
  let first: ScheduledOccurrence;
  beforeAll(async () => {
    demo = await loadAppProgramme();
    participants = new Directory(demo).withRole("participant");
    occurrences = reflectionOccurrences(demo, bank);
    first = occurrences[0] as ScheduledOccurrence;
  });

  function snapshot(overrides: Partial<PlanSnapshot> = {}): PlanSnapshot {
    return {
      occurrences: [first, occurrences[1] as ScheduledOccurrence],
      participants,
      states: new Map(),
      deliveries: new Map(),
      answered: new Set(),
      ...overrides,
    };
  }
  const sent = (occurrence: ScheduledOccurrence, personId: string, at: Date): [string, Delivery] => {
    const id = deliveryId("reflection", occurrence.id, personId);
    return [
      id,
      {
        id,
        kind: "reflection",
        occurrenceId: occurrence.id,
        personId,
        status: "sent",
        at: at.toISOString(),
        attempts: 1,
      },
    ];
  };
  const state = (personId: string, s: Partial<PersonState>): [string, PersonState] => [
    personId,
    { personId, optedOut: false, snoozes: [], skipped: [], ...s },
  ];

  it("sends nothing before the due time and everyone's prompt at it", () => {
    expect(planSends(snapshot(), local("2026-11-17T08:59"), settings).send).toEqual([]);
    const { send } = planSends(snapshot(), local("2026-11-17T09:00"), settings);
    expect(send.map((s) => s.personId).sort()).toEqual(participants.map((p) => p.id).sort());
    expect(new Set(send.map((s) => s.kind))).toEqual(new Set(["reflection"]));
  });

  it("catches up after downtime within the grace window and drops what is older", () => {
    expect(planSends(snapshot(), local("2026-11-17T20:59"), settings).send).toHaveLength(12);
    const late = planSends(snapshot(), local("2026-11-17T21:01"), settings);
    expect(late.send).toHaveLength(0);
    expect(late.missed).toHaveLength(12);
  });

  it("never plans for someone who opted out, and sends nothing that falls due during a pause", () => {
    const second = occurrences[1] as ScheduledOccurrence;
    const states = new Map([
      state("anna-de-vries", { optedOut: true }),
      state("bram-jansen", { pausedUntil: local("2026-11-20T23:59").toISOString() }),
    ]);
    const week1 = planSends(snapshot({ states }), local("2026-11-17T09:00"), settings).send.map(
      (s) => s.personId,
    );
    expect(week1).toHaveLength(10);
    expect(week1).not.toContain("anna-de-vries");
    expect(week1).not.toContain("bram-jansen");
    // Week one stays unsent after the pause; week two comes as usual.
    const week2 = planSends(snapshot({ states }), local("2026-11-24T09:00"), settings).send;
    expect(week2.filter((s) => s.personId === "bram-jansen").map((s) => s.occurrence.id)).toEqual([
      second.id,
    ]);
    expect(week2.filter((s) => s.personId === "anna-de-vries")).toEqual([]);
  });

  it("sends this week's prompt after 'resume' clears a pause, within the grace window", () => {
    const paused = new Map([state("bram-jansen", { pausedUntil: local("2026-11-30T23:59").toISOString() })]);
    const resumed = new Map([state("bram-jansen", {})]);
    const at = local("2026-11-17T15:00");
    const bram = (states: Map<string, PersonState>) =>
      planSends(snapshot({ states }), at, settings).send.filter((s) => s.personId === "bram-jansen");
    expect(bram(paused)).toEqual([]);
    expect(bram(resumed)).toHaveLength(1);
  });

  it("reminds once, 48 hours later, only those who did not answer, skip or snooze", () => {
    const t0 = local("2026-11-17T09:00");
    const deliveries = new Map(participants.map((p) => sent(first, p.id, t0)));
    const answered = new Set([`${first.id}:anna-de-vries`]);
    const states = new Map([
      state("bram-jansen", { skipped: [first.id] }),
      state("chantal-bakker", {
        snoozes: [{ occurrenceId: first.id, until: local("2026-11-17T19:00").toISOString() }],
      }),
    ]);
    const view = snapshot({ deliveries, answered, states });
    expect(
      planSends(view, local("2026-11-19T08:59"), settings).send.filter(
        (s) => s.kind === "reflection-reminder",
      ),
    ).toEqual([]);
    const at48 = planSends(view, local("2026-11-19T09:00"), settings).send;
    const reminded = at48.filter((s) => s.kind === "reflection-reminder").map((s) => s.personId);
    expect(reminded).toHaveLength(9);
    expect(reminded).not.toContain("anna-de-vries");
    expect(reminded).not.toContain("bram-jansen");
    expect(reminded).not.toContain("chantal-bakker");

    // Once the reminders are recorded, none comes again.
    for (const s of at48)
      deliveries.set(s.deliveryId, {
        ...sent(first, s.personId, local("2026-11-19T09:00"))[1],
        id: s.deliveryId,
        kind: s.kind,
      });
    expect(
      planSends(view, local("2026-11-20T09:00"), settings).send.filter(
        (s) => s.kind === "reflection-reminder",
      ),
    ).toEqual([]);
  });

  it("sends a snoozed prompt again at the chosen moment, once", () => {
    const t0 = local("2026-11-17T09:00");
    const until = local("2026-11-17T19:00").toISOString();
    const deliveries = new Map([sent(first, "chantal-bakker", t0)]);
    const states = new Map([state("chantal-bakker", { snoozes: [{ occurrenceId: first.id, until }] })]);
    const view = snapshot({
      participants: participants.filter((p) => p.id === "chantal-bakker"),
      deliveries,
      states,
    });
    expect(planSends(view, local("2026-11-17T18:59"), settings).send).toEqual([]);
    const due = planSends(view, local("2026-11-17T19:00"), settings).send;
    expect(due.map((s) => [s.kind, s.deliveryId])).toEqual([
      ["reflection-snoozed", deliveryId("reflection-snoozed", first.id, "chantal-bakker", until)],
    ]);
  });

  it("does not remind about a prompt once the next one has arrived", () => {
    const t0 = local("2026-11-17T09:00");
    const deliveries = new Map([
      sent(first, "anna-de-vries", t0),
      sent(occurrences[1] as ScheduledOccurrence, "anna-de-vries", local("2026-11-24T09:00")),
    ]);
    // The bot was down from Thursday to the next Tuesday: the reminder for week one is not sent late.
    const view = snapshot({ participants: participants.filter((p) => p.id === "anna-de-vries"), deliveries });
    const at = planSends(view, local("2026-11-24T09:30"), { ...settings, graceMs: 7 * 24 * HOUR });
    expect(at.send.filter((s) => s.occurrence.id === first.id)).toEqual([]);
  });
});

describe("prompts from the programme file", () => {
  const base = `
id: eigen
name: Eigen vragen
language: nl
sessions:
  - { date: 2027-01-07, theme: Start }
  - { date: 2027-02-04, theme: Vervolg }
coordinators: [{ id: co, name: Co }]
`;

  it("replace a shipped prompt by id and add new ones, per language", async () => {
    const p = programme(`${base}
reflection:
  prompts:
    - id: after-01
      phase: after-session
      text: Wat neem je mee van “{{lastSessionTheme}}” naar het dorpshuis?
    - id: mid-eigen
      phase: midway
      text:
        nl: Wie in het dorp heb je deze week voor het eerst gesproken?
        en: Who in the village did you talk to for the first time this week?
`);
    const custom = bank.withProgrammePrompts(p.reflection.prompts, p.language);
    expect(custom.get("after-01", "nl")?.text).toBe(
      "Wat neem je mee van “{{lastSessionTheme}}” naar het dorpshuis?",
    );
    expect(custom.get("after-01", "en")?.text).toBe(bank.get("after-01", "en")?.text);
    expect(custom.get("mid-eigen", "en")?.text).toBe(
      "Who in the village did you talk to for the first time this week?",
    );
    expect(custom.idsForPhase("midway", "nl")).toContain("mid-eigen");
    expect(custom.size).toBe(bank.size + 2);
  });

  it("are checked by validate: an unknown placeholder is named with its path", () => {
    let problems: { path: string; message: string }[] = [];
    try {
      programme(`${base}
reflection:
  prompts:
    - { id: mid-x, phase: midway, text: "Hoe gaat het met {{caseNaam}} deze week?" }
`);
    } catch (error) {
      problems = (error as { problems: typeof problems }).problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe("reflection.prompts.0.text");
    expect(problems[0]?.message).toContain("unknown placeholder {{caseNaam}}");
  });

  it("the grace window comes from the programme file", () => {
    const p = programme(`${base}
reflection: { graceHours: 2 }
`);
    expect(p.reflection.graceHours).toBe(2);
  });
});
