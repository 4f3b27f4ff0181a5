import { join } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { plainText } from "../../src/core/messages.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { buttonsOf, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { cli } from "../helpers/cli.js";

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const MARIEKE = "marieke-hoekstra";
const prompts = (t: TestApp) => t.adapter.sent.filter((s) => s.message.kind === "reflection");

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});
async function start(now: Date, storeUrl?: string) {
  const t = await startTestApp({ now, ...(storeUrl ? { storeUrl } : {}) });
  apps.push(t);
  return t;
}

describe("a coordinator's send of a reflection prompt", () => {
  it("in a week whose prompt already went out, needs 'Stuur een tweede'; the plain 'Versturen' sends nothing", async () => {
    const t = await start(at("2026-12-01T09:00"));
    await new Scheduler(t.app).tick(); // Tuesday: the weekly prompt to all 12
    expect(prompts(t)).toHaveLength(12);
    t.clock.set(at("2026-12-02T10:00"));
    const marieke = t.chat(MARIEKE);
    await marieke.say("stuur reflectie");
    const preview = marieke.lastReply;
    expect(plainText(preview!)).toContain(
      "Let op: deze week ging er al een reflectievraag uit (dinsdag 1 december). Twee vragen in één week is veel.",
    );
    expect(buttonsOf(preview).map((b) => b.label)).toEqual(["Stuur een tweede", "Annuleren"]);

    // The ordinary confirmation (an old preview's, or a forged click) does not send a second one.
    const second = buttonsOf(preview)[0]!;
    await marieke.click({ ...second, actionId: "fanout.confirm", label: "Versturen" });
    expect(prompts(t)).toHaveLength(12);
    expect(buttonsOf(marieke.updates.at(-1)).map((b) => b.label)).toEqual(["Stuur een tweede", "Annuleren"]);

    await marieke.click(second);
    expect(prompts(t)).toHaveLength(24);
    expect(marieke.updates.at(-1)?.text).toBe("Verstuurd naar 12 deelnemers.");
    expect(await t.app.audit.entries()).toEqual([
      expect.objectContaining({
        actorId: MARIEKE,
        action: "reflection.send",
        count: 12,
        detail: "second this week",
      }),
    ]);
  });

  it("counts who will get it now, and the unsubscribed apart from the unreachable", async () => {
    const t = await start(at("2026-11-24T10:00"));
    await t.chat("bram-jansen").say("afmelden");
    t.adapter.unreachable.add("anna-de-vries");
    const marieke = t.chat(MARIEKE);
    await marieke.say("stuur reflectie");
    expect(plainText(marieke.lastReply!)).toContain(
      "Deze reflectievraag gaat nu naar 10 deelnemers. 1 heeft zich afgemeld. 1 kan ik niet bereiken.",
    );
    await marieke.click(buttonsOf(marieke.lastReply).find((b) => b.label === "Versturen")!);
    expect(prompts(t)).toHaveLength(10);
    await marieke.say("stuur reflectie");
    expect(plainText(marieke.lastReply!)).toContain(
      "Deze reflectievraag gaat nu naar niemand. 10 hebben hem al. 1 heeft zich afgemeld. 1 kan ik niet bereiken. Er gaat niets uit.",
    );
    expect(buttonsOf(marieke.lastReply)).toEqual([]);
  });

  it("is in the audit log, which kampvuur audit lists without any content", async () => {
    const d = tempDir();
    dirs.push(d);
    const storeUrl = `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
    const t = await start(at("2026-11-24T10:00"), storeUrl);
    const marieke = t.chat(MARIEKE);
    await marieke.say("stuur reflectie");
    await marieke.click(buttonsOf(marieke.lastReply).find((b) => b.label === "Versturen")!);
    await t.close();
    apps.splice(0);
    const listed = await cli(["audit"], { env: { KAMPVUUR_STORE: storeUrl } });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^2026-11-24 10:00 {2}Marieke Hoekstra\s+reflection\.send\s+12\n1 entry in /,
    );
    const json = await cli(["audit", "--json"], { env: { KAMPVUUR_STORE: storeUrl } });
    expect(JSON.parse(json.stdout.trim())).toEqual({
      at: "2026-11-24T09:00:00.000Z",
      actorId: MARIEKE,
      action: "reflection.send",
      count: 12,
    });
  });
});
