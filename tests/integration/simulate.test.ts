import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { loadProgramme } from "../../src/config/programme.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { type SimulatedMessage, simulate } from "../../src/simulation/simulate.js";
import { cli } from "../helpers/cli.js";

const ZONE = "Europe/Amsterdam";
const weekOf = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone(ZONE).toFormat("kkkk-'W'WW");

describe("kampvuur simulate over the demo leergang, 12 weeks", () => {
  let programme: Programme;
  let messages: SimulatedMessage[];
  beforeAll(async () => {
    programme = await loadProgramme();
    messages = await simulate({ programme, weeks: 12 });
  });

  it("sends each participant exactly one reflection in every week without a session day, none in session weeks", () => {
    const start = DateTime.fromISO(programme.sessions[0]?.date as string, { zone: ZONE });
    const sessionWeeks = new Set(programme.sessions.map((s) => weekOf(`${s.date}T12:00:00+01:00`)));
    const skipWeeks = new Set(programme.reflection.skipDates.map((d) => weekOf(`${d}T12:00:00+01:00`)));
    const participants = programme.participants.map((p) => p.id);
    const reflections = messages.filter((m) => m.kind === "reflection");

    let checkedWeeks = 0;
    for (let w = 0; w < 12; w++) {
      const week = start.plus({ weeks: w }).toFormat("kkkk-'W'WW");
      const inWeek = reflections.filter((m) => weekOf(m.at) === week);
      if (sessionWeeks.has(week) || skipWeeks.has(week)) {
        expect(inWeek, `week ${week}`).toEqual([]);
        continue;
      }
      if (w === 0) continue; // the first session day's own week
      checkedWeeks++;
      expect(inWeek.map((m) => m.to).sort(), `week ${week}`).toEqual([...participants].sort());
    }
    // 17 Nov, 24 Nov, 1 Dec, 15 Dec, 5 Jan, 19 Jan, 26 Jan (8 Dec, 12 Jan: session weeks; 22 and 29 Dec: skipped)
    expect(checkedWeeks).toBe(7);
  });

  it("sends at most one reminder per prompt, and only after 48 hours", () => {
    const reminders = messages.filter((m) => m.kind === "reflection-reminder");
    expect(reminders.length).toBeGreaterThan(0);
    const perPrompt = new Map<string, number>();
    for (const r of reminders)
      perPrompt.set(`${r.occurrence}:${r.to}`, (perPrompt.get(`${r.occurrence}:${r.to}`) ?? 0) + 1);
    expect(Math.max(...perPrompt.values())).toBe(1);
    for (const r of reminders) {
      const prompt = messages.find(
        (m) => m.kind === "reflection" && m.to === r.to && m.occurrence === r.occurrence,
      );
      const hours = DateTime.fromISO(r.at).diff(DateTime.fromISO(prompt?.at as string), "hours").hours;
      expect(hours).toBeGreaterThanOrEqual(48);
    }
  });

  it("does not remind those who answered on time", () => {
    const answeredEarly = messages.filter((m) => m.kind === "reply");
    expect(answeredEarly.length).toBeGreaterThan(0);
    const reminders = messages.filter((m) => m.kind === "reflection-reminder");
    const prompts = messages.filter((m) => m.kind === "reflection");
    // Every reminder belongs to a prompt with no reply before the reminder went out.
    for (const r of reminders) {
      const prompt = prompts.find((p) => p.to === r.to && p.occurrence === r.occurrence) as SimulatedMessage;
      const replied = answeredEarly.some((a) => a.to === r.to && a.at > prompt.at && a.at < r.at);
      expect(replied).toBe(false);
    }
  });

  it("with everyone answering straight away, sends no reminders at all", async () => {
    const eager = await simulate({ programme, weeks: 12, answerRate: 1, lateRate: 0 });
    expect(eager.filter((m) => m.kind === "reflection-reminder")).toEqual([]);
  });
});

describe("kampvuur simulate and schedule on the command line", () => {
  it("prints JSON Lines with at (with offset), to, role and kind", async () => {
    const r = await cli(["simulate", "--weeks", "3", "--json"]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const first = lines.find((l) => l.kind === "reflection");
    expect(first).toMatchObject({ to: expect.any(String), role: "participant", kind: "reflection" });
    expect(first.at).toMatch(/^2026-11-17T09:00:00\+01:00$/);
  });

  it("prints a readable table per week", async () => {
    const r = await cli(["simulate", "--weeks", "4", "--from", "2026-11-12"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/week of\s+session day\s+prompts\s+reminders\s+answers/);
    expect(r.stdout).toMatch(/2026-11-16\s+12\s/);
    expect(r.stdout).toContain("2026-12-10 Jouw eigen leervraag centraal");
  });

  it("refuses a missing or bad --weeks with exit code 2", async () => {
    expect((await cli(["simulate"])).code).toBe(2);
    const bad = await cli(["simulate", "--weeks", "twaalf"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--weeks takes a whole number");
  });

  it("lists the next sends with their phase and prompt", async () => {
    const r = await cli(["schedule", "--from", "2026-11-20", "--count", "3"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^di 24 nov 2026 09:00\s+midway\s+mid-01\s+12 participants/);
    expect(lines[1]).toMatch(/^di 01 dec 2026 09:00\s+before-session/);
  });

  it("says so when the programme is over", async () => {
    const r = await cli(["schedule", "--from", "2027-03-01"]);
    expect(r.stdout).toContain("No reflection sends after");
  });
});
