import { describe, expect, it } from "vitest";
import { loadAppProgramme } from "../../src/app.js";
import { Directory, type Person } from "../../src/core/people.js";
import { parseAnswerValue, parsePage } from "../../src/features/mentor/ids.js";
import { digestMoments, momentIn, nextDigest } from "../../src/features/mentor/plan.js";
import { digestMessage, sharedMessage } from "../../src/features/mentor/render.js";
import { digestSettings } from "../../src/features/mentor/settings.js";
import type { MentorView } from "../../src/features/mentor/snapshot.js";
import { whoSeesIt } from "../../src/features/reflections/audience.js";

const programme = await loadAppProgramme();
const directory = new Directory(programme);
const henk = directory.get("henk-westerveld") as Person;
const anna = directory.get("anna-de-vries") as Person;

describe("the digest's moments", () => {
  it("are the Fridays 16:00 from the first session day until a week after the last", () => {
    const moments = digestMoments(programme, digestSettings.of(programme));
    expect(moments[0]).toEqual({ date: "2026-11-13", time: "16:00" });
    expect(moments.at(-1)?.date).toBe("2027-02-12");
    expect(moments.every((m) => new Date(`${m.date}T12:00Z`).getUTCDay() === 5)).toBe(true);
    expect(moments).toHaveLength(14);
  });

  it("follow the setting and each mentor's own timezone", () => {
    const settings = digestSettings.schema.parse({ day: "monday", at: "08:30" });
    const [first] = digestMoments(programme, settings);
    expect(first).toEqual({ date: "2026-11-16", time: "08:30" });
    expect(momentIn(first!, "Europe/Amsterdam").toISOString()).toBe("2026-11-16T07:30:00.000Z");
    expect(momentIn(first!, "America/New_York").toISOString()).toBe("2026-11-16T13:30:00.000Z");
    expect(nextDigest([first!], "Europe/Amsterdam", new Date("2026-11-16T07:30:00Z"))).toBeUndefined();
    expect(digestMoments(programme, digestSettings.schema.parse({ enabled: false }))).toEqual([]);
  });

  it("refuses a day or time the programme file gets wrong", () => {
    expect(digestSettings.schema.safeParse({ day: "vrijdag" }).success).toBe(false);
    expect(digestSettings.schema.safeParse({ at: "25:00" }).success).toBe(false);
    expect(digestSettings.schema.safeParse({ often: true }).success).toBe(false);
    expect(digestSettings.schema.parse(undefined)).toEqual({
      enabled: true,
      day: "friday",
      at: "16:00",
      graceHours: 12,
    });
  });
});

describe("button values", () => {
  it("name a person and an answer, and nothing else gets through", () => {
    expect(parseAnswerValue("anna-de-vries|reflection:2026-11-24T09:00")).toEqual({
      personId: "anna-de-vries",
      occurrenceId: "reflection:2026-11-24T09:00",
    });
    for (const forged of [
      "",
      "anna-de-vries",
      "|x",
      "Anna|x",
      "anna|",
      "../anna|x",
      `anna|${"x".repeat(200)}`,
      "anna|a b",
    ])
      expect(parseAnswerValue(forged)).toBeUndefined();
    expect(parsePage("2")).toBe(2);
    for (const bad of [undefined, "0", "-1", "1.5", "abc", "100000"]) expect(parsePage(bad)).toBeUndefined();
  });
});

describe("who sees a shared answer", () => {
  const now = new Date("2026-11-24T10:00:00Z");
  it("names the mentor and the day of their digest", () => {
    expect(whoSeesIt(programme, directory, anna, "mentor", now, "nl")).toBe(
      "Henk ziet dit in het weekoverzicht van vrijdag 27 november.",
    );
    expect(whoSeesIt(programme, directory, anna, "group", now, "en")).toBe(
      "Henk sees this in the weekly digest of Friday 27 November. Your teammates do not get it through the chat.",
    );
    expect(whoSeesIt(programme, directory, anna, "private", now, "nl")).toBeUndefined();
  });

  it("follows an approved pairing, and says so when there is no mentor", () => {
    const d = new Directory(programme);
    d.setMentorOverrides(new Map([["anna-de-vries", "ingrid-kok"]]));
    expect(whoSeesIt(programme, d, anna, "mentor", now, "nl")).toMatch(/^Ingrid ziet dit/);
    const without = {
      ...programme,
      sections: {},
      teams: programme.teams.map((t) => ({ ...t, mentor: undefined })),
    };
    const alone = new Directory(without as typeof programme);
    expect(whoSeesIt(without as typeof programme, alone, anna, "mentor", now, "nl")).toBe(
      "Je hebt nu geen mentor. Niemand anders ziet dit.",
    );
  });
});

describe("the messages", () => {
  const answer = (i: number, words: string) => ({
    person: anna,
    answer: {
      occurrenceId: `o${i}`,
      promptText: "Wat viel je op?",
      text: words,
      visibility: "mentor" as const,
      updatedAt: new Date(Date.UTC(2026, 10, 1, i)).toISOString(),
    },
  });
  const view = (shared: ReturnType<typeof answer>[]): MentorView => ({
    mentor: henk,
    at: new Date("2026-11-27T15:00:00Z"),
    occurrenceId: "reflection:2026-11-24T09:00",
    teams: [
      {
        team: programme.teams[0],
        members: [
          { person: anna, status: "noResponse", sharedThisWeek: false, nudged: false, nudgeable: true },
        ],
        shared,
        privateCount: 0,
        homework: [],
      },
    ],
  });

  it("a quiet week is two lines; with the learning questions it is a full digest", () => {
    const quiet = digestMessage(view([]), "nl", { learningQuestions: false, onlyWhenShared: false });
    expect(quiet.kind).toBe("mentor.digest.quiet");
    expect(quiet.text?.split("\n")).toHaveLength(2);
    expect(quiet.blocks).toHaveLength(2);
    const first = digestMessage(view([]), "nl", { learningQuestions: true, onlyWhenShared: false });
    expect(first.kind).toBe("mentor.digest");
    expect(JSON.stringify(first)).toContain("Hoe laat ik als beleidsmedewerker los");
  });

  it("a digest holds the shared answers that fit, and points to gedeeld for the rest", () => {
    const shared = Array.from({ length: 10 }, (_, i) =>
      answer(i, `#${i}# ${"woorden ".repeat(400)}`.slice(0, 3000)),
    );
    const message = digestMessage(view(shared), "nl", { learningQuestions: false, onlyWhenShared: false });
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(16_000);
    expect(message.text).toMatch(/^Weekoverzicht Team De Vonk: 10 antwoorden gedeeld\./);
    expect(JSON.stringify(message)).toContain("En nog 7 gedeelde antwoorden.");
    expect(
      message.blocks?.flatMap((b) => (b.type === "actions" ? b.buttons : [])).map((b) => b.label),
    ).toEqual([
      "Reageer",
      "Reageer",
      "Reageer",
      "Alles wat gedeeld is",
      "Duwtje aan Anna",
      "Leervragen",
      "Alleen als er iets gedeeld is",
    ]);
  });

  it("gedeeld pages answers of the longest length, newest first, each once, every page far under 28 KB", () => {
    const shared = Array.from({ length: 25 }, (_, i) =>
      answer(i, `#${i}# ${"woorden ".repeat(400)}`.slice(0, 3000)),
    );
    shared.reverse();
    const v = view(shared);
    const seen: number[] = [];
    for (let page = 1; page <= 20; page++) {
      const message = sharedMessage(v, "nl", page);
      expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThan(14_000);
      const text = JSON.stringify(message);
      const found = [...text.matchAll(/#(\d+)#/g)].map((m) => Number(m[1]));
      if (seen.includes(found[0] as number)) break;
      seen.push(...found);
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
  });
});
