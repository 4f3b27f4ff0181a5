import { loadAppProgramme } from "../../src/app.js";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadProgramme, ProgrammeError, parseProgramme } from "../../src/config/programme.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function problemsOf(load: () => Promise<unknown> | unknown) {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(ProgrammeError);
    return (error as ProgrammeError).problems;
  }
  throw new Error("expected the programme to be refused");
}

describe("the programme file", () => {
  it("loads the demo leergang with its people, teams and four session days a month apart", async () => {
    const p = await loadAppProgramme();
    expect(p.language).toBe("nl");
    expect(p.timezone).toBe("Europe/Amsterdam");
    expect(p.sessions).toHaveLength(4);
    expect(p.participants).toHaveLength(12);
    expect(p.teams).toHaveLength(3);
    expect(p.mentors).toHaveLength(3);
    expect(p.reflection.schedule).toBe("0 9 * * 2");
    for (const team of p.teams) expect(team.case?.name).toBeTruthy();
    for (const person of p.participants) expect(person.learningQuestion).toBeTruthy();
  });

  it("names every one of three mistakes by its field", async () => {
    const problems = await problemsOf(() => loadProgramme(fixture("programme-three-mistakes.yaml")));
    expect(problems.map((p) => p.path).sort()).toEqual(["sessions.1.date", "teams.0.mentor", "timezone"]);
    expect(problems.find((p) => p.path === "teams.0.mentor")?.message).toContain("'niemand'");
  });

  it("reports YAML syntax errors with a line number instead of a stack trace", async () => {
    const problems = await problemsOf(() => loadProgramme(fixture("programme-not-yaml.yaml")));
    expect(problems[0]?.path).toMatch(/^line \d+, column \d+$/);
  });

  it("says which file is missing", async () => {
    const problems = await problemsOf(() => loadProgramme("/nowhere/programme.yaml"));
    expect(problems).toEqual([{ path: "(file)", message: expect.stringContaining("does not exist") }]);
  });

  it("refuses misspelt fields, unknown people and a person in two teams", async () => {
    const problems = await problemsOf(() =>
      parseProgramme(
        `
id: p
name: P
sesions: []
sessions: [{ date: 2027-01-05, theme: Start }]
participants: [{ id: an, name: An }, { id: bo, name: Bo }]
teams:
  - { id: t1, name: T1, members: [an, bo] }
  - { id: t2, name: T2, members: [an, zed] }
coordinators: [{ id: an, name: An again }]
`,
        "inline.yaml",
      ),
    );
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath["(top level)"]).toContain("'sesions'");
    expect(byPath["teams.1.members.0"]).toContain("already a member of team 't1'");
    expect(byPath["teams.1.members.1"]).toContain("'zed' is not one of the participants");
    expect(byPath["coordinators.0.id"]).toContain("already used");
  });

  it("fills in the defaults a coordinator may leave out", () => {
    const p = parseProgramme(
      "id: mini\nname: Mini\nsessions: [{ date: 2027-02-01, theme: Dag 1 }]\ncoordinators: [{ id: co, name: Co }]\n",
      "mini.yaml",
    );
    expect(p.language).toBe("nl");
    expect(p.timezone).toBe("Europe/Amsterdam");
    expect(p.reflection).toEqual({
      schedule: "0 9 * * 2",
      reminderAfterHours: 48,
      graceHours: 12,
      skipDates: [],
      prompts: [],
    });
    expect(p.sessions[0]?.start).toBe("09:30");
  });

  it("reads JSON as well as YAML", () => {
    const p = parseProgramme(
      JSON.stringify({
        id: "json",
        name: "JSON",
        language: "en",
        sessions: [{ date: "2027-02-01", theme: "Day 1" }],
        coordinators: [{ id: "co", name: "Co" }],
      }),
      "programme.json",
    );
    expect(p.language).toBe("en");
  });

  it("refuses a cron expression node-cron cannot run", async () => {
    const problems = await problemsOf(() =>
      parseProgramme(
        "id: c\nname: C\nreflection: { schedule: 'every tuesday' }\nsessions: [{ date: 2027-02-01, theme: D }]\ncoordinators: [{ id: co, name: Co }]\n",
        "c.yaml",
      ),
    );
    expect(problems).toEqual([{ path: "reflection.schedule", message: expect.stringContaining("cron") }]);
  });

  const withSchedule = (schedule: string) =>
    `id: c\nname: C\nreflection: { schedule: '${schedule}' }\nsessions: [{ date: 2027-02-01, theme: D }]\ncoordinators: [{ id: co, name: Co }]\n`;

  it("refuses a schedule that can fire more than once a day, naming the field, and accepts one time a day", async () => {
    expect(await problemsOf(() => parseProgramme(withSchedule("* 9 * * 2"), "c.yaml"))).toEqual([
      {
        path: "reflection.schedule",
        message:
          'fires more than once a day ("* 9 * * 2" fires 60 times on Tuesday); use one time, such as "0 9 * * 2"',
      },
    ]);
    const tooOften = {
      "* * * * *": '("* * * * *" fires 1440 times a day); use one time, such as "0 9 * * *"',
      "0 9,17 * * 2": '("0 9,17 * * 2" fires 2 times on Tuesday); use one time, such as "0 9 * * 2"',
      "*/30 8 * * 1-5": '("*/30 8 * * 1-5" fires 2 times a day); use one time, such as "0 8 * * 1-5"',
      "0 8-17 * * *": "fires 10 times a day",
      "0 * * * 1": "fires 24 times on Monday",
      "@hourly": "fires 24 times a day",
      "*/10 0 9 * * 2": '("*/10 0 9 * * 2" fires 6 times on Tuesday); use one time, such as "0 0 9 * * 2"',
    };
    for (const [schedule, says] of Object.entries(tooOften)) {
      const problems = await problemsOf(() => parseProgramme(withSchedule(schedule), "c.yaml"));
      expect(problems, schedule).toEqual([
        { path: "reflection.schedule", message: expect.stringContaining("fires more than once a day") },
      ]);
      expect(problems[0]?.message, schedule).toContain(says);
    }
    for (const schedule of [
      "0 9 * * 2",
      "30 8 * * 1-5",
      "0 0 9 * * 2",
      "15 17 1 * *",
      "0 9 * * TUE",
      "@weekly",
    ]) {
      expect(parseProgramme(withSchedule(schedule), "c.yaml").reflection.schedule, schedule).toBe(schedule);
    }
  });

  it("reports an alias bomb by the line and column of the alias, instead of failing with an unexpected error", async () => {
    const laughs = ["a: &a [ha, ha, ha, ha, ha, ha, ha, ha, ha, ha]"];
    for (const [i, level] of [..."bcdefghi"].entries()) {
      laughs.push(`${level}: &${level} [${Array(10).fill(`*${"abcdefghi"[i]}`).join(", ")}]`);
    }
    const problems = await problemsOf(() => parseProgramme(`${laughs.join("\n")}\n`, "lol.yaml"));
    expect(problems).toEqual([
      {
        path: "line 4, column 36",
        message: expect.stringContaining("*c takes the values this file's aliases repeat past 10,000"),
      },
    ]);
  });

  it("lets an anchor be reused for every one of 150 participants", () => {
    const people = Array.from(
      { length: 150 },
      (_, i) => `  - { id: p${i}, name: P ${i}, organisation: *org }`,
    );
    const p = parseProgramme(
      mini(`description: &org Gemeente Bronckhorst\nparticipants:\n${people.join("\n")}\n`),
      "many.yaml",
    );
    expect(p.participants).toHaveLength(150);
    expect(new Set(p.participants.map((x) => x.organisation))).toEqual(new Set(["Gemeente Bronckhorst"]));
  });

  it("names an alias without an anchor, and one inside the value it repeats, by line and column", async () => {
    expect(await problemsOf(() => parseProgramme(mini("description: *intro\n"), "a.yaml"))).toEqual([
      {
        path: "line 3, column 14",
        message: expect.stringContaining("*intro refers to no anchor &intro before it"),
      },
    ]);
    expect(await problemsOf(() => parseProgramme(mini("description: &d [ha, *d]\n"), "b.yaml"))).toEqual([
      { path: "line 3, column 22", message: expect.stringContaining("*d is inside the value &d it repeats") },
    ]);
  });

  it("refuses programme text over 1 MB and says how large it is", async () => {
    const problems = await problemsOf(() =>
      parseProgramme(mini(`description: ${"x".repeat(2_500_000)}\n`), "big.yaml"),
    );
    expect(problems).toEqual([
      {
        path: "(file)",
        message: expect.stringMatching(
          /^is 2\.5 MB \(2,500,\d{3} bytes\), and a programme file may be at most 1 MB/,
        ),
      },
    ]);
  });

  it("says a file nested thousands deep is nested too deeply, where, instead of a stack overflow", async () => {
    const deep = `id: deep\nname: Deep\nsessions: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`;
    const problems = await problemsOf(() => parseProgramme(deep, "deep.yaml"));
    expect(problems[0]?.path).toMatch(/^line 3, column \d+$/);
    expect(problems[0]?.message).toContain("nested far deeper than a programme file needs");
  });
});

function mini(extra: string) {
  return `id: mini\nname: Mini\n${extra}sessions: [{ date: 2027-02-01, theme: D }]\ncoordinators: [{ id: co, name: Co }]\n`;
}
