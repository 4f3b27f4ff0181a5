import { describe, expect, it } from "vitest";
import { Pacer } from "../../src/core/pacing.js";

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
  it("spreads a burst evenly at just under the limit: never more than the limit in any second", async () => {
    const at = await starts(new Pacer(), 60);
    // 60 sends at 97% of 50 a second: about 1.2 s, and no 51 within one second.
    expect(at.at(-1)).toBeGreaterThan(1_150);
    for (let i = 50; i < at.length; i++)
      expect((at[i] as number) - (at[i - 50] as number)).toBeGreaterThanOrEqual(990);
    // Evenly: no two sends closer than most of the spacing (20.6 ms).
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThan(15);
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
    // Without Retry-After: 1 s, then 2 s (the strikes grow until a send goes through).
    expect(pacer.pause([WORKSPACE])).toBe(1_000);
    expect(pacer.pause([WORKSPACE])).toBe(2_000);
    pacer.succeeded([WORKSPACE]);
    expect(pacer.pause([WORKSPACE])).toBe(1_000);
  });

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
    const bulk = Array.from({ length: 20 }, (_, i) =>
      pacer.run([WORKSPACE], async () => void order.push(`bulk-${i}`), "bulk"),
    );
    const reply = pacer.run([WORKSPACE], async () => void order.push("reply"), "interactive");
    await Promise.all([...bulk, reply]);
    expect(order.indexOf("reply")).toBeLessThan(3);
  });

  it("keeps the spacing after a send that needed no queue, and forgets idle targets", async () => {
    const pacer = new Pacer();
    const channel = { key: "slack:T1:U1", perSecond: 10 };
    const first = performance.now();
    await pacer.run([channel], async () => {});
    // The next send comes at once: it waits out the spacing (103 ms) after the first.
    let second = 0;
    await pacer.run([channel], async () => {
      second = performance.now();
    });
    expect(second - first).toBeGreaterThanOrEqual(100);
    expect(pacer.pending).toBe(0);
    // A send to each of thousands of people: nothing kept per person once they are idle.
    await Promise.all(
      Array.from({ length: 3_000 }, (_, i) =>
        pacer.run([{ key: `slack:T1:P${i}`, perSecond: 1 }], async () => {}),
      ),
    );
    await new Promise((r) => setTimeout(r, 1_100));
    // The next sweep (when the count has doubled) drops every idle one.
    await Promise.all(
      Array.from({ length: 1_200 }, (_, i) =>
        pacer.run([{ key: `slack:T1:Q${i}`, perSecond: 1 }], async () => {}),
      ),
    );
    expect((pacer as unknown as { targets: Map<string, unknown> }).targets.size).toBeLessThan(3_000);
    expect(pacer.pending).toBe(0);
  });

  describe("a limit counted per window (Teams: 50 requests in any second)", () => {
    const TENANT = { key: "teams:app:tenant", perSecond: 50, windowMs: 1_000 };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    it("never lets 50 requests arrive within a second, however late they arrive", async () => {
      const pacer = new Pacer();
      const arrivals: number[] = [];
      // Each request arrives somewhere between its start and its answer, up to 60 ms late
      // (a busy event loop, a slow network), in a repeatable pseudo-random order.
      let seed = 7;
      const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * 60;
      await Promise.all(
        Array.from({ length: 130 }, () =>
          pacer.run([TENANT], async () => {
            await sleep(random());
            arrivals.push(performance.now());
            await sleep(random());
          }),
        ),
      );
      arrivals.sort((a, b) => a - b);
      // 49 places: the 50th request after any one arrives a full second later.
      for (let i = 49; i < arrivals.length; i++)
        expect((arrivals[i] as number) - (arrivals[i - 49] as number)).toBeGreaterThanOrEqual(999);
    });

    it("uses the whole limit when answers are quick: 49 a second, the next as soon as a place is free", async () => {
      const pacer = new Pacer();
      const at = await starts(pacer, 120, [TENANT]);
      // Starts about at the limit's own pace (20 ms apart, in whole ms), 49 in any second …
      const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
      expect(Math.min(...gaps)).toBeGreaterThan(15);
      for (let i = 49; i < at.length; i++)
        expect((at[i] as number) - (at[i - 49] as number)).toBeGreaterThanOrEqual(999);
      // … and the 50th right when the first one's second is over, not a timer's rounding later.
      expect((at[49] as number) - (at[0] as number)).toBeLessThan(1_080);
      expect((at[98] as number) - (at[49] as number)).toBeLessThan(1_080);
      expect(pacer.pending).toBe(0);
    });
  });
});
