import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it, vi } from "vitest";
import { overview, reflections } from "../../src/features/index.js";
import { reflectionsParticipation } from "../../src/features/reflections/participation.js";
import { PromptBank } from "../../src/features/reflections/prompt-bank.js";
import { Overview, type OverviewReport } from "../../src/features/overview/service.js";
import { WARM_DELAY_MS } from "../../src/features/overview/counts-cache.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { loadAppProgramme } from "../../src/app.js";
import { REDIS_URL, uniqueProgrammeId } from "../helpers/services.js";
import { buttonsOf, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

/**
 * The overview keeps everyone's counts in memory and counts again only the people whose
 * records changed: after every kind of change the counts it shows equal a count from
 * scratch (a fresh overview on the same store, which reads everything).
 */
const at = (local: string) => DateTime.fromISO(local, { zone: "Europe/Amsterdam" }).toJSDate();
const ANNA = "anna-de-vries";
const BRAM = "bram-jansen";
const ESRA = "esra-yilmaz";
const FRANK = "frank-mulder";

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});
const sqliteUrl = () => {
  const d = tempDir();
  dirs.push(d);
  return `sqlite://${join(d.dir, "counts.sqlite")}`;
};

async function start(storeUrl: string, id = uniqueProgrammeId("counts")) {
  const programme = { ...(await loadAppProgramme()), id };
  const t = await startTestApp({ storeUrl, now: at("2026-11-17T09:00"), programme });
  apps.push(t);
  return t;
}

/** What the overview shows (every team, every week). */
const shown = (t: TestApp) => {
  const api = t.app.api(overview);
  return api.report(api.teamsFor("cli"));
};
/** The same from scratch: a new overview on the same store, with nothing kept. */
const fromScratch = (t: TestApp): Promise<OverviewReport> => {
  const api = t.app.api(overview);
  const fresh = new Overview(t.app.bot, api.sources, t.app.audit);
  return fresh.report(fresh.teamsFor("cli"));
};
/**
 * The reflections' counts read both ways the source can: each occurrence's deliveries as one
 * key range (what it does for 500 people and more, where the store can) and by listed ids.
 */
const bothWays = async (t: TestApp) => {
  const bank = await PromptBank.load();
  const ids = t.app.bot.directory.all().map((p) => p.id);
  const ranged = reflectionsParticipation(t.app.bot, bank, { rangeReadFrom: 1 });
  const listed = reflectionsParticipation(t.app.bot, bank, { rangeReadFrom: Number.POSITIVE_INFINITY });
  return { ranged: await ranged.counts(ids), listed: await listed.counts(ids) };
};
const cell = (report: OverviewReport, week: string, team: string) =>
  report.rows.find((r) => r.week === week && r.team.name === team)?.counts;

const STORES: [string, () => string | undefined][] = [
  ["SQLite", sqliteUrl],
  ["memory", () => "memory://"],
  ["Redis (nothing kept: replicas may write)", () => REDIS_URL],
];

describe.each(STORES)("the overview's counts on %s", (_name, url) => {
  it.skipIf(!url())(
    "stay equal to a count from scratch after late answers, skips, a shared answer, reminders and an erasure",
    async () => {
      const t = await start(url() as string);
      const scheduler = new Scheduler(t.app);
      await scheduler.tick(); // the prompt of 17 November to all 12
      const api = t.app.api(overview);
      const check = async () => {
        const kept = await shown(t);
        expect(kept.rows).toEqual((await fromScratch(t)).rows);
        const { ranged, listed } = await bothWays(t);
        expect(ranged).toEqual(listed);
        return kept;
      };
      const first = await check();
      expect(cell(first, "2026-W47", "Team De Vonk")).toMatchObject({
        prompts: 4,
        answered: 0,
        noResponse: 4,
      });
      const kept = api.counts.size;

      // Anna answers; only her counts are read again.
      await t.chat(ANNA).say("Ik merkte dat ik te snel met oplossingen kwam, dat wil ik anders doen.");
      if (kept > 0) expect(api.counts.size).toBe(kept - 1);
      expect(cell(await check(), "2026-W47", "Team De Vonk")).toMatchObject({ answered: 1, noResponse: 3 });

      // Bram skips, Esra answers for her team, then makes it private again.
      await t.chat(BRAM).say("overslaan");
      const esra = t.chat(ESRA);
      await esra.say("antwoord");
      await esra.submit(esra.lastForm as NonNullable<typeof esra.lastForm>, {
        answer: "Met het team: loslaten.",
        visibility: "group",
      });
      // …and then keeps it to herself after all (an edit: the counts stay, the check runs again).
      await esra.say("wijzig 1");
      await esra.submit(esra.lastForm as NonNullable<typeof esra.lastForm>, {
        answer: "Met het team: loslaten.",
        visibility: "private",
      });
      expect((await t.app.api(reflections).answersOf(ESRA))[0]?.visibility).toBe("private");
      expect(cell(await check(), "2026-W47", "Team De Vonk")).toMatchObject({ skipped: 1, answered: 1 });

      // Two days later the reminders; a week later the next prompt, and Frank answers last week's late.
      t.clock.set(at("2026-11-19T09:05"));
      await scheduler.tick();
      expect(cell(await check(), "2026-W47", "Team De Vonk")).toMatchObject({ reminders: 2 });
      t.clock.set(at("2026-11-24T09:00"));
      await scheduler.tick();
      const week47 = (await t.app.store.occurrenceIndex.get("all"))?.occurrences[0];
      const service = t.app.api(reflections);
      const frank = t.app.bot.directory.get(FRANK);
      const prompt = await service.receivedPrompt(FRANK, week47?.id as string);
      if (frank && prompt) await service.saveAnswer(frank, prompt, "Laat, maar toch.", "mentor");
      const late = await check();
      expect(cell(late, "2026-W47", "Team Zonnedorp")).toMatchObject({ answered: 2 });
      expect(cell(late, "2026-W48", "Team Zonnedorp")).toMatchObject({ prompts: 4, answered: 0 });

      // A session-day task ticked off, and Anna's data erased.
      t.clock.set(at("2026-12-03T09:00"));
      await scheduler.tick();
      const anna = t.chat(ANNA);
      await anna.say("bijeenkomst");
      const done = buttonsOf(anna.lastReply).find((b) => b.label === "Gedaan");
      if (done) await anna.click(done);
      expect(cell(await check(), "2026-W50", "Team De Vonk")?.tasksDone).toBe(done ? 1 : 0);
      await t.app.personalData.erase(ANNA);
      expect(cell(await check(), "2026-W47", "Team De Vonk")).toMatchObject({ answered: 0 });
    },
  );
});

describe("the overview's counts across processes", () => {
  it("see what another process wrote to the same SQLite store", async () => {
    const storeUrl = sqliteUrl();
    const id = uniqueProgrammeId("counts");
    const a = await start(storeUrl, id);
    await new Scheduler(a.app).tick();
    expect(cell(await shown(a), "2026-W47", "Team De Vonk")).toMatchObject({ answered: 0 });
    const b = await start(storeUrl, id);
    await b.chat(ANNA).say("Ik merkte dat ik te snel met oplossingen kwam, dat wil ik anders doen.");
    await b.chat(BRAM).say("overslaan");
    const seen = await shown(a);
    expect(cell(seen, "2026-W47", "Team De Vonk")).toMatchObject({ answered: 1, skipped: 1 });
    expect(seen.rows).toEqual((await fromScratch(a)).rows);
  });

  it("are read ahead by the bot a minute after the scheduler's first pass", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"], shouldAdvanceTime: true });
    const t = await start("memory://");
    await new Scheduler(t.app).tick();
    const api = t.app.api(overview);
    expect(api.counts.size).toBe(0);
    await vi.advanceTimersByTimeAsync(WARM_DELAY_MS + 1);
    await vi.waitFor(() => expect(api.counts.size).toBe(12));
  });
});
