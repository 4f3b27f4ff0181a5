import { describe, expect, it } from "vitest";
import { PACE_MARGIN, Pacer, paceWindow } from "../../src/core/pacing.js";

const WORKSPACE = { key: "slack:T1", perSecond: 50 };

/** Runs `n` sends through the pacer at once and returns when each one started, relative to the first. */
async function starts(pacer: Pacer, n: number, limits = [WORKSPACE]) {
  const at: number[] = [];
  await Promise.all(
    Array.from({ length: n }, () =>
      pacer.run(limits, async () => {
        at.push(performance.now());
      }),
    ),
  );
  return at.map((t) => t - (at[0] as number));
}

describe("the pacer", () => {
  it("paces a burst at just under the limit: never more than the limit in any second", async () => {
    const n = 150;
    const at = await starts(new Pacer(), n);
    // No 51 within one second (the pacer's clock has whole milliseconds).
    for (let i = 50; i < at.length; i++)
      expect((at[i] as number) - (at[i - 50] as number)).toBeGreaterThanOrEqual(990);
    // In the long run about n / (50 × 97 %) seconds: not much faster, and no more than a few % slower.
    const expected = (n / (50 * PACE_MARGIN)) * 1_000;
    expect(at.at(-1)).toBeGreaterThan(0.9 * expected);
    expect(at.at(-1)).toBeLessThan(1.04 * expected);
  });

  it("sends to a Slack channel (one a second) one at a time, a second apart", async () => {
    const at = await starts(new Pacer(), 3, [{ key: "slack:T1:C1", perSecond: 1 }, WORKSPACE]);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(990);
  });

  it("sizes its windows so no second holds more than the limit, with the margin's room for late arrivals", () => {
    for (const margin of [PACE_MARGIN, 0.98])
      for (const perSecond of [1, 2, 3, 7, 10, 20, 49, 50, 60, 100]) {
        const { cap, intervalMs } = paceWindow(perSecond, margin);
        expect(cap).toBeGreaterThanOrEqual(1);
        // The long-run rate is the limit × margin.
        expect(cap / intervalMs).toBeCloseTo((perSecond * margin) / 1_000, 9);
        // Windows opening back to back, each with `cap` starts: count the starts in any
        // second, widened by what the margin leaves for a send that arrives late.
        const room = 1_000 / margin - 1_000 - 1;
        const opens = Array.from({ length: 200 }, (_, i) => i * intervalMs);
        for (const from of opens) {
          const inSecond = opens.filter((t) => t >= from && t < from + 1_000 + room).length * cap;
          expect(inSecond).toBeLessThanOrEqual(perSecond);
        }
      }
    // A window long enough that a late timer costs little, short enough that its sends leave nearly together.
    expect(paceWindow(50).cap).toBeGreaterThan(1);
    expect(paceWindow(10).cap).toBeGreaterThan(1);
    for (const perSecond of [10, 50, 100]) expect(paceWindow(perSecond).cap).toBeLessThanOrEqual(5);
    expect(paceWindow(1).cap).toBe(1);
    // A limit that is not a whole number (a configured 650 a minute): one at a time, as ever.
    expect(paceWindow(650 / 60).cap).toBe(1);
    for (const perSecond of [10, 50]) expect(paceWindow(perSecond).intervalMs).toBeLessThanOrEqual(250);
  });

  it("keeps targets apart: a busy workspace does not slow another", async () => {
    const pacer = new Pacer();
    const busy = starts(pacer, 40);
    const other = await starts(pacer, 5, [{ key: "slack:T2", perSecond: 50 }]);
    expect(other.at(-1)).toBeLessThan(600);
    await busy;
  });

  it("pauses the whole target after a 'later' and resumes at the pace", async () => {
    const pacer = new Pacer();
    await pacer.run([WORKSPACE], async () => {});
    const paused = performance.now();
    expect(pacer.pause([WORKSPACE], 400)).toBe(400);
    const at = await starts(pacer, 3);
    const first = performance.now() - paused - (at.at(-1) as number);
    expect(first).toBeGreaterThanOrEqual(380);
  });

  it("without Retry-After pauses 1 s, then 2 s, until a send goes through; sends that left together count once", async () => {
    const pacer = new Pacer();
    const TEAMS = { key: "teams:t1", perSecond: 50 };
    expect(pacer.pause([TEAMS])).toBe(1_000);
    // The rest of that window's sends hear "later" too: the same overload, the same pause.
    for (let i = 0; i < 9; i++) expect(pacer.pause([TEAMS])).toBeLessThanOrEqual(1_000);
    await pacer.run([TEAMS], async () => {});
    // The next "later" after the pause: a second strike.
    expect(pacer.pause([TEAMS])).toBe(2_000);
    await pacer.run([TEAMS], async () => {});
    pacer.succeeded([TEAMS]);
    expect(pacer.pause([TEAMS])).toBe(1_000);
  }, 10_000);

  it("resumes after the later of two pauses that come close together (three 429s in a row)", async () => {
    const pacer = new Pacer();
    for (const ms of [100, 120, 140]) {
      pacer.pause([WORKSPACE], ms);
      await new Promise((r) => setTimeout(r, 5));
    }
    const started = performance.now();
    await pacer.run([WORKSPACE], async () => {});
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(pacer.pending).toBe(0);
  });

  it("lets a person waiting go before a fan-out in the same target", async () => {
    const pacer = new Pacer();
    const order: string[] = [];
    const bulk = Array.from({ length: 40 }, (_, i) =>
      pacer.run([WORKSPACE], async () => void order.push(`bulk-${i}`), "bulk"),
    );
    await new Promise((r) => setTimeout(r, 5));
    // The first window's sends left at once; the reply goes before every bulk send still waiting.
    const started = order.length;
    expect(started).toBeLessThan(20);
    const reply = pacer.run([WORKSPACE], async () => void order.push("reply"), "interactive");
    await Promise.all([...bulk, reply]);
    expect(order.indexOf("reply")).toBe(started);
  });
});
