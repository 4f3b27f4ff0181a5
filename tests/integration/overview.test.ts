import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { overview } from "../../src/features/index.js";
import { CHART_HEIGHT, CHART_SCALE, CHART_WIDTH, pngSize } from "../../src/features/overview/chart.js";
import { exportData } from "../../src/features/overview/exports.js";
import { csvField, toCsv, toMarkdown } from "../../src/features/overview/tables.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { cli } from "../helpers/cli.js";
import { buttonsOf, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

const at = (local: string) => DateTime.fromISO(local, { zone: "Europe/Amsterdam" }).toJSDate();

const ANNA = "anna-de-vries"; // team De Vonk, mentor Henk
const BRAM = "bram-jansen"; // team De Vonk
const CHANTAL = "chantal-bakker"; // team De Vonk
const ESRA = "esra-yilmaz"; // team Zonnedorp, mentor Ingrid
const FRANK = "frank-mulder"; // team Zonnedorp
const MARIEKE = "marieke-hoekstra"; // coordinator
const HENK = "henk-westerveld"; // mentor of De Vonk

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

/**
 * Two weeks of the demo leergang: the prompt of Tuesday 17 November (week 47), Anna answers
 * (privately), Bram skips, Esra answers for her team, Frank for his mentor; the reminders of
 * Thursday; the prompt of 24 November (week 48) and its reminders; that of 1 December; Chantal can't come to 10 December (week 50)
 * and Anna ticks off a preparation task.
 */
async function twoWeeks(storeUrl?: string): Promise<TestApp> {
  const t = await startTestApp({ now: at("2026-11-17T09:00"), storeUrl });
  apps.push(t);
  const scheduler = new Scheduler(t.app);
  await scheduler.tick();
  await t.chat(ANNA).say("Ik merkte dat ik te snel met oplossingen kwam, dat wil ik anders doen.");
  await t.chat(BRAM).say("overslaan");
  const answer = async (personId: string, text: string, visibility: string) => {
    const chat = t.chat(personId);
    await chat.say("antwoord");
    await chat.submit(chat.lastForm as NonNullable<typeof chat.lastForm>, { answer: text, visibility });
  };
  await answer(
    ESRA,
    'Met het team: "loslaten", ook al is het spannend,\nen dan kijken wat er gebeurt.',
    "group",
  );
  await answer(FRANK, "Voor mijn mentor: ik twijfel of de bewoners het zelf willen.", "mentor");
  t.clock.set(at("2026-11-19T09:05")); // 48 hours later: the reminders
  await scheduler.tick();
  t.clock.set(at("2026-11-24T09:00"));
  await scheduler.tick();
  await t.chat(CHANTAL).say("ik kan niet");
  t.clock.set(at("2026-11-26T09:05"));
  await scheduler.tick();
  t.clock.set(at("2026-12-01T09:00")); // week 49
  await scheduler.tick();
  t.clock.set(at("2026-12-03T09:00")); // the session-day reminder, 7 days before 10 December
  await scheduler.tick();
  const anna = t.chat(ANNA);
  await anna.say("bijeenkomst");
  const done = buttonsOf(anna.lastReply).find((b) => b.label === "Gedaan");
  if (done) await anna.click(done);
  return t;
}

describe("the participation overview", () => {
  it("counts per week and team what happened: prompts, answers, skips, no response, reminders, can't come, preparation", async () => {
    const t = await twoWeeks();
    const api = t.app.api(overview);
    const report = await api.report(api.teamsFor("cli"));
    expect(report.weeks).toEqual(["2026-W47", "2026-W48", "2026-W49", "2026-W50"]);
    const cell = (week: string, team: string) =>
      report.rows.find((r) => r.week === week && r.team.id === team)?.counts;
    expect(cell("2026-W47", "team-vonk")).toEqual({
      prompts: 4,
      answered: 1,
      skipped: 1,
      noResponse: 2,
      reminders: 2,
      tasksDone: 0,
      cantCome: 0,
    });
    expect(cell("2026-W47", "team-zonnedorp")).toMatchObject({
      prompts: 4,
      answered: 2,
      noResponse: 2,
      reminders: 2,
    });
    expect(cell("2026-W48", "team-vonk")).toMatchObject({
      prompts: 4,
      answered: 0,
      noResponse: 4,
      reminders: 4,
    });
    expect(cell("2026-W50", "team-vonk")).toMatchObject({ prompts: 0, cantCome: 1, tasksDone: 1 });
    expect(cell("2026-W50", "team-zonnedorp")).toMatchObject({ cantCome: 0, tasksDone: 0 });
  });

  it("shows a coordinator every team in chat, a phone-sized block per team, and counts only", async () => {
    const t = await twoWeeks();
    const marieke = t.chat(MARIEKE);
    await marieke.say("overzicht");
    const reply = marieke.lastReply?.text ?? "";
    expect(reply).toContain("Overzicht deelname");
    for (const team of ["Team De Vonk", "Team Zonnedorp", "Team Zorg in het dorp"])
      expect(reply).toContain(team);
    expect(reply).toContain(
      "*Week 47*: 1 van 4 beantwoord · 1 overgeslagen · 2 geen reactie · 2 herinneringen",
    );
    expect(reply).toContain("*Week 50*: geen reflectievraag · 1 voorbereid · 1 kan niet");
    // Nobody's words, no names: only counts.
    expect(reply).not.toMatch(/oplossingen|loslaten|twijfel|Anna|Esra|Frank/);
    for (const line of reply.split("\n")) expect(line.length).toBeLessThan(100);
    // An overview is a report: the audit log has it, without content.
    expect((await t.app.audit.entries()).at(-1)).toMatchObject({
      actorId: MARIEKE,
      action: "report.participation",
      detail: "chat",
    });
  });

  it("shows a mentor only their own team, in chat and at home; a participant cannot use it and sees none of it", async () => {
    const t = await twoWeeks();
    const henk = t.chat(HENK);
    await henk.say("overview");
    const reply = henk.lastReply?.text ?? "";
    expect(reply).toContain("Team De Vonk");
    expect(reply).not.toContain("Zonnedorp");
    expect(reply).not.toContain("Zorg in het dorp");

    const directory = t.app.bot.directory;
    const henkHome = await t.app.home(directory.get(HENK) as NonNullable<ReturnType<typeof directory.get>>);
    const homeText = (henkHome.blocks ?? []).map((b) => ("text" in b ? b.text : "")).join("\n");
    expect(homeText).toContain("Typ *overzicht*");
    expect(homeText).toContain("Week 50");

    const anna = t.chat(ANNA);
    await anna.say("overzicht");
    expect(anna.lastReply?.text).toContain("is alleen voor een");
    expect(anna.lastReply?.text).not.toContain("Team");
    const annaHome = await t.app.home(directory.get(ANNA) as NonNullable<ReturnType<typeof directory.get>>);
    expect(JSON.stringify(annaHome)).not.toContain("overzicht");
    expect(t.app.api(overview).teamsFor(directory.get(ANNA) as never)).toEqual([]);
  });

  it("exports only answers shared with the team, with the author's name: never a private one, never one for the mentor only; and audits it", async () => {
    const t = await twoWeeks();
    const api = t.app.api(overview);
    const csv = await exportData(api, "answers", "csv", "cli", "nl");
    expect(csv.count).toBe(1);
    expect(csv.text).not.toContain("oplossingen"); // Anna's answer is private
    expect(csv.text).toContain("Esra Yılmaz");
    expect(csv.text).toContain(
      '"Met het team: ""loslaten"", ook al is het spannend,\nen dan kijken wat er gebeurt."',
    );
    // Shared with the mentor only: for the mentor alone, not in a coordinator's export.
    expect(csv.text).not.toContain("ik twijfel of de bewoners");
    expect(csv.text).not.toContain("Frank");
    // The prompt in the programme's words, not as the author received it (with their learning question).
    expect(csv.text).toContain("[thema vorige bijeenkomst]");
    expect(csv.text.split("\r\n")[0]).toBe("datum,week,team,van,gedeeld met,vraag,antwoord");

    const md = await exportData(api, "answers", "md", "cli", "nl");
    expect(md.text).toContain("## Gedeelde antwoorden");
    expect(md.text).toContain("> en dan kijken wat er gebeurt.");
    expect(md.text).toContain("— Esra Yılmaz, Team Zonnedorp, 2026-11-17");
    expect(md.text).not.toContain("gedeeld met de mentor");
    expect(md.text).not.toContain("ik twijfel of de bewoners");
    expect(md.text).not.toContain("oplossingen");

    const prompts = await exportData(api, "prompts", "md", "cli", "nl");
    expect(prompts.count).toBe(3);
    expect(prompts.text).toMatch(/\| 2026-11-17 \| 2026-W47 \| .+ \| 12 \| 3 \| 1 \| 8 \|/);
    const participation = await exportData(api, "participation", "md", "cli", "nl");
    expect(participation.text).toContain("| 2026-W47 | Team De Vonk | 4 | 4 | 1 | 1 | 2 | 2 | 0 | 0 |");

    const audit = (await t.app.audit.entries()).slice(-4);
    expect(audit.map((e) => [e.actorId, e.action, e.count, e.detail])).toEqual([
      ["cli", "export.answers", 1, "csv"],
      ["cli", "export.answers", 1, "md"],
      ["cli", "export.prompts", 3, "md"],
      ["cli", "export.participation", 12, "md"],
    ]);
  });

  it("writes CSV as RFC 4180 says: commas, quotes and line breaks quoted, and no formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a, b")).toBe('"a, b"');
    expect(csvField('zei "ja"')).toBe('"zei ""ja"""');
    expect(csvField("regel 1\nregel 2")).toBe('"regel 1\nregel 2"');
    expect(csvField(" spatie")).toBe('" spatie"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(42)).toBe("42");
    expect(toCsv({ header: ["a", "b"], rows: [["x,y", 1]] })).toBe('a,b\r\n"x,y",1\r\n');
    expect(toMarkdown({ header: ["vraag", "n"], rows: [["a | b\nc", 3]] })).toBe(
      "| vraag | n |\n| --- | ---: |\n| a \\| b<br>c | 3 |",
    );
  });

  it("draws the answers per week as a real PNG of 1200 × 720 pixels, with its words in it", async () => {
    const t = await twoWeeks();
    const api = t.app.api(overview);
    const report = await api.report(api.teamsFor("cli"));
    const nl = await api.chartPng(report, "nl");
    expect(pngSize(nl)).toEqual({ width: CHART_WIDTH * CHART_SCALE, height: CHART_HEIGHT * CHART_SCALE });
    expect(nl.length).toBeGreaterThan(10_000);
    // Only the words differ between the two: if no font were loaded, both would be the same picture.
    const en = await api.chartPng(report, "en");
    expect(pngSize(en)).toEqual(pngSize(nl));
    expect(Buffer.compare(nl, en)).not.toBe(0);
  });

  it("kampvuur report prints text, md and csv and writes the chart with --format png; export needs a known kind", async () => {
    const d = tempDir();
    dirs.push(d);
    const storeUrl = `sqlite://${join(d.dir, "store.sqlite")}`;
    await (await twoWeeks(storeUrl)).close();
    apps.splice(0);
    const env = { KAMPVUUR_STORE: storeUrl };

    const text = await cli(["report"], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/2026-W47\s+Team De Vonk\s+4\s+4\s+1\s+1\s+2\s+2\s+0\s+0/);
    const week = await cli(["report", "--week", "48", "--format", "csv"], { env });
    expect(week.stdout.split("\r\n").filter(Boolean)).toHaveLength(4);
    expect(week.stdout).toContain("2026-W48,Team De Vonk,4,4,0,0,4,4,0,0");

    const file = join(d.dir, "chart.png");
    const png = await cli(["report", "--format", "png", "--out", file], { env });
    expect(png.code).toBe(0);
    expect(pngSize(readFileSync(file))).toEqual({ width: 1200, height: 720 });
    expect((await cli(["report", "--format", "png"], { env })).code).toBe(2);
    expect((await cli(["report", "--format", "pdf"], { env })).code).toBe(2);

    const answers = await cli(["export", "answers", "--format", "md"], { env });
    expect(answers.code).toBe(0);
    expect(answers.stdout).toContain("Esra Yılmaz");
    expect(answers.stdout).not.toContain("oplossingen");
    // `questions` is what people asked the bot (none here), `prompts` the reflection prompts sent.
    const asked = await cli(["export", "questions"], { env });
    expect(asked.code).toBe(0);
    expect(asked.stdout).toBe("datum,week,rol,taal,vraag,antwoord gevonden,bronnen,beoordeling\r\n");
    const prompts = await cli(["export", "prompts", "--format", "md"], { env });
    expect(prompts.stdout).toContain("## Gestelde reflectievragen");
    expect(prompts.stdout).toMatch(/\| 2026-11-24 \| 2026-W48 \| .+ \| 12 \|/);
    expect((await cli(["export", "everything"], { env })).code).toBe(2);
  });
});
