import type { Language } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import {
  type AskedItem,
  type ParticipationCount,
  type ParticipationSource,
  programmeWeek,
} from "../../core/participation.js";
import {
  deliveryStatusSchema,
  personStateSchema,
  RECEIVED_STATUSES,
  receivedStatus,
} from "../../storage/records.js";
import { deliveryId } from "./ids.js";
import type { PromptBank } from "./prompt-bank.js";

/** The parts of a person's state and answer book the counts read. */
const SKIPPED = personStateSchema.shape.skipped;

/** From this many people on, an occurrence's deliveries are read as one range (where the store can). */
const RANGE_READ_FROM = 500;

/** The metrics in `counts`' array, in this order. */
const METRICS = ["prompts", "answered", "skipped", "noResponse", "reminders"] as const;
const PROMPTS = 0;
const REMINDERS = 4;
const METRIC_AT: Record<Outcome, number> = { answered: 1, skipped: 2, noResponse: 3 };

/** Per pair (occurrence × people + person): answered (1) or not, and when (ms). */
interface Answered {
  flag: Uint8Array;
  at: Float64Array;
}

/** What one person did with one prompt they received (or answered anyway). */
type Outcome = "answered" | "skipped" | "noResponse";

/** The words a shipped prompt's placeholders stand for in an export: nobody's own details. */
const PLACEHOLDER_WORDS: Record<Language, Record<string, string>> = {
  nl: {
    firstName: "[voornaam]",
    learningQuestion: "[je leervraag]",
    caseName: "[je praktijkcase]",
    teamName: "[je team]",
    lastSessionTheme: "[thema vorige bijeenkomst]",
    nextSessionTheme: "[thema volgende bijeenkomst]",
    nextSessionDate: "[datum volgende bijeenkomst]",
  },
  en: {
    firstName: "[first name]",
    learningQuestion: "[your learning question]",
    caseName: "[your practice case]",
    teamName: "[your team]",
    lastSessionTheme: "[theme of the last session]",
    nextSessionTheme: "[theme of the next session]",
    nextSessionDate: "[date of the next session]",
  },
};

/**
 * The reflections' part of the participation overview, per person and per week of the
 * prompt (its occurrence in the index): prompts received, answered, skipped, no response
 * (received, neither answered nor skipped) and reminders received. Counts only: an answer's
 * text is never read out of its record.
 *
 * Reads the occurrence index once, and for all people at once their states, their answer
 * books and the prompt and reminder deliveries of every indexed occurrence (`getMany`).
 */
export function reflectionsParticipation(
  bot: Bot,
  bank: PromptBank,
  /** From how many people on deliveries are read per occurrence as a range (tests set 1). */
  { rangeReadFrom = RANGE_READ_FROM }: { rangeReadFrom?: number } = {},
): ParticipationSource {
  const { store, programme } = bot;
  const zone = programme.timezone;

  /** Before this long after a prompt's moment nobody can have had its reminder (timezones: ±14 h). */
  const noReminderBeforeMs = programme.reflection.reminderAfterHours * 3_600_000 - 24 * 3_600_000;

  /**
   * Whether the prompt (or its reminder) of a pair (occurrence × people + person) was
   * received. Only a delivery's status is read. For many people on SQLite each occurrence's
   * received deliveries are one range of the key index, of which the database hands back only
   * the ids; otherwise the deliveries that matter are listed: not the prompt of an answered
   * pair (it was received), nor a reminder of a pair answered before any reminder could be
   * due (there was none).
   */
  async function receivedReader(
    occurrences: { id: string; at: string }[],
    personIds: string[],
    answered: Answered,
    rangesRead?: Promise<(string[] | undefined)[]>,
  ): Promise<(pair: number, reminder: boolean) => boolean> {
    const people = personIds.length;
    const quiet = occurrences.map((o) => Date.parse(o.at) + noReminderBeforeMs);
    const remindable = (pair: number) =>
      answered.flag[pair] === 0 ||
      (answered.at[pair] as number) >= (quiet[Math.floor(pair / people)] as number);
    if (rangesRead) {
      const ranges = await rangesRead;
      if (ranges.every((r) => r !== undefined)) {
        // One pass over the received deliveries' ids: which pairs' prompt and reminder they are.
        const personAt = new Map(personIds.map((p, j) => [p, j]));
        const prompt = new Uint8Array(occurrences.length * people);
        const reminder = new Uint8Array(occurrences.length * people);
        const reminderSuffix = deliveryId("reflection-reminder", "", "").slice(1);
        ranges.forEach((range, i) => {
          for (const rest of range as string[]) {
            const isReminder = rest.endsWith(reminderSuffix);
            const j = personAt.get(isReminder ? rest.slice(0, -reminderSuffix.length) : rest);
            if (j !== undefined) (isReminder ? reminder : prompt)[i * people + j] = 1;
          }
        });
        return (pair, isReminder) =>
          isReminder
            ? reminder[pair] === 1 && remindable(pair)
            : prompt[pair] === 1 && answered.flag[pair] === 0;
      }
    }
    const ids: string[] = [];
    /** Where a pair's prompt and reminder deliveries are in `ids` (-1: not read). */
    const promptAt = new Int32Array(occurrences.length * people).fill(-1);
    const reminderAt = new Int32Array(occurrences.length * people).fill(-1);
    occurrences.forEach((o, i) => {
      personIds.forEach((p, j) => {
        const pair = i * people + j;
        if (answered.flag[pair] === 0) promptAt[pair] = ids.push(deliveryId("reflection", o.id, p)) - 1;
        if (remindable(pair)) reminderAt[pair] = ids.push(deliveryId("reflection-reminder", o.id, p)) - 1;
      });
    });
    const statuses = await store.deliveries.fieldOfMany(ids, "status", deliveryStatusSchema);
    return (pair, reminder) => {
      const index = (reminder ? reminderAt : promptAt)[pair] as number;
      return index >= 0 && receivedStatus(statuses[index]);
    };
  }

  /**
   * Which pairs (occurrence × people + person) were answered, and when: read from the
   * answer books, of which only each answer's occurrence and moment are read (on SQLite the
   * database picks them out; an answer's text is never read).
   */
  async function answeredPairs(occurrences: { id: string }[], personIds: string[]): Promise<Answered> {
    const people = personIds.length;
    const books = await store.answers.listFieldsOfMany(personIds, "answers", ["occurrenceId", "createdAt"]);
    /** Where each occurrence is in the index (an id indexed twice: both places). */
    const occurrenceAt = new Map<string, number[]>();
    occurrences.forEach((o, i) => {
      const at = occurrenceAt.get(o.id);
      if (at) at.push(i);
      else occurrenceAt.set(o.id, [i]);
    });
    const flag = new Uint8Array(occurrences.length * people);
    const at = new Float64Array(occurrences.length * people);
    books.forEach((answers, j) => {
      if (!answers) return;
      for (const [occurrenceId, createdAt] of answers) {
        const places = typeof occurrenceId === "string" ? occurrenceAt.get(occurrenceId) : undefined;
        if (!places) continue;
        // The last answer to an occurrence counts (as a map of the book's answers would).
        const moment = typeof createdAt === "string" ? Date.parse(createdAt) : Number.NaN;
        for (const i of places) {
          flag[i * people + j] = 1;
          at[i * people + j] = moment;
        }
      }
    });
    return { flag, at };
  }

  /**
   * Calls `visit` for every indexed occurrence and person, with what the store says about
   * them. An answer means the prompt was received (only a received prompt can be answered),
   * and an answer given before any reminder could be due means there was none: those
   * deliveries are not read, which keeps the overview of thousands of people fast.
   */
  async function read(
    personIds: string[],
    visit: (
      occurrence: number,
      person: number,
      fact: { received: boolean; reminded: boolean; outcome?: Outcome },
    ) => void,
    /** Told the occurrences (by index, as `visit` names them) before the first visit. */
    begin?: (occurrences: { id: string; at: string }[]) => void,
  ): Promise<{ id: string; at: string }[]> {
    const occurrences = (await store.occurrenceIndex.get("all"))?.occurrences ?? [];
    if (occurrences.length === 0 || personIds.length === 0) return occurrences;
    begin?.(occurrences);
    // The answers first, so they are decoded here while the database reads the rest; then,
    // for many people, each occurrence's received deliveries as one range.
    const answeredRead = answeredPairs(occurrences, personIds);
    answeredRead.catch(() => {});
    const rangesRead =
      personIds.length >= rangeReadFrom
        ? Promise.all(
            occurrences.map((o) => store.deliveries.idsUnderWhere(`${o.id}:`, "status", RECEIVED_STATUSES)),
          )
        : undefined;
    rangesRead?.catch(() => {});
    // Only the fields counted: which prompts were skipped, and which answered when.
    const skippedRead = store.people.fieldOfMany(personIds, "skipped", SKIPPED);
    skippedRead.catch(() => {});
    const answered = await answeredRead;
    const [skippedOf, delivered] = await Promise.all([
      skippedRead,
      receivedReader(occurrences, personIds, answered, rangesRead),
    ]);
    const people = personIds.length;
    for (let j = 0; j < people; j++) {
      const skippedList = skippedOf[j] ?? [];
      const skipped = skippedList.length > 0 ? new Set(skippedList) : undefined;
      for (let i = 0; i < occurrences.length; i++) {
        const pair = i * people + j;
        const isAnswered = answered.flag[pair] === 1;
        const received = isAnswered || delivered(pair, false);
        const outcome: Outcome | undefined = isAnswered
          ? "answered"
          : !received
            ? undefined
            : skipped?.has((occurrences[i] as { id: string }).id)
              ? "skipped"
              : "noResponse";
        visit(i, j, { received, reminded: delivered(pair, true), outcome });
      }
    }
    return occurrences;
  }

  return {
    id: "reflections",
    metrics: [
      { key: "prompts", label: { nl: "vragen", en: "prompts" } },
      { key: "answered", label: { nl: "beantwoord", en: "answered" } },
      { key: "skipped", label: { nl: "overgeslagen", en: "skipped" } },
      { key: "noResponse", label: { nl: "geen reactie", en: "no response" } },
      { key: "reminders", label: { nl: "herinneringen", en: "reminders" } },
    ],

    async counts(personIds) {
      // Counted into one array (person × week × metric): no key strings per fact.
      const weeks: string[] = [];
      const weekAt = new Map<string, number>();
      let occurrenceWeek: Int32Array | undefined;
      let totals: Int32Array | undefined;
      const occurrences = await read(
        personIds,
        (i, j, fact) => {
          if (!occurrenceWeek || !totals) return;
          const base = (j * weeks.length + (occurrenceWeek[i] as number)) * METRICS.length;
          if (fact.received) totals[base + PROMPTS]! += 1;
          if (fact.outcome) totals[base + METRIC_AT[fact.outcome]]! += 1;
          if (fact.reminded) totals[base + REMINDERS]! += 1;
        },
        (read) => {
          occurrenceWeek = Int32Array.from(read, (o) => {
            const week = programmeWeek(o.at, zone);
            let at = weekAt.get(week);
            if (at === undefined) weekAt.set(week, (at = weeks.push(week) - 1));
            return at;
          });
          totals = new Int32Array(personIds.length * weeks.length * METRICS.length);
        },
      );
      const rows: ParticipationCount[] = [];
      if (!totals || occurrences.length === 0) return rows;
      for (let j = 0; j < personIds.length; j++)
        for (let w = 0; w < weeks.length; w++)
          for (let m = 0; m < METRICS.length; m++) {
            const count = totals[(j * weeks.length + w) * METRICS.length + m] as number;
            if (count > 0)
              rows.push({
                personId: personIds[j] as string,
                week: weeks[w] as string,
                metric: METRICS[m] as string,
                count,
              });
          }
      return rows;
    },

    async asked(personIds, language: Language) {
      const perOccurrence = new Map<string, Record<string, number>>();
      let listed: { id: string }[] = [];
      const occurrences = await read(
        personIds,
        (i, _person, fact) => {
          const o = listed[i] as { id: string };
          const counts = perOccurrence.get(o.id) ?? {
            prompts: 0,
            answered: 0,
            skipped: 0,
            noResponse: 0,
            reminders: 0,
          };
          perOccurrence.set(o.id, counts);
          if (fact.received) counts.prompts = (counts.prompts ?? 0) + 1;
          if (fact.outcome) counts[fact.outcome] = (counts[fact.outcome] ?? 0) + 1;
          if (fact.reminded) counts.reminders = (counts.reminders ?? 0) + 1;
        },
        (all) => {
          listed = all;
        },
      );
      const records = await store.occurrences.getMany(occurrences.map((o) => o.id));
      const words = PLACEHOLDER_WORDS[language];
      return occurrences.map((o, i): AskedItem => {
        const promptId = records[i]?.promptId;
        const prompt = promptId ? bank.get(promptId, language) : undefined;
        return {
          id: o.id,
          at: o.at,
          week: programmeWeek(o.at, zone),
          text: (prompt?.text ?? promptId ?? o.id).replace(
            /\{\{\s*(\w+)\s*\}\}/g,
            (_, name: string) => words[name] ?? "[…]",
          ),
          counts: perOccurrence.get(o.id) ?? {},
        };
      });
    },
  };
}
