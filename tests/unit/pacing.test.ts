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
});
