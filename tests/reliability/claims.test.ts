import { afterEach, describe, expect, it } from "vitest";
import { Store } from "../../src/storage/store.js";
import { tempDir } from "../helpers/harness.js";
import { skipNotice, storeBackends, uniqueProgrammeId } from "../helpers/services.js";

skipNotice("claims-on-Redis", "REDIS_URL");
skipNotice("claims-on-PostgreSQL", "POSTGRES_URL");

const stores: Store[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

const backends = storeBackends(dirs, tempDir);

/** Two processes' views of one store (each Store has its own process identity and heartbeat). */
async function twoProcesses(url: string) {
  const id = uniqueProgrammeId("claims");
  const a = await Store.open(url, id);
  const b = await Store.open(url, id);
  stores.push(a, b);
  return [a, b] as const;
}

describe.each(backends)("claims tied to a process's heartbeat ($name)", ({ skip, url }) => {
  it.skipIf(skip)(
    "are busy while their process lives, and free the moment it is gone, long before the lease",
    async () => {
      const [a, b] = await twoProcesses(url());
      const hour = 3_600_000;
      expect(await a.claims.acquire("delivery:x", `${a.claims.process}:1`, hour)).toBe("fresh");
      expect(await b.claims.acquire("delivery:x", `${b.claims.process}:1`, hour)).toBe("busy");
      expect(await b.claims.holder("delivery:x")).toBe(`${a.claims.process}:1`);
      // The process stops beating (here: stops cleanly; after kill -9 its heartbeat runs out in 10 s).
      await a.claims.stop();
      expect(await b.claims.holder("delivery:x")).toBeUndefined();
      expect(await b.claims.acquire("delivery:x", `${b.claims.process}:1`, hour)).toBe("takeover");
      expect(await b.claims.acquire("delivery:x", `${b.claims.process}:2`, hour)).toBe("busy");
    },
  );

  it.skipIf(skip)("mark an event once across processes (Slack's redeliveries)", async () => {
    const [a, b] = await twoProcesses(url());
    const results = await Promise.all([
      a.claims.mark("slack-event:Ev1", 60_000),
      b.claims.mark("slack-event:Ev1", 60_000),
      a.claims.mark("slack-event:Ev1", 60_000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await b.claims.mark("slack-event:Ev2", 60_000)).toBe(true);
  });
});
