import { readFile } from "node:fs/promises";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { loadAppProgramme, programmeSections } from "../../src/app.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { DEMO_PROGRAMME, ProgrammeError, parseProgramme } from "../../src/config/programme.js";
import { plainText } from "../../src/core/messages.js";
import { reflections, retention } from "../../src/features/index.js";
import { retentionSettings } from "../../src/features/retention/settings.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { runSimulation, weeklyTable } from "../../src/simulation/simulate.js";
import type { Store } from "../../src/storage/store.js";
import { cli } from "../helpers/cli.js";
import { DEMO_NOW, type RecordingAdapter, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { skipNotice, storeBackends, uniqueProgrammeId } from "../helpers/services.js";

skipNotice("Redis retention", "REDIS_URL");
skipNotice("PostgreSQL retention", "POSTGRES_URL");

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const ANNA = "anna-de-vries";
const BRAM = "bram-jansen";
const HAMID = "hamid-el-amrani"; // chose English in the programme file
const SECRET = "Mijn geheime zin over de wethouder, voor de bewaartermijn.";
const BRAMS = "Bram schreef dit over de buurtkamer, voor zijn mentor.";
const QUESTION = "wat doet een buurtregisseur precies in de wijk?";
/** The demo's participants and mentors: everyone who gets the warning. */
const RECIPIENTS = 12 + 3;
/** The demo's last session day is 11 February 2027: the warning 76 days later, the deletion 90. */
const WARN = "2027-04-28T09:00";
const DELETE = "2027-05-12T09:00";

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});
async function start(storeUrl: string, programme: Programme, now: Date) {
  const t = await startTestApp({ storeUrl, programme, now });
  apps.push(t);
  return t;
}
/** The same programme on the same store in a new process, as after a restart. */
async function restart(t: TestApp, storeUrl: string, now: Date) {
  await t.close();
  apps.splice(apps.indexOf(t), 1);
  return start(storeUrl, t.programme, now);
}
const warnings = (adapter: RecordingAdapter) =>
  adapter.sent.filter((s) => s.message.kind === "retention.warning");
const everyoneIn = (p: Programme) => [...p.participants, ...p.mentors, ...p.coordinators].map((x) => x.id);

/** Anna answers privately, Bram for his mentor (so a copy reaches Henk), and Anna asks a question. */
async function planted(t: TestApp) {
  await new Scheduler(t.app).tick();
  const service = t.app.api(reflections);
  for (const [id, words, visibility] of [
    [ANNA, SECRET, "private"],
    [BRAM, BRAMS, "mentor"],
  ] as const) {
    const prompt = await service.latestPrompt(id);
    await service.saveAnswer(t.app.bot.directory.get(id)!, prompt!, words, visibility);
  }
  await t.chat(ANNA).say(`stel vraag ${QUESTION}`);
}

/** Every record of the store's programme as stored (key → raw value), read by the test itself. */
async function snapshot(store: Store): Promise<string> {
  const namespace = store.keyv.namespace as string;
  const adapter = store.keyv.opts.store as unknown as {
    query(sql: string, ...params: unknown[]): Promise<{ key: string; value: string }[]>;
    opts: { table: string; schema?: string };
    getClient(): Promise<{
      keys(p: string): Promise<string[]>;
      mGet(k: string[]): Promise<(string | null)[]>;
    }>;
  };
  let rows: { key: string; value: string }[];
  if (store.kind === "sqlite")
    rows = await adapter.query(
      `SELECT key, value FROM ${adapter.opts.table} WHERE key LIKE ?`,
      `${namespace}:%`,
    );
  else if (store.kind === "postgres")
    rows = await adapter.query(
      `SELECT key, value FROM ${adapter.opts.schema}.${adapter.opts.table} WHERE key LIKE $1`,
      [`${namespace}:%`],
    );
  else {
    const client = await adapter.getClient();
    const keys = await client.keys(`${namespace}:*`);
    const values = keys.length ? await client.mGet(keys) : [];
    rows = keys.map((key, i) => ({ key, value: values[i] ?? "" }));
  }
  // Claims (Redis keeps them with the records) expire by themselves and hold no content.
  return rows
    .filter((r) => !r.key.includes(":claim:"))
    .map((r) => `${r.key} ${r.value}`)
    .sort()
    .join("\n");
}

for (const backend of storeBackends(dirs, tempDir)) {
  describe.skipIf(backend.skip)(`deletion after the programme on ${backend.name}`, () => {
    it("warns every participant and mentor once, 14 days before; deletes everything on the day, once", async () => {
      const storeUrl = backend.url();
      const programme = { ...(await loadAppProgramme()), id: uniqueProgrammeId("retention") };
      let t = await start(storeUrl, programme, DEMO_NOW);
      await planted(t);
      let scheduler = new Scheduler(t.app);

      // Not the evening before, not at 08:59 on the day.
      for (const before of ["2027-04-27T20:00", "2027-04-28T08:59"]) {
        t.clock.set(at(before));
        await scheduler.tick();
        expect(warnings(t.adapter), before).toEqual([]);
      }
      t.clock.set(at(WARN));
      await scheduler.tick();
      t.clock.set(at("2027-04-28T09:01"));
      await scheduler.tick();
      const sent = warnings(t.adapter);
      expect(sent).toHaveLength(RECIPIENTS);
      expect(new Set(sent.map((s) => s.conversation)).size).toBe(RECIPIENTS);
      const toAnna = t.adapter.to(ANNA).filter((m) => m.kind === "retention.warning");
      expect(toAnna).toHaveLength(1);
      expect(toAnna[0]?.text).toMatch(
        /^Over 14 dagen verwijdert kampvuur je antwoorden en gegevens uit deze leergang\. Wil je ze bewaren\? Typ \*mijn gegevens\*\./,
      );
      expect(toAnna[0]?.text).toContain("woensdag 12 mei 2027");
      const toHamid = t.adapter.to(HAMID).find((m) => m.kind === "retention.warning");
      expect(toHamid?.text).toMatch(
        /^In 14 days kampvuur deletes your answers and data from this programme\./,
      );
      expect(toHamid?.text).toContain("That is on Wednesday 12 May 2027.");
      // Coordinators do not get it.
      for (const c of programme.coordinators) expect(t.adapter.to(c.id)).toEqual([]);
      const ids = sent.map((s) => s.conversation.replace(/^test:/, ""));
      const records = await t.app.store.deliveries.getMany(
        ids.map((id) => `retention:2027-05-12:warning:${id}`),
      );
      expect(records.every((r) => r?.status === "sent")).toBe(true);

      // After a restart on the same store: nobody gets it again.
      t = await restart(t, storeUrl, at("2027-04-28T10:00"));
      scheduler = new Scheduler(t.app);
      await scheduler.tick();
      t.clock.set(at("2027-05-01T09:00"));
      await scheduler.tick();
      expect(warnings(t.adapter)).toEqual([]);

      // The day before the deletion, and 08:59 on the day: everything is still there.
      for (const before of ["2027-05-11T12:00", "2027-05-12T08:59"]) {
        t.clock.set(at(before));
        await scheduler.tick();
        expect((await t.app.personalData.export(ANNA)).parts.reflections, before).toBeDefined();
      }
      const stored = await snapshot(t.app.store);
      for (const words of [SECRET, BRAMS, QUESTION]) expect(stored).toContain(words);
      expect((await t.app.audit.entries()).filter((e) => e.action === "retention.erase")).toEqual([]);

      t.clock.set(at(DELETE));
      await scheduler.tick();
      const after = await snapshot(t.app.store);
      for (const words of [SECRET, BRAMS, QUESTION]) expect(after).not.toContain(words);
      for (const id of everyoneIn(programme)) {
        expect((await t.app.personalData.export(id)).parts, id).toEqual({});
        expect(t.app.bot.directory.isErased(id), id).toBe(true);
      }
      const audit = (await t.app.audit.entries()).filter((e) => e.action === "retention.erase");
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: "retention",
        count: everyoneIn(programme).length,
        at: at(DELETE).toISOString(),
      });
      expect(audit[0]?.detail).toMatch(/^\d+ records, 90 days after the last session day$/);

      // Again, later, and after another restart: nothing deleted, nothing sent, one audit entry.
      const run = await t.app.api(retention).load();
      t.clock.set(at("2027-05-12T09:05"));
      await scheduler.tick();
      expect(await t.app.api(retention).deleteAll()).toBeUndefined();
      t = await restart(t, storeUrl, at("2027-05-13T09:00"));
      await new Scheduler(t.app).tick();
      expect(t.adapter.sent).toEqual([]);
      expect(await t.app.api(retention).load()).toEqual(run);
      expect((await t.app.audit.entries()).filter((e) => e.action === "retention.erase")).toHaveLength(1);
      expect(await snapshot(t.app.store)).toBe(after);
    }, 60_000);
  });
}

describe("retention: in the programme file", () => {
  const demo = () => readFile(DEMO_PROGRAMME, "utf8");
  const problems = (text: string) => {
    try {
      parseProgramme(text, "p.yaml", programmeSections());
    } catch (error) {
      expect(error).toBeInstanceOf(ProgrammeError);
      return (error as ProgrammeError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    return [];
  };

  it("defaults to 90 days after the last session day, with the warning 14 days before", async () => {
    expect(retentionSettings.of(parseProgramme(await demo(), "p.yaml", programmeSections()))).toEqual({
      afterLastSessionDays: 90,
      warnDaysBefore: 14,
    });
    const own = parseProgramme(
      `${await demo()}\nretention:\n  afterLastSessionDays: 30\n`,
      "p.yaml",
      programmeSections(),
    );
    expect(retentionSettings.of(own)).toEqual({ afterLastSessionDays: 30, warnDaysBefore: 14 });
  });

  it("takes positive whole days only, the warning earlier than the deletion, and reports a mistake by its path", async () => {
    const text = await demo();
    const section = (body: string) => `${text}\nretention:\n${body}\n`;
    expect(problems(section("  afterLastSessionDays: 0"))).toEqual([
      "retention.afterLastSessionDays: use 1 or more days",
    ]);
    expect(problems(section("  warnDaysBefore: 1.5"))).toEqual([
      "retention.warnDaysBefore: use a whole number of days",
    ]);
    expect(problems(section("  afterLastSessionDays: 10\n  warnDaysBefore: 10"))).toEqual([
      "retention.warnDaysBefore: must be fewer days than afterLastSessionDays: the message goes before the deletion",
    ]);
    expect(problems(section('  afterLastSessionDays: "90"'))[0]).toMatch(
      /^retention\.afterLastSessionDays: /,
    );
    expect(problems(section("  keepDays: 90"))[0]).toMatch(/^retention: /);
  });
});

describe("retention in kampvuur privacy status and simulate", () => {
  it("status shows per part how many people it keeps something about, and the dates in words; after the deletion that it ran", async () => {
    const d = tempDir();
    dirs.push(d);
    const storeUrl = `sqlite://${d.dir}/kampvuur.sqlite`;
    const programme = await loadAppProgramme();
    const t = await start(storeUrl, programme, DEMO_NOW);
    await planted(t);
    const env = { KAMPVUUR_STORE: storeUrl };

    const before = await cli(["privacy", "status"], { env, now: at("2027-03-01T10:00") });
    expect(before.code).toBe(0);
    expect(before.stdout).toContain("Verwijderde personen: 0.");
    expect(before.stdout).toMatch(/^ {2}reflections \(\d+ personen\): /m);
    expect(before.stdout).toMatch(/^ {2}questions \(1 persoon\): /m);
    expect(before.stdout).toContain(
      "  retention (0 personen): Het bericht over het verwijderen na de leergang. Dat bericht gaat op woensdag 28 april 2027. Op woensdag 12 mei 2027 verwijdert kampvuur alle antwoorden en gegevens uit deze leergang.",
    );
    // Counting is no export: nothing audited.
    expect((await t.app.audit.entries()).filter((e) => e.action === "privacy.export")).toEqual([]);

    t.clock.set(at(DELETE));
    await new Scheduler(t.app).tick();
    const after = await cli(["privacy", "status"], { env });
    const people = everyoneIn(programme).length;
    expect(after.stdout).toContain(`Verwijderde personen: ${people}.`);
    expect(after.stdout).toMatch(/^ {2}reflections \(0 personen\): /m);
    expect(after.stdout).toContain(
      `  retention (0 personen): Op woensdag 12 mei 2027 heeft kampvuur alle antwoorden en gegevens uit deze leergang verwijderd (van ${people} personen).`,
    );
  });

  it("simulate shows the warnings in their week when its span reaches them", async () => {
    const programme = await loadAppProgramme();
    const run = await runSimulation({ programme, from: at("2027-04-26T00:00"), weeks: 1 });
    const sent = run.messages.filter((m) => m.kind === "retention.warning");
    expect(sent).toHaveLength(RECIPIENTS);
    expect(sent[0]?.at).toBe("2027-04-28T09:00:00+02:00");
    expect(plainText({ text: sent[0]?.text })).toMatch(/^Over 14 dagen verwijdert kampvuur/);
    const table = weeklyTable(programme, run.messages, run.from, run.weeks);
    expect(table).toMatch(/26 apr 2027 .*bericht over verwijderen 15/);
  });
});
