import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { receivedFrom } from "../../src/features/reflections/records.js";
import { z } from "zod";
import { isKampvuurError } from "../../src/kernel/errors.js";
import { deliveryStatusSchema } from "../../src/storage/records.js";
import { SCHEMA_VERSION, Store } from "../../src/storage/store.js";
import { tempDir } from "../helpers/harness.js";
import { POSTGRES_URL, REDIS_URL, skipNotice, uniqueProgrammeId } from "../helpers/services.js";

skipNotice("Redis store", "REDIS_URL");
skipNotice("PostgreSQL store", "POSTGRES_URL");

const answerBook = (personId: string, text: string) => ({
  personId,
  answers: [
    {
      id: "o1",
      occurrenceId: "o1",
      promptId: "mid-01",
      promptText: "Wat viel je op?",
      text,
      visibility: "private" as const,
      createdAt: "2026-11-24T09:00:00.000Z",
      updatedAt: "2026-11-24T09:00:00.000Z",
      history: [],
    },
  ],
});

/** The same behaviour for every backend. */
function storeContract(name: string, url: () => string | undefined, persistent = true) {
  describe.skipIf(!url())(`the ${name} store`, () => {
    const stores: Store[] = [];
    const open = async (programmeId: string) => {
      const s = await Store.open(url() as string, programmeId);
      stores.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close();
    });

    it("keeps records per programme, validated when read back", async () => {
      const a = await open(uniqueProgrammeId("a"));
      const b = await open(uniqueProgrammeId("b"));
      await a.answers.set("anna", answerBook("anna", "antwoord in programma A"));
      await b.answers.set("anna", answerBook("anna", "antwoord in programma B"));
      expect((await a.answers.get("anna"))?.answers[0]?.text).toBe("antwoord in programma A");
      expect((await b.answers.get("anna"))?.answers[0]?.text).toBe("antwoord in programma B");
      expect(await a.answers.get("nobody")).toBeUndefined();
    });

    it("reads many records at once exactly as one by one, also text that starts with a colon", async () => {
      const s = await open(uniqueProgrammeId("many"));
      await s.answers.set("anna", answerBook("anna", ":) blij, en :: twee"));
      await s.answers.set("bram", answerBook("bram", "gewoon"));
      const many = await s.answers.getMany(["anna", "nobody", "bram"]);
      expect(many).toEqual([await s.answers.get("anna"), undefined, await s.answers.get("bram")]);
      expect(many[0]?.answers[0]?.text).toBe(":) blij, en :: twee");
    });

    it("reads one field of many records as the records hold it, by ids and (where the store can) by id prefix", async () => {
      const s = await open(uniqueProgrammeId("field"));
      const delivery = (id: string, status: "sent" | "failed") => ({
        id,
        value: {
          id,
          occurrenceId: "o1",
          personId: id.split(":")[1] as string,
          kind: "reflection",
          status,
          at: "2026-11-24T09:00:00.000Z",
          attempts: 1,
        },
      });
      await s.deliveries.setMany([
        delivery("o1:anna", "sent"),
        delivery("o1:bram", "failed"),
        delivery("o1:bram:reminder", "sent"),
        delivery("o2:anna", "failed"),
      ]);
      await s.answers.set("anna", answerBook("anna", ":) blij"));
      const ids = ["o1:bram", "o1:nobody", "o1:anna", "o1:bram:reminder"];
      expect(await s.deliveries.fieldOfMany(ids, "status", deliveryStatusSchema)).toEqual([
        "failed",
        undefined,
        "sent",
        "sent",
      ]);
      expect(
        (
          await s.answers.fieldOfMany(["anna", "nobody"], "answers", z.array(z.object({ text: z.string() })))
        ).map((a) => a?.[0]?.text),
      ).toEqual([":) blij", undefined]);
    });

    it("reads the ids under a prefix whose field is one of some values (where the store can), and some fields of a list of many records", async () => {
      const s = await open(uniqueProgrammeId("where"));
      const delivery = (id: string, status: "sent" | "failed" | "interrupted") => ({
        id,
        value: {
          id,
          occurrenceId: id.split(":")[0] as string,
          personId: id.split(":")[1] as string,
          kind: "reflection",
          status,
          at: "2026-11-24T09:00:00.000Z",
          attempts: 1,
        },
      });
      await s.deliveries.setMany([
        delivery("o1:anna", "sent"),
        delivery("o1:bram", "failed"),
        delivery("o1:bram:reminder", "interrupted"),
        delivery("o1:cleo", "sent"),
        delivery("o10:anna", "sent"),
        delivery("o2:anna", "sent"),
      ]);
      // An expired record is not among them.
      await s.keyv.set("delivery:o1:cleo", (await s.deliveries.get("o1:cleo")) as object, 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const ids = await s.deliveries.idsUnderWhere("o1:", "status", ["sent", "interrupted"]);
      if (name === "SQLite") expect(ids?.sort()).toEqual(["anna", "bram:reminder"]);
      else expect(ids).toBeUndefined();
      if (name === "SQLite") expect(await s.deliveries.idsUnderWhere("o1:", "status", [])).toEqual([]);

      const book = answerBook("anna", "antwoord");
      const first = book.answers[0] as (typeof book.answers)[number];
      await s.answers.set("anna", {
        ...book,
        answers: [
          first,
          { ...first, id: "o2", occurrenceId: ":o2", createdAt: "2026-12-01T09:00:00.000+01:00" },
        ],
      });
      await s.answers.set("bram", { personId: "bram", answers: [] });
      expect(
        await s.answers.listFieldsOfMany(["anna", "nobody", "bram"], "answers", [
          "occurrenceId",
          "createdAt",
          "mentorNote",
        ]),
      ).toEqual([
        [
          ["o1", "2026-11-24T09:00:00.000Z", null],
          [":o2", "2026-12-01T09:00:00.000+01:00", null],
        ],
        undefined,
        [],
      ]);
      expect(await s.answers.listFieldsOfMany([], "answers", ["occurrenceId"])).toEqual([]);
    });

    it("refuses a record of the wrong shape with a clear error and leaves it in place", async () => {
      const s = await open(uniqueProgrammeId("bad"));
      await s.keyv.set("answers:anna", { personId: "anna", answers: "not a list" });
      const error = await s.answers.get("anna").catch((e: unknown) => e);
      expect(isKampvuurError(error, "store_record_invalid")).toBe(true);
      expect((error as Error).message).toContain("answers:anna");
      expect(await s.keyv.get("answers:anna")).toEqual({ personId: "anna", answers: "not a list" });
    });

    it("reads a prompt's delivery written before deliveries kept their feature's details, and updates it", async () => {
      const s = await open(uniqueProgrammeId("legacy"));
      const legacy = {
        id: "o1:anna",
        kind: "reflection",
        occurrenceId: "o1",
        personId: "anna",
        status: "sent",
        at: "2026-11-24T09:00:00.000Z",
        attempts: 1,
        prompt: { promptId: "mid-01", text: "Wat viel je op?" },
      };
      await s.keyv.set("delivery:o1:anna", legacy);
      const read = await s.deliveries.get("o1:anna");
      expect(receivedFrom(read)).toEqual({
        occurrenceId: "o1",
        promptId: "mid-01",
        text: "Wat viel je op?",
        receivedAt: "2026-11-24T09:00:00.000Z",
      });
      // A change to the old record (its compare-and-set reads the stored value) keeps the prompt.
      await s.deliveries.update("o1:anna", (d) => ({ ...(d ?? read!), attempts: 2 }));
      expect(receivedFrom(await s.deliveries.get("o1:anna"))?.text).toBe("Wat viel je op?");
    });

    it("lists every record of one kind in this programme only (the coordinators' question log)", async () => {
      const a = await open(uniqueProgrammeId("list-a"));
      const b = await open(uniqueProgrammeId("list-b"));
      const question = (id: string, text: string) => ({
        id,
        askerId: "anna-de-vries",
        role: "participant" as const,
        language: "nl" as const,
        text,
        at: "2026-11-24T09:00:00.000Z",
        mode: "none" as const,
      });
      await a.questions.set("q1", question("q1", "eerste"));
      await a.questions.set("q2", question("q2", "tweede"));
      await b.questions.set("q3", question("q3", "ander programma"));
      await a.people.set("anna-de-vries", { personId: "anna-de-vries" });
      expect((await a.questions.all()).map((q) => q.text).sort()).toEqual(["eerste", "tweede"]);
    });

    it("writes records the code built itself, many at once, each stored when its write resolves", async () => {
      const s = await open(uniqueProgrammeId("write"));
      const heard: string[] = [];
      s.onWrite((event) => {
        if (event.prefix === s.deliveries.prefix) heard.push(...event.ids);
      });
      const delivery = (id: string, status: "sent" | "failed", attempts = 1) => ({
        id,
        kind: "reflection",
        occurrenceId: "o1",
        personId: id,
        status,
        at: "2026-11-24T09:00:00.000Z",
        attempts,
        ...(status === "sent" ? { conversation: ":slack:-:U1", messageId: "1.2" } : {}),
      });
      // Written in one turn (on SQLite: one statement, whose rows apply in order, so the same id
      // twice ends with the later value; elsewhere concurrent writes of one key may land in
      // either order, as with `set`, so those two go one after the other).
      const first = () => s.deliveries.write("twice", delivery("twice", "failed", 1));
      const second = () => s.deliveries.write("twice", delivery("twice", "failed", 2));
      await Promise.all([
        ...Array.from({ length: 30 }, (_, i) => s.deliveries.write(`p${i}`, delivery(`p${i}`, "sent"))),
        ...(s.kind === "sqlite" ? [first(), second()] : [first().then(second)]),
      ]);
      expect(await s.deliveries.get("p7")).toEqual(delivery("p7", "sent"));
      expect((await s.deliveries.get("p7"))?.conversation).toBe(":slack:-:U1");
      expect((await s.deliveries.get("twice"))?.attempts).toBe(2);
      expect((await s.deliveries.getMany(["p0", "p29"])).map((d) => d?.status)).toEqual(["sent", "sent"]);
      expect(heard).toHaveLength(32);
    });

    it("answers claims asked for together as if asked one by one: one holder per key", async () => {
      const s = await open(uniqueProgrammeId("claims-together"));
      const owner = (n: number) => `${s.claims.process}:${n}`;
      expect(await s.claims.acquire("delivery:held", owner(0), 60_000)).toBe("fresh");
      const [free, again, sameKey, held, renewed] = await Promise.all([
        s.claims.acquire("delivery:a", owner(1), 60_000),
        s.claims.acquire("delivery:b", owner(2), 60_000),
        s.claims.acquire("delivery:a", owner(3), 60_000),
        s.claims.acquire("delivery:held", owner(4), 60_000),
        s.claims.acquire("delivery:held", owner(0), 60_000),
      ]);
      expect(again).toBe("fresh");
      // The same key twice at once: exactly one of them gets it, and holds it.
      expect([free, sameKey].sort()).toEqual(["busy", "fresh"]);
      expect(await s.claims.holder("delivery:a")).toBe(free === "fresh" ? owner(1) : owner(3));
      // Held by a live process: busy for another owner, renewed for its own.
      expect([held, renewed].sort()).toEqual(["busy", "takeover"]);
      expect(await s.claims.holder("delivery:held")).toBe(owner(0));
      // An expired claim is taken over by the next one asking, together with fresh ones.
      expect(await s.claims.acquire("delivery:short", owner(5), 1)).toBe("fresh");
      await new Promise((resolve) => setTimeout(resolve, 10));
      const [over, fresh] = await Promise.all([
        s.claims.acquire("delivery:short", owner(6), 60_000),
        s.claims.acquire("delivery:c", owner(7), 60_000),
      ]);
      expect([over, fresh]).toEqual(["takeover", "fresh"]);
      expect(await s.claims.holder("delivery:short")).toBe(owner(6));
    });

    // memory:// lives as long as one process, so only the persistent stores can be reopened.
    if (!persistent) return;
    it("records the schema version and refuses a store written by a newer kampvuur", async () => {
      const id = uniqueProgrammeId("schema");
      const s = await open(id);
      expect(await s.keyv.get("meta:schema")).toMatchObject({ version: SCHEMA_VERSION });
      await s.keyv.set("meta:schema", { version: SCHEMA_VERSION + 1, createdAt: new Date().toISOString() });
      const error = await Store.open(url() as string, id).catch((e: unknown) => e);
      expect((error as Error).message).toContain("newer kampvuur");
    });
  });
}

describe("SQLite, the embedded default", () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("creates its file and folders on first start", async () => {
    const file = join(tmp.dir, "nested", "data", "kampvuur.sqlite");
    const s = await Store.open(`sqlite://${file}`, "demo");
    await s.people.set("anna", { personId: "anna", language: "en" });
    await s.close();
    expect(existsSync(file)).toBe(true);
    const again = await Store.open(`sqlite://${file}`, "demo");
    expect((await again.people.get("anna"))?.language).toBe("en");
    await again.close();
  });
});

let sqliteDir: ReturnType<typeof tempDir> | undefined;
storeContract("SQLite", () => {
  sqliteDir ??= tempDir();
  return `sqlite://${join(sqliteDir.dir, "contract.sqlite")}`;
});
storeContract("in-memory", () => "memory://", false);
storeContract("Redis", () => REDIS_URL);
storeContract("PostgreSQL", () => POSTGRES_URL);

describe("an unreachable database", () => {
  it("is reported with the URL (password hidden) and what to check", async () => {
    const error = await Store.open("redis://user:secret@127.0.0.1:1", "x").catch((e: unknown) => e);
    expect(isKampvuurError(error, "store_unavailable")).toBe(true);
    expect((error as Error).message).toContain("redis://user:***@127.0.0.1:1");
    expect((error as Error).message).not.toContain("secret");
    expect((error as Error).message).toContain("KAMPVUUR_STORE");
  });
});
