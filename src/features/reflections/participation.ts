import type { Language } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import {
  type AskedItem,
  type ParticipationCount,
  type ParticipationSource,
  programmeWeek,
} from "../../core/participation.js";
import { isReceived } from "../../storage/records.js";
import { deliveryId } from "./ids.js";
import type { PromptBank } from "./prompt-bank.js";

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
export function reflectionsParticipation(bot: Bot, bank: PromptBank): ParticipationSource {
  const { store, programme } = bot;
  const zone = programme.timezone;

  /** Before this long after a prompt's moment nobody can have had its reminder (timezones: ±14 h). */
  const noReminderBeforeMs = programme.reflection.reminderAfterHours * 3_600_000 - 24 * 3_600_000;

  /**
   * Calls `visit` for every indexed occurrence and person, with what the store says about
   * them. An answer means the prompt was received (only a received prompt can be answered),
   * and an answer given before any reminder could be due means there was none: those
   * deliveries are not read, which keeps the overview of thousands of people fast.
   */
  async function read(
    personIds: string[],
    visit: (
      occurrence: { id: string; at: string },
      personId: string,
      fact: { received: boolean; reminded: boolean; outcome?: Outcome },
    ) => void,
  ): Promise<{ id: string; at: string }[]> {
    const occurrences = (await store.occurrenceIndex.get("all"))?.occurrences ?? [];
    if (occurrences.length === 0 || personIds.length === 0) return occurrences;
    const statesRead = store.people.getMany(personIds);
    const books = await store.answers.getMany(personIds);
    const answeredAt = books.map(
      (book) => new Map((book?.answers ?? []).map((a) => [a.occurrenceId, Date.parse(a.createdAt)])),
    );
    const ids: string[] = [];
    /** Where a pair's prompt and reminder deliveries are in `ids` (-1: not read). */
    const promptAt = new Int32Array(occurrences.length * personIds.length).fill(-1);
    const reminderAt = new Int32Array(occurrences.length * personIds.length).fill(-1);
    occurrences.forEach((o, i) => {
      const quiet = Date.parse(o.at) + noReminderBeforeMs;
      personIds.forEach((p, j) => {
        const answered = answeredAt[j]?.get(o.id);
        if (answered === undefined)
          promptAt[i * personIds.length + j] = ids.push(deliveryId("reflection", o.id, p)) - 1;
        if (answered === undefined || answered >= quiet)
          reminderAt[i * personIds.length + j] = ids.push(deliveryId("reflection-reminder", o.id, p)) - 1;
      });
    });
    const [states, deliveries] = await Promise.all([statesRead, store.deliveries.getMany(ids)]);
    const delivered = (index: number) => index >= 0 && isReceived(deliveries[index]);
    personIds.forEach((personId, j) => {
      const skipped = new Set(states[j]?.skipped ?? []);
      occurrences.forEach((o, i) => {
        const pair = i * personIds.length + j;
        const answered = answeredAt[j]?.has(o.id) ?? false;
        const received = answered || delivered(promptAt[pair] as number);
        const outcome: Outcome | undefined = answered
          ? "answered"
          : !received
            ? undefined
            : skipped.has(o.id)
              ? "skipped"
              : "noResponse";
        visit(o, personId, { received, reminded: delivered(reminderAt[pair] as number), outcome });
      });
    });
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
      const weekOf = new Map<string, string>();
      const totals = new Map<string, ParticipationCount>();
      const add = (personId: string, week: string, metric: string) => {
        const key = `${personId}\u0000${week}\u0000${metric}`;
        const row = totals.get(key);
        if (row) row.count += 1;
        else totals.set(key, { personId, week, metric, count: 1 });
      };
      await read(personIds, (o, personId, fact) => {
        let week = weekOf.get(o.id);
        if (!week) weekOf.set(o.id, (week = programmeWeek(o.at, zone)));
        if (fact.received) add(personId, week, "prompts");
        if (fact.outcome) add(personId, week, fact.outcome);
        if (fact.reminded) add(personId, week, "reminders");
      });
      return [...totals.values()];
    },

    async asked(personIds, language: Language) {
      const perOccurrence = new Map<string, Record<string, number>>();
      const occurrences = await read(personIds, (o, _personId, fact) => {
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
      });
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
