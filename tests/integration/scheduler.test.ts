import { join } from "node:path";
import { reflections } from "../../src/features/index.js";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { deliveryId } from "../../src/features/reflections/service.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import type { RecordingAdapter } from "../helpers/harness.js";
import { startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { REDIS_URL, skipNotice, uniqueProgrammeId } from "../helpers/services.js";

skipNotice("two-schedulers-on-Redis", "REDIS_URL");

const TUESDAY_0900 = DateTime.fromISO("2026-11-17T09:00", { zone: "Europe/Amsterdam" }).toJSDate();
const FIRST = "reflection:2026-11-17T09:00";

const apps: TestApp[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

async function start(options: Parameters<typeof startTestApp>[0] & { sendLeaseMs?: number } = {}) {
  const t = await startTestApp({ now: TUESDAY_0900, ...options });
  apps.push(t);
  return t;
}

function sqliteUrl() {
  const d = tempDir();
  dirs.push(d);
  return `sqlite://${join(d.dir, "kampvuur.sqlite")}`;
}

const reflectionsTo = (adapter: RecordingAdapter) =>
  adapter.sent.filter((s) => s.message.kind === "reflection").map((s) => s.conversation);

describe("the scheduler", () => {
  it("sends every participant the Tuesday prompt at 09:00, once, however often it ticks", async () => {
    const t = await start();
    const scheduler = new Scheduler(t.app);
    expect((await scheduler.tick(new Date(TUESDAY_0900.getTime() - 60_000))).sent).toBe(0);
    expect((await scheduler.tick(TUESDAY_0900)).sent).toBe(12);
    expect((await scheduler.tick(new Date(TUESDAY_0900.getTime() + 60_000))).sent).toBe(0);
    expect(new Set(reflectionsTo(t.adapter)).size).toBe(12);
    expect(reflectionsTo(t.adapter)).toHaveLength(12);
  });

  it("after a failure half-way and a restart, sends to the rest and to nobody twice", async () => {
    const storeUrl = sqliteUrl();
    const first = await start({ storeUrl });
    first.adapter.failOnSend = 6;
    const crashed = await new Scheduler(first.app).tick(TUESDAY_0900);
    expect(crashed.sent).toBe(5);
    expect(crashed.failed).toBe(7);
    await first.close();

    // A new process on the same store, a minute later.
    const second = await start({ storeUrl, now: new Date(TUESDAY_0900.getTime() + 60_000) });
    const resumed = await new Scheduler(second.app).tick();
    expect(resumed.sent).toBe(7);
    const everyone = [...reflectionsTo(first.adapter), ...reflectionsTo(second.adapter)];
    expect(everyone).toHaveLength(12);
    expect(new Set(everyone).size).toBe(12);
    const anna = await second.app.store.deliveries.get(deliveryId("reflection", FIRST, "anna-de-vries"));
    expect(anna?.status).toBe("sent");
  });

  it("does not repeat a send that a dead process left half-done", async () => {
    const storeUrl = sqliteUrl();
    const t = await start({ storeUrl });
    const id = deliveryId("reflection", FIRST, "anna-de-vries");
    // What a process killed during the platform call leaves behind: a claim it never gave back.
    expect(await t.app.store.claims.acquire(`delivery:${id}`, "proc-dead:attempt", 1_000)).toBe("fresh");
    const scheduler = new Scheduler(t.app);
    const during = await scheduler.tick();
    expect(during.sent).toBe(11);
    expect(during.busy).toBe(1);
    await new Promise((r) => setTimeout(r, 1_100)); // the dead process's lease runs out
    t.clock.advance(60_000);
    const after = await scheduler.tick();
    expect(after.sent).toBe(0);
    expect(t.adapter.to("anna-de-vries")).toEqual([]);
    expect((await t.app.store.deliveries.get(id))?.status).toBe("interrupted");
    // and it is final: nothing more is tried
    t.clock.advance(60_000);
    expect((await scheduler.tick()).sent).toBe(0);
  });

  it("reminds those who did not answer after 48 hours, once", async () => {
    const t = await start();
    const scheduler = new Scheduler(t.app);
    await scheduler.tick(TUESDAY_0900);
    await t.chat("anna-de-vries").say("Ik heb vooral geluisterd.");
    const thursday = new Date(TUESDAY_0900.getTime() + 48 * 3_600_000);
    expect((await scheduler.tick(thursday)).sent).toBe(11);
    expect((await scheduler.tick(new Date(thursday.getTime() + 3_600_000))).sent).toBe(0);
    const reminded = t.adapter.sent
      .filter((s) => s.message.kind === "reflection-reminder")
      .map((s) => s.conversation);
    expect(reminded).toHaveLength(11);
    expect(reminded).not.toContain("test:anna-de-vries");
  });

  it("takes the lock in the store: a second scheduler on the same store waits its turn", async () => {
    const t = await start();
    const a = new Scheduler(t.app);
    const b = new Scheduler(t.app);
    const results = await Promise.all([a.tick(TUESDAY_0900), b.tick(TUESDAY_0900)]);
    expect(results.map((r) => r.sent).sort()).toEqual([0, 12]);
    expect(reflectionsTo(t.adapter)).toHaveLength(12);
  });
});

function twoProcesses(name: string, url: () => string | undefined) {
  describe.skipIf(!url())(`two schedulers sharing one ${name} store`, () => {
    it("never both send: exactly one delivery per participant", async () => {
      const programme = { ...(await startTestApp()).programme, id: uniqueProgrammeId("two") };
      const storeUrl = url() as string;
      const [one, two] = await Promise.all([start({ storeUrl, programme }), start({ storeUrl, programme })]);
      const results = await Promise.all(
        [0, 1, 2].flatMap(() => [
          new Scheduler(one.app).tick(TUESDAY_0900),
          new Scheduler(two.app).tick(TUESDAY_0900),
        ]),
      );
      const everyone = [...reflectionsTo(one.adapter), ...reflectionsTo(two.adapter)];
      expect(everyone).toHaveLength(12);
      expect(new Set(everyone).size).toBe(12);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
    });

    it("two fan-outs racing without the scheduler lock still send each message once (claims per delivery)", async () => {
      const programme = { ...(await startTestApp()).programme, id: uniqueProgrammeId("race") };
      const storeUrl = url() as string;
      const [one, two] = await Promise.all([start({ storeUrl, programme }), start({ storeUrl, programme })]);
      const occurrence = {
        id: "manual:race",
        kind: "reflection" as const,
        promptId: "mid-01",
        createdAt: TUESDAY_0900.toISOString(),
      };
      await Promise.all([
        one.app.api(reflections).fanout(occurrence),
        two.app.api(reflections).fanout(occurrence),
        one.app.api(reflections).fanout(occurrence),
        two.app.api(reflections).fanout(occurrence),
      ]);
      const everyone = [...reflectionsTo(one.adapter), ...reflectionsTo(two.adapter)];
      expect(everyone).toHaveLength(12);
      expect(new Set(everyone).size).toBe(12);
    });
  });
}

twoProcesses("Redis", () => REDIS_URL);
twoProcesses("SQLite", () => sqliteUrl());
