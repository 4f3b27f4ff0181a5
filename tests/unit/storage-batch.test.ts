import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WriteBatcher } from "../../src/storage/atomic.js";
import { Store } from "../../src/storage/store.js";

type Entry = { key: string; value: string };

/** A `writeMany` that holds each statement until the test lets it finish. */
function heldWrites() {
  const statements: { entries: Entry[]; finish(error?: Error): void }[] = [];
  const writeMany = (entries: Entry[]) =>
    new Promise<void>((resolve, reject) =>
      statements.push({ entries, finish: (error) => (error ? reject(error) : resolve()) }),
    );
  return { statements, writeMany };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("WriteBatcher (group commit)", () => {
  it("writes started while a statement runs go together in the next one, each resolved after its own", async () => {
    const { statements, writeMany } = heldWrites();
    const batcher = new WriteBatcher(writeMany);
    const done: string[] = [];
    const write = (key: string) => batcher.write(key, `v-${key}`).then(() => done.push(key));
    const first = [write("a"), write("b")];
    await turn();
    expect(statements.map((s) => s.entries.map((e) => e.key))).toEqual([["a", "b"]]);
    // While that one runs: three more, over several turns, wait for it.
    const later = [write("c")];
    await turn();
    later.push(write("d"), write("e"));
    await turn();
    expect(statements).toHaveLength(1);
    expect(done).toEqual([]);
    statements[0]?.finish();
    await Promise.all(first);
    await turn();
    expect(done).toEqual(["a", "b"]);
    expect(statements.map((s) => s.entries.map((e) => e.key))).toEqual([
      ["a", "b"],
      ["c", "d", "e"],
    ]);
    statements[1]?.finish();
    await Promise.all(later);
    expect(done).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("a failed statement fails its own writes only", async () => {
    const { statements, writeMany } = heldWrites();
    const batcher = new WriteBatcher(writeMany);
    const a = batcher.write("a", "1");
    await turn();
    const b = batcher.write("b", "2");
    statements[0]?.finish(new Error("disk full"));
    await expect(a).rejects.toThrow("disk full");
    await turn();
    statements[1]?.finish();
    await expect(b).resolves.toBeUndefined();
  });
});

describe("SQLite claims and writes of a fan-out (group commit)", () => {
  const dir = mkdtempSync(join(tmpdir(), "kampvuur-storage-batch-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("many claims and records at once: each claim decided once, each record stored", async () => {
    const store = await Store.open(`sqlite://${join(dir, "s.sqlite")}`, "batch");
    try {
      const ids = Array.from({ length: 300 }, (_, i) => `d-${i}`);
      // Two owners race for every key, as two sends of one delivery would.
      const [mine, theirs] = await Promise.all([
        Promise.all(ids.map((id) => store.claims.acquire(`delivery:${id}`, "me", 60_000))),
        Promise.all(ids.map((id) => store.claims.acquire(`delivery:${id}`, "other", 60_000))),
      ]);
      ids.forEach((_, i) => {
        expect([mine[i], theirs[i]].sort()).toEqual(["busy", "fresh"]);
      });
      await Promise.all(
        ids.map((id, i) =>
          store.deliveries.write(id, {
            id,
            kind: "reflection",
            occurrenceId: "o",
            personId: `p-${i}`,
            status: "sent",
            at: "2026-11-24T08:00:00.000Z",
            attempts: 1,
            conversation: `slack:-:U${i}`,
            messageId: undefined,
          }),
        ),
      );
      const stored = await store.deliveries.getMany(ids);
      expect(stored.map((d) => d?.personId)).toEqual(ids.map((_, i) => `p-${i}`));
      expect(await store.claims.acquire("delivery:d-0", "me", 60_000)).toBe(
        mine[0] === "fresh" ? "takeover" : "busy",
      );
    } finally {
      await store.close();
    }
  });
});
