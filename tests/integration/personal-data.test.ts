import { loadAppProgramme } from "../../src/app.js";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { KeyvInstallationStore } from "../../src/adapters/slack/installations.js";
import { slackInstallations } from "../../src/adapters/slack/records.js";
import { teamsConversations, teamsUsers } from "../../src/adapters/teams/records.js";
import type { Message } from "../../src/core/messages.js";
import { questionsByAsker } from "../../src/features/questions/records.js";
import { Scheduler } from "../../src/scheduling/scheduler.js";
import { defineCollection } from "../../src/storage/collection.js";
import type { Answer, Delivery, PersonState, QuestionRecord } from "../../src/storage/records.js";
import type { Store } from "../../src/storage/store.js";
import { z } from "zod";
import { type Chat, buttonsOf, startTestApp, type TestApp, tempDir } from "../helpers/harness.js";
import { POSTGRES_URL, REDIS_URL, skipNotice, uniqueProgrammeId } from "../helpers/services.js";
import { DEFAULT_FEATURES } from "../../src/features/index.js";
import { receivedFrom } from "../../src/features/reflections/records.js";

skipNotice("Redis personal-data", "REDIS_URL");
skipNotice("PostgreSQL personal-data", "POSTGRES_URL");

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Amsterdam" }).toJSDate();
const ANNA = "anna-de-vries";
const BRAM = "bram-jansen";
const P1 = "reflection:2026-11-17T09:00";
const P2 = "reflection:2026-11-24T09:00";
const P3 = "reflection:2026-12-01T09:00";

const sqlite = tempDir();
afterAll(() => sqlite.cleanup());
const BACKENDS: [string, () => string | undefined][] = [
  ["SQLite", () => `sqlite://${join(sqlite.dir, "personal-data.sqlite")}`],
  ["Redis", () => REDIS_URL],
  ["PostgreSQL", () => POSTGRES_URL],
];

/** Every keyv record of the store's programme, key (without the namespace) → stored value, read by the test itself. */
async function snapshot(store: Store): Promise<Map<string, string>> {
  const namespace = store.keyv.namespace as string;
  const adapter = store.keyv.opts.store as unknown as {
    query(sql: string, ...params: unknown[]): Promise<{ key: string; value: string }[]>;
    opts: { table: string; schema?: string };
    getClient(): Promise<{
      keys(p: string): Promise<string[]>;
      mGet(k: string[]): Promise<(string | null)[]>;
    }>;
  };
  let rows: { key: string; value: string }[];
  if (store.kind === "sqlite")
    rows = await adapter.query(
      `SELECT key, value FROM ${adapter.opts.table} WHERE key LIKE ?`,
      `${namespace}:%`,
    );
  else if (store.kind === "postgres")
    rows = await adapter.query(
      `SELECT key, value FROM ${adapter.opts.schema}.${adapter.opts.table} WHERE key LIKE $1`,
      [`${namespace}:%`],
    );
  else {
    const client = await adapter.getClient();
    const keys = (await client.keys(`${namespace}:*`)).filter((k) => !k.includes(":claim:"));
    const values = keys.length ? await client.mGet(keys) : [];
    rows = keys.map((key, i) => ({ key, value: values[i] ?? "" }));
  }
  return new Map(rows.map((r) => [r.key.slice(namespace.length).replace(/^:+/, ""), r.value]));
}

/** The button of a message with this action id (the n-th, for the snooze choices). */
const button = (message: Message | undefined, actionId: string, n = 0) =>
  buttonsOf(message).filter((b) => b.actionId === actionId)[n] as never;

async function startApp(url: string, programmeId: string, now = at("2026-11-17T09:00")) {
  const programme = { ...(await loadAppProgramme()), id: programmeId };
  return startTestApp({ storeUrl: url, programme, now });
}

/**
 * Anna: three prompts and a reminder; she answers the first and edits it, skips the second,
 * snoozes the third (it comes back), then snoozes it again; asks a question and rates it;
 * chooses English. Bram answers the first prompt and asks a question too.
 */
async function annaAndBram(t: TestApp) {
  const scheduler = new Scheduler(t.app);
  const prompts = (personId: string) => t.adapter.to(personId).filter((m) => m.kind === "reflection");
  const answer = async (chat: Chat, prompt: Message | undefined, text: string) => {
    await chat.click(button(prompt, "reflection.answer"));
    await chat.submit(chat.lastForm as never, { answer: text, visibility: "private" });
  };
  const anna = t.chat(ANNA);
  const bram = t.chat(BRAM);

  await scheduler.tick();
  t.clock.set(at("2026-11-19T09:00"));
  await scheduler.tick(); // the reminder of P1
  await answer(anna, prompts(ANNA)[0], "Eerste versie.");
  await anna.say("wijzig 1");
  await anna.submit(anna.lastForm as never, { answer: "Tweede versie.", visibility: "mentor" });
  await answer(bram, prompts(BRAM)[0], "Bram zijn antwoord.");

  t.clock.set(at("2026-11-24T09:00"));
  await scheduler.tick();
  await anna.click(button(prompts(ANNA)[1], "reflection.skip"));

  t.clock.set(at("2026-12-01T09:00"));
  await scheduler.tick();
  await anna.click(button(prompts(ANNA)[2], "reflection.later"));
  await anna.click(button(anna.lastReply, "reflection.snooze", 2)); // tomorrow 09:00
  t.clock.set(at("2026-12-02T09:00"));
  await scheduler.tick(); // the snoozed prompt
  await anna.click(button(prompts(ANNA)[2], "reflection.later"));
  await anna.click(button(anna.lastReply, "reflection.snooze", 0)); // in 3 hours: replaces the first snooze

  await anna.say("stel vraag wat betekent doen en niet te veel praten?");
  const annaQuestion = buttonsOf(anna.lastReply)[0]?.value as string;
  await anna.click(buttonsOf(anna.lastReply)[0] as never); // 👍
  await bram.say("stel vraag wat gebeurt er op de laatste dag van de leergang?");
  const bramQuestion = buttonsOf(bram.lastReply)[0]?.value as string;
  await anna.say("taal en");
  expect(t.adapter.to(ANNA).map((m) => m.kind)).toEqual([
    "reflection",
    "reflection-reminder",
    "reflection",
    "reflection",
    "reflection-snoozed",
  ]);
  return { annaQuestion, bramQuestion };
}

type ReflectionsExport = {
  answers: Answer[];
  deliveries: Delivery[];
  state?: Partial<PersonState>;
};

for (const [name, url] of BACKENDS) {
  describe.skipIf(!url())(`a person's data on ${name}`, () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    it("export holds every feature's records of the person; erase removes exactly those, and a second export is empty", async () => {
      t = await startApp(url() as string, uniqueProgrammeId("pd"));
      const { annaQuestion, bramQuestion } = await annaAndBram(t);
      const { personalData, store } = t.app;
      // The core's parts, then every feature that keeps something about people, in the features' order.
      expect(personalData.parts.map((p) => p.id)).toEqual([
        "core",
        "audit",
        "platforms",
        ...DEFAULT_FEATURES.filter((f) => f.personalData).map((f) => f.id),
      ]);
      expect(personalData.parts.map((p) => p.id)).toEqual(
        expect.arrayContaining(["reflections", "session-reminders", "questions"]),
      );

      const exported = await personalData.export(ANNA);
      expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
      expect(Object.keys(exported.parts).sort()).toEqual(["core", "questions", "reflections"]);
      expect(exported.parts.core).toEqual({ language: "en" });

      const reflections = exported.parts.reflections as ReflectionsExport;
      expect(reflections.answers).toHaveLength(1);
      expect(reflections.answers[0]).toMatchObject({
        occurrenceId: P1,
        text: "Tweede versie.",
        visibility: "mentor",
      });
      expect(reflections.answers[0]?.history.map((h) => h.text)).toEqual(["Eerste versie."]);
      const ids = reflections.deliveries.map((d) => d.id).sort();
      expect(ids).toEqual(
        [
          `${P1}:${ANNA}`,
          `${P1}:${ANNA}:reminder`,
          `${P2}:${ANNA}`,
          `${P3}:${ANNA}`,
          `${P3}:${ANNA}:snoozed:2026-12-02T08:00:00.000Z`,
        ].sort(),
      );
      expect(reflections.deliveries.every((d) => d.personId === ANNA)).toBe(true);
      expect(receivedFrom(reflections.deliveries.find((d) => d.kind === "reflection"))?.text).toBeTruthy();
      expect(reflections.state?.skipped).toEqual([P2]);
      // The first snooze was replaced, but its moment is kept: that is how its delivery was found.
      expect(reflections.state?.snoozes).toHaveLength(1);
      expect(reflections.state?.snoozeLog?.map((s) => s.until)).toEqual([
        "2026-12-02T08:00:00.000Z",
        reflections.state?.snoozes?.[0]?.until,
      ]);

      const questions = (exported.parts.questions as { questions: QuestionRecord[] }).questions;
      expect(questions.map((q) => [q.id, q.text, q.feedback])).toEqual([
        [annaQuestion, "wat betekent doen en niet te veel praten?", "helpful"],
      ]);

      const before = await snapshot(store);
      const erased = await personalData.erase(ANNA);
      const after = await snapshot(store);
      const expectedGone = [...before.keys()].filter(
        (k) => k.includes(ANNA) || k === `question:${annaQuestion}`,
      );
      // answers, person, 5 deliveries, the question and its asker's index
      expect(expectedGone.sort()).toEqual(
        [
          `answers:${ANNA}`,
          `person:${ANNA}`,
          `question:${annaQuestion}`,
          `questions-by:${ANNA}`,
          ...ids.map((id) => `delivery:${id}`),
        ].sort(),
      );
      const kept = new Map([...before].filter(([k]) => !expectedGone.includes(k)));
      expect(after).toEqual(kept); // nothing else removed or changed
      expect(erased).toMatchObject({ personId: ANNA, parts: { core: 1, questions: 2 } });
      // answers, 5 deliveries, and the reflection fields of the person record
      expect(erased.parts.reflections).toBe(7);

      // Bram's records are all still there.
      expect((await store.answers.get(BRAM))?.answers[0]?.text).toBe("Bram zijn antwoord.");
      expect(await store.deliveries.get(`${P1}:${BRAM}`)).toMatchObject({ status: "sent" });
      expect(await store.questions.get(bramQuestion)).toMatchObject({ askerId: BRAM });
      const bramsExport = await personalData.export(BRAM);
      expect(Object.keys(bramsExport.parts).sort()).toEqual(["questions", "reflections"]);

      expect((await personalData.export(ANNA)).parts).toEqual({});
      expect((await personalData.erase(ANNA)).removed).toBe(0);
    });

    it("reads only the person's own records: a store with 5,000 other people's records is not scanned", async () => {
      const programmeId = uniqueProgrammeId("pd-scale");
      t = await startApp(url() as string, programmeId);
      await new Scheduler(t.app).tick();
      const anna = t.chat(ANNA);
      await anna.click(button(t.adapter.to(ANNA)[0], "reflection.answer"));
      await anna.submit(anna.lastForm as never, { answer: "Mijn antwoord.", visibility: "private" });
      await anna.say("stel vraag wat betekent doen en niet te veel praten?");

      const { store } = t.app;
      const others = Array.from({ length: 5_000 }, (_, i) => `other-${i}`);
      const now = "2026-11-17T08:00:00.000Z";
      const chunks = <T>(list: T[]) =>
        Array.from({ length: Math.ceil(list.length / 500) }, (_, i) => list.slice(i * 500, i * 500 + 500));
      const byAsker = store.collection(questionsByAsker);
      for (const chunk of chunks(others)) {
        await store.answers.setMany(
          chunk.map((id) => ({
            id,
            value: {
              personId: id,
              answers: [
                {
                  id: P1,
                  occurrenceId: P1,
                  promptId: "p",
                  promptText: "?",
                  text: `antwoord van ${id}`,
                  visibility: "private" as const,
                  createdAt: now,
                  updatedAt: now,
                },
              ],
            },
          })),
        );
        await store.deliveries.setMany(
          chunk.map((id) => ({
            id: `${P1}:${id}`,
            value: { id: `${P1}:${id}`, occurrenceId: P1, personId: id, status: "sent" as const, at: now },
          })),
        );
        await store.questions.setMany(
          chunk.map((id) => ({
            id: `q-${id}`,
            value: {
              id: `q-${id}`,
              askerId: id,
              role: "participant" as const,
              language: "nl" as const,
              text: "een vraag",
              at: now,
              mode: "none" as const,
            },
          })),
        );
        await byAsker.setMany(chunk.map((id) => ({ id, value: { personId: id, questions: [`q-${id}`] } })));
      }

      const keyv = store.keyv;
      let keysRead = 0;
      let scans = 0;
      const original = { get: keyv.get, getMany: keyv.getMany, has: keyv.has, iterator: keyv.iterator };
      const methods = keyv as unknown as Record<string, (...a: unknown[]) => unknown>;
      const count = (name: "get" | "getMany" | "has" | "iterator") => {
        const f = (methods[name] as (...a: unknown[]) => unknown).bind(keyv);
        methods[name] = (...a: unknown[]) => {
          if (name === "iterator") scans++;
          else keysRead += Array.isArray(a[0]) ? a[0].length : 1;
          return f(...a);
        };
      };
      for (const name of ["get", "getMany", "has", "iterator"] as const) count(name);
      try {
        const exported = await t.app.personalData.export(ANNA);
        expect(Object.keys(exported.parts).sort()).toEqual(["questions", "reflections"]);
        const erased = await t.app.personalData.erase(ANNA);
        expect(erased.removed).toBe(4); // answers, the delivery, the question and its index
      } finally {
        Object.assign(keyv, original);
      }
      expect(scans).toBe(0);
      // The programme's own occurrences (a few dozen ids per kind of delivery), not the 20,000 others.
      expect(keysRead).toBeLessThan(200);

      expect(await store.answers.get(ANNA)).toBeUndefined();
      const sample = ["other-0", "other-2500", "other-4999"];
      expect((await store.answers.getMany(sample)).every((b) => b?.answers.length === 1)).toBe(true);
      expect((await store.deliveries.getMany(sample.map((id) => `${P1}:${id}`))).every(Boolean)).toBe(true);
      expect((await byAsker.getMany(sample)).every((i) => i?.questions.length === 1)).toBe(true);
    }, 120_000);

    it("finds a question logged before the per-asker index existed (indexed once at start)", async () => {
      const programmeId = uniqueProgrammeId("pd-old");
      t = await startApp(url() as string, programmeId);
      await t.app.store.keyv.set("question:from-before", {
        id: "from-before",
        askerId: ANNA,
        role: "participant",
        language: "nl",
        text: "een oude vraag",
        at: "2026-10-01T10:00:00.000Z",
        mode: "none",
      });
      await t.app.store.keyv.delete("questions-index:backfill"); // as in a store from before the index
      await t.close();
      t = await startApp(url() as string, programmeId);
      const exported = await t.app.personalData.export(ANNA);
      expect(
        (exported.parts.questions as { questions: QuestionRecord[] }).questions.map((q) => q.id),
      ).toEqual(["from-before"]);
      await t.app.personalData.erase(ANNA);
      expect(await t.app.store.keyv.get("question:from-before")).toBeUndefined();
    });

    it("gives a feature's own collection the store's atomic update, across two processes' stores", async () => {
      const programmeId = uniqueProgrammeId("pd-atomic");
      t = await startApp(url() as string, programmeId);
      const other = await startApp(url() as string, programmeId);
      try {
        const counter = defineCollection("test-counter", z.object({ n: z.number() }));
        const here = t.app.store.collection(counter);
        const there = other.app.store.collection(counter);
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? here : there).update("c", (c) => ({ n: (c?.n ?? 0) + 1 })),
          ),
        );
        expect(await here.get("c")).toEqual({ n: 20 });
      } finally {
        await other.close();
      }
    });

    it("reads Slack and Teams records written under their old keys through the adapters' definitions", async () => {
      t = await startApp(url() as string, uniqueProgrammeId("pd-keys"));
      const { store } = t.app;
      // Written as the store wrote them before the definitions moved to the adapters.
      await store.keyv.set("slack-installation:T-T1", {
        team: { id: "T1" },
        bot: { token: "xoxb-one", userId: "U1" },
      });
      await store.keyv.set("teams-conversation:a:chat-1", {
        serviceUrl: "https://smba.example/",
        conversation: { id: "a:chat-1" },
        channelId: "msteams",
      });
      await store.keyv.set("teams-user:29:hamid", {
        conversationId: "a:chat-1",
        at: "2026-11-01T10:00:00.000Z",
      });

      expect(await store.collection(slackInstallations).get("T-T1")).toMatchObject({
        bot: { token: "xoxb-one" },
      });
      expect(await new KeyvInstallationStore(store).tokenFor("T1")).toBe("xoxb-one");
      expect(await store.collection(teamsConversations).get("a:chat-1")).toMatchObject({
        serviceUrl: "https://smba.example/",
      });
      expect(await store.collection(teamsUsers).get("29:hamid")).toEqual({
        conversationId: "a:chat-1",
        at: "2026-11-01T10:00:00.000Z",
      });
      // And what they write lands under the same keys.
      await store
        .collection(teamsUsers)
        .set("29:bram", { conversationId: "a:chat-2", at: "2026-11-02T10:00:00.000Z" });
      expect(await store.keyv.get("teams-user:29:bram")).toMatchObject({ conversationId: "a:chat-2" });
      expect(store.collection(teamsUsers)).toBe(store.collection(teamsUsers));
    });
  });
}

describe("collection definitions", () => {
  it("refuse a prefix with a colon or capitals, and two definitions of one prefix on a store", async () => {
    expect(() => defineCollection("teams:user", z.object({}))).toThrow(/not a collection prefix/);
    expect(() => defineCollection("Person", z.object({}))).toThrow(/not a collection prefix/);
    const t = await startTestApp();
    try {
      t.app.store.collection(teamsUsers);
      const again = defineCollection("teams-user", z.object({ other: z.string() }));
      expect(() => t.app.store.collection(again)).toThrow(/Two collections use the prefix 'teams-user'/);
      expect(() => t.app.store.collection(defineCollection("person", z.object({})))).toThrow(
        /prefix 'person'/,
      );
    } finally {
      await t.close();
    }
  });

  it("refuse a person id that is not one (it could name other keys)", async () => {
    const t = await startTestApp();
    try {
      await expect(t.app.personalData.erase("anna:reminder")).rejects.toThrow(/not a person id/);
      await expect(t.app.personalData.export("")).rejects.toThrow(/not a person id/);
    } finally {
      await t.close();
    }
  });
});
