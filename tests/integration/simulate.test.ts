import { loadAppProgramme } from "../../src/app.js";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import type { Programme } from "../../src/config/programme-schema.js";
import { type SimulatedMessage, simulate } from "../../src/simulation/simulate.js";
import { CLI_NOW, cli } from "../helpers/cli.js";

const ZONE = "Europe/Amsterdam";
const weekOf = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone(ZONE).toFormat("kkkk-'W'WW");

describe("kampvuur simulate over the demo leergang, 12 weeks", () => {
  let programme: Programme;
  let messages: SimulatedMessage[];
  beforeAll(async () => {
    programme = await loadAppProgramme();
    messages = await simulate({ programme, weeks: 12, now: CLI_NOW });
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
    const eager = await simulate({ programme, weeks: 12, answerRate: 1, lateRate: 0, now: CLI_NOW });
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
    expect(r.stdout).toMatch(
      /week van\s+bijeenkomst\s+vragen\s+herinneringen\s+antwoorden\s+bijeenkomst-herinneringen/,
    );
    expect(r.stdout).toMatch(/16 nov 2026\s+12\s+\d+\s+\d+\s+0\s+terugblik/);
    // The reminders of the session day on 10 December go out in the week before it (3 December).
    expect(r.stdout).toMatch(/30 nov 2026\s+12\s+\d+\s+\d+\s+15\s+vooruitblik/);
    expect(r.stdout).toContain("do 10 dec: Jouw eigen leervraag centraal");
    expect(r.stdout).not.toMatch(/after-session|midway|before-session/);
  });

  it("while the programme is under way starts today: 16 weeks from 3 December reach the closing prompt and the follow-up", async () => {
    const now = new Date("2026-12-03T07:00:00Z");
    const r = await cli(["simulate", "--weeks", "16"], { now });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Leergang Gemeenschapskracht – najaar 2026: 16 weken vanaf 3 december 2026/);
    // The session days of 10 December, 14 January and 11 February: 7 and 1 days before, to 15 people.
    for (const week of ["30 nov 2026", "7 dec 2026", "4 jan 2027", "11 jan 2027", "1 feb 2027", "8 feb 2027"])
      expect(r.stdout).toMatch(new RegExp(`${week}.*\\s15(\\s|$)`, "m"));
    expect(r.stdout).toMatch(/15 feb 2027\s+12\s+\d+\s+\d+\s+0\s+afsluitende vraag/);
    expect(r.stdout).toMatch(/15 mrt 2027\s+12\s+\d+\s+\d+\s+0\s+.*een maand later/);
    expect(r.stdout).toMatch(/1 mrt 2027\s+0\s+0\s+0\s+0\s+na de laatste bijeenkomst/);
    expect(r.stdout).not.toMatch(/2 nov 2026|9 nov 2026/);
    expect(r.stdout).toContain("Na deze weken komen er geen reflectievragen meer: het programma is klaar.");
    const json = await cli(["simulate", "--weeks", "16", "--json"], { now });
    const followUp = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as SimulatedMessage)
      .filter((m) => m.kind === "reflection" && m.phase === "follow-up");
    expect(followUp).toHaveLength(12);
    expect(followUp[0]?.at).toBe("2027-03-16T09:00:00+01:00");
  });

  it("before the programme starts on its first message: over 16 weeks the session-day reminders, the closing prompt and what comes after", async () => {
    const r = await cli(["simulate", "--weeks", "16"]);
    expect(r.code).toBe(0);
    // It starts on the day of the first message: the reminder 7 days before the first session day.
    expect(r.stdout).toMatch(/^Leergang Gemeenschapskracht – najaar 2026: 16 weken vanaf 5 november 2026/);
    // 7 and 1 days before each session day: to 12 participants and 3 mentors each time.
    for (const week of [
      "2 nov 2026",
      "9 nov 2026",
      "30 nov 2026",
      "7 dec 2026",
      "4 jan 2027",
      "11 jan 2027",
      "1 feb 2027",
      "8 feb 2027",
    ])
      expect(r.stdout).toMatch(new RegExp(`${week}.*\\s15(\\s|$)`, "m"));
    expect(r.stdout).toMatch(/15 feb 2027\s+12\s+\d+\s+\d+\s+0\s+afsluitende vraag/);
    expect(r.stdout).toMatch(/21 dec 2026\s+0\s+0\s+0\s+0\s+.*vrij/);
    expect(r.stdout).toContain(
      "Na deze weken komen nog: di 16 mrt 09:00 (een maand later). Daarna is het programma klaar.",
    );
    const json = await cli(["simulate", "--weeks", "19", "--json"]);
    const lines = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as SimulatedMessage);
    const followUp = lines.filter((m) => m.kind === "reflection" && m.phase === "follow-up");
    expect(followUp).toHaveLength(12);
    expect(followUp[0]?.at).toBe("2027-03-16T09:00:00+01:00");
    expect(lines.filter((m) => m.kind === "session.reminder")).toHaveLength(4 * 2 * 15);
  });

  it("without --weeks runs the whole programme, from its first message to its last", async () => {
    const r = await cli(["simulate"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Leergang Gemeenschapskracht – najaar 2026: \d+ weken vanaf 5 november 2026/);
    expect(r.stdout).toMatch(/15 mrt 2027\s+12\s+\d+\s+\d+\s+0\s+een maand later/);
    expect(r.stdout).toContain("Na deze weken komen er geen reflectievragen meer: het programma is klaar.");
    // The masterclass: the reading assignment opens two weeks before the first afternoon, its reminder 3 days before.
    const m = await cli(["simulate", "--programme", "examples/masterclass.yaml"]);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/vanaf 18 februari 2027/);
    expect(m.stdout).toMatch(/15 feb 2027\s+0\s+0\s+0\s+0\s+huiswerk 14/);
    expect(m.stdout).toMatch(/1 mrt 2027\s+do 4 mrt: .*huiswerk-herinneringen 14/);
  });

  it("shows the mentor pairing's proposal, approval and introductions, and the leerbuddy rounds", async () => {
    const json = await cli(["simulate", "--weeks", "2", "--pair-mentors", "--json"]);
    const lines = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as SimulatedMessage);
    const proposal = lines.find((m) => m.kind === "pairing-proposal");
    expect(proposal?.to).toBe("marieke-hoekstra");
    expect(proposal?.text).toContain("Team De Vonk* → Henk Westerveld");
    expect(lines.some((m) => m.to === "marieke-hoekstra" && /^Goedgekeurd \(versie 1\)/.test(m.text))).toBe(
      true,
    );
    // Every participant and every mentor once.
    const intros = lines.filter((m) => m.kind === "pairing.intro");
    expect(new Set(intros.map((m) => m.to)).size).toBe(15);
    expect(intros).toHaveLength(15);
    expect(intros.find((m) => m.to === "anna-de-vries")?.text).toContain("Je mentor is *Henk Westerveld*");
    const table = await cli(["simulate", "--weeks", "2", "--pair-mentors"]);
    expect(table.stdout).toMatch(/2 nov 2026 .*kennismaking met mentor 15/);
    // The Community of Practice has leerbuddy's: 15 people, so four pairs and one trio after each session day.
    const cop = await cli(["simulate", "--programme", "examples/community-of-practice.yaml", "--weeks", "3"]);
    expect(cop.stdout).toMatch(/5 okt 2026 .*leerbuddy's 15/);
    expect(cop.stdout).toMatch(/12 okt 2026 .*'gesproken\?' 15/);
  });

  it("refuses a bad --weeks with exit code 2", async () => {
    const bad = await cli(["simulate", "--weeks", "twaalf"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--weeks takes a whole number");
  });

  it("lists the next prompts week by week in the programme's language, without placeholders or ids", async () => {
    const r = await cli(["schedule", "--from", "2026-11-20", "--count", "4"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Wanneer\s+Wat\s+Reflectievraag$/);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      /^di 24 nov 09:00\s+tussendoor, naar 12 deelnemers\s+Bewoners nemen zelf de regie/,
    );
    expect(lines[1]).toContain("‹praktijkcase›");
    expect(lines[2]).toMatch(
      /^di 1 dec 09:00\s+vooruitblik, naar 12 deelnemers\s+Op donderdag 10 december staat “Jouw eigen leervraag centraal”/,
    );
    // A week without a prompt says why.
    expect(lines[3]).toMatch(
      /^week ma 7 dec – zo 13 dec\s+geen vraag\s+bijeenkomst op donderdag 10 december/,
    );
    expect(lines[4]).toMatch(/^di 15 dec 09:00\s+terugblik/);
    expect(r.stdout).not.toMatch(/\{\{|mid-0|after-0|before-0|midway|after-session/);
    const holidays = await cli(["schedule", "--from", "2026-12-20", "--count", "2"]);
    expect(holidays.stdout).toMatch(/geen vraag\s+vrij \(dinsdag 22 december\)/);
  });

  it("speaks English when asked, and says when that is all", async () => {
    const r = await cli(["schedule", "--from", "2027-01-20", "--count", "10", "--language", "en"]);
    expect(r.stdout).toMatch(/^When\s+What\s+Reflection prompt/);
    expect(r.stdout).toMatch(/Tue 26 Jan 09:00\s+in between, to 12 participants/);
    // After the last session day: the closing prompt, the weeks until the follow-up, the follow-up.
    expect(r.stdout).toMatch(/Tue 16 Feb 09:00\s+closing, to 12 participants\s+The programme is over\./);
    expect(r.stdout).toMatch(
      /week Mon 22 Feb – Sun 28 Feb\s+no prompt\s+the session days are over; the prompt a month later comes on Tuesday 16 March/,
    );
    expect(r.stdout).toMatch(/Tue 16 Mar 09:00\s+a month later, to 12 participants/);
    expect(r.stdout).toContain(
      "After Tuesday 16 March there are no more reflection prompts: the programme is over.",
    );
    expect(r.stdout).toContain("That is all: 8 of the 10 rows asked for.");
    const over = await cli(["schedule", "--from", "2027-04-01"]);
    expect(over.stdout).toContain(
      "Na dinsdag 16 maart komen er geen reflectievragen meer: het programma is klaar.",
    );
    expect(over.stdout).toContain("Dat is alles: 0 van de 10 gevraagde regels.");
  });
});
