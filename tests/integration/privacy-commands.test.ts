import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { plainText } from "../../src/core/messages.js";
import { reflections } from "../../src/features/index.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { cli } from "../helpers/cli.js";
import { buttonsOf, DEMO_NOW, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";

const ANNA = "anna-de-vries";
const BRAM = "bram-jansen";
const SECRET = "Mijn geheime zin over de wethouder, alleen voor mij.";
const BRAMS = "Bram schreef dit over de buurtkamer.";

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});
const sqlite = () => {
  const d = tempDir();
  dirs.push(d);
  return `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
};
async function start(storeUrl = "memory://", now = DEMO_NOW) {
  const t = await startTestApp({ storeUrl, now });
  apps.push(t);
  return t;
}

/** Anna and Bram each answer this week's prompt, privately. */
async function answered(t: TestApp) {
  await new Scheduler(t.app).tick();
  const service = t.app.api(reflections);
  for (const [id, words] of [
    [ANNA, SECRET],
    [BRAM, BRAMS],
  ] as const) {
    const prompt = await service.latestPrompt(id);
    await service.saveAnswer(t.app.bot.directory.get(id)!, prompt!, words, "private");
  }
}

describe("mijn gegevens", () => {
  it("shows the person everything kept about them, and nothing of anyone else; audited", async () => {
    const t = await start();
    await answered(t);
    const anna = t.chat(ANNA);
    await anna.say("mijn gegevens");
    const shown = plainText({ blocks: anna.lastReply?.blocks ?? [] });
    expect(shown).toContain("Dit bewaart kampvuur over jou, Anna");
    expect(shown).toContain(SECRET);
    expect(shown).toContain("## reflections");
    expect(shown).not.toContain(BRAMS);
    expect(shown).not.toContain(BRAM);
    const audit = await t.app.audit.entries();
    expect(audit.map((e) => [e.actorId, e.action])).toContainEqual([ANNA, "privacy.export"]);
  });
});

describe("verwijder mij", () => {
  it("says what goes and what stays, asks, erases everything, and the bot no longer writes to them, also after a restart", async () => {
    const storeUrl = sqlite();
    const t = await start(storeUrl);
    await answered(t);
    const anna = t.chat(ANNA);
    await anna.say("verwijder mij");
    const ask = anna.lastReply;
    expect(plainText({ blocks: ask?.blocks ?? [] })).toContain("Dit blijft: tellingen zonder naam");
    const [confirm, cancel] = buttonsOf(ask);
    expect(confirm?.label).toBe("Ja, verwijder alles");
    // Bram cannot press Anna's button.
    const bram = t.chat(BRAM);
    await bram.click(confirm!);
    expect(bram.lastReply?.text).toBe("Deze knop hoort bij iemand anders.");
    expect((await t.app.personalData.export(ANNA)).parts.reflections).toBeDefined();
    // "Nee, toch niet" erases nothing.
    await anna.click(cancel!);
    expect(anna.updates.at(-1)?.text).toBe("Goed, ik verwijder niets.");
    expect((await t.app.personalData.export(ANNA)).parts.reflections).toBeDefined();

    await anna.click(confirm!);
    expect(anna.updates.at(-1)?.text).toMatch(/^Je gegevens zijn verwijderd/);
    expect((await t.app.personalData.export(ANNA)).parts).toEqual({});
    // Bram's answer is untouched.
    expect((await t.app.personalData.export(BRAM)).parts.reflections).toBeDefined();
    // What she sends now gets "not in the programme"; the audit keeps no name.
    await anna.say("help");
    expect(anna.lastReply?.text).toMatch(/niet|not/i);
    expect(anna.lastReply?.text).not.toContain("Anna");
    const audit = await t.app.audit.entries();
    expect(audit.find((e) => e.action === "privacy.erase")).toMatchObject({
      actorId: "erased",
      detail: "own",
    });
    expect(audit.some((e) => e.actorId === ANNA)).toBe(false);

    // After a restart on the same store: no prompt for her next week, Bram still gets his.
    await t.close();
    apps.splice(apps.indexOf(t), 1);
    const next = await start(storeUrl, new Date(DEMO_NOW.getTime() + 7 * 86_400_000));
    await new Scheduler(next.app).tick();
    expect(next.adapter.to(ANNA)).toEqual([]);
    expect(next.adapter.to(BRAM).some((m) => m.kind === "reflection")).toBe(true);
  });
});

describe("kampvuur privacy", () => {
  it("exports as JSON and Markdown, erases only with --yes, and adds an erased person back", async () => {
    const storeUrl = sqlite();
    const t = await start(storeUrl);
    await answered(t);
    await t.close();
    apps.splice(0);
    const env = { KAMPVUUR_STORE: storeUrl };

    const json = await cli(["privacy", "export", ANNA, "--format", "json"], { env });
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout) as { personId: string; parts: Record<string, unknown> };
    expect(data.personId).toBe(ANNA);
    expect(JSON.stringify(data.parts)).toContain(SECRET);
    expect(json.stdout).not.toContain(BRAMS);
    const md = await cli(["privacy", "export", ANNA], { env });
    expect(md.stdout).toMatch(/^# Je gegevens: Anna de Vries/);

    const unsure = await cli(["privacy", "erase", ANNA], { env });
    expect(unsure.code).toBe(2);
    expect(unsure.stdout).toContain("kampvuur privacy erase anna-de-vries --yes");
    expect((await cli(["privacy", "export", ANNA, "--format", "json"], { env })).stdout).toContain(SECRET);

    const sure = await cli(["privacy", "erase", ANNA, "--yes"], { env });
    expect(sure.code).toBe(0);
    expect(sure.stdout).toMatch(/^Verwijderd: alles van Anna de Vries/);
    expect((await cli(["privacy", "export", ANNA, "--format", "json"], { env })).stdout).not.toContain(
      SECRET,
    );
    expect((await cli(["privacy", "status"], { env })).stdout).toContain("Verwijderde personen: 1.");

    expect((await cli(["privacy", "readd", ANNA], { env })).stdout).toContain("Anna de Vries doet weer mee");
    expect((await cli(["privacy", "export", "nobody-here"], { env })).code).toBe(2);
    const back = await start(storeUrl, new Date(DEMO_NOW.getTime() + 7 * 86_400_000));
    await new Scheduler(back.app).tick();
    expect(back.adapter.to(ANNA).some((m) => m.kind === "reflection")).toBe(true);
  });
});
