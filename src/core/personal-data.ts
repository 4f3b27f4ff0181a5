import type { Language } from "../config/programme-schema.js";
import { KampvuurError } from "../kernel/errors.js";
import type { Store } from "../storage/store.js";
import type { ChatAdapter } from "./adapter.js";
import type { Clock } from "./clock.js";
import type { Person } from "./people.js";

/** A value `JSON.stringify` keeps as it is (a missing property is left out). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/**
 * What one part of kampvuur (the core, a feature) keeps about a person, and how to hand it
 * over or remove it. Each part keeps the index it needs to find a person's records by their
 * id: neither `export` nor `erase` may scan the store (`Collection.all()`), so both cost what
 * the person's own records cost, however many other people the store holds.
 */
export interface PersonalData {
  /** What it keeps, in plain words, per language: shown to the person before an export or an erasure. */
  readonly describe: Record<Language, string>;
  /** Everything it keeps about the person, as JSON; undefined when it keeps nothing. */
  export(personId: string): Promise<Json | undefined>;
  /**
   * Removes all of it. `removed`: how many records were removed, or had the person's part
   * taken out of them (a record shared with another part).
   */
  erase(personId: string): Promise<{ removed: number }>;
}

/** One person's data from every part, as handed to them. */
export interface PersonalDataExport {
  personId: string;
  exportedAt: string;
  /** By part id (`core`, `reflections`, `questions`, …), only the parts that keep something: `{}` when none does. */
  parts: Record<string, Json>;
}

export interface PersonalDataErasure {
  personId: string;
  /** Records removed (or changed) over all parts. */
  removed: number;
  /** The same by part id. */
  parts: Record<string, number>;
}

/** Every part's personal data, together: `app.personalData`. */
export interface PersonalDataRegistry {
  /** The parts that keep personal data, in order: the core first, then the features. */
  readonly parts: readonly { id: string; describe: Record<Language, string> }[];
  /** Everything kampvuur keeps about one person. */
  export(personId: string): Promise<PersonalDataExport>;
  /**
   * Removes everything kampvuur keeps about one person, part by part in reverse order (the
   * core's person record last: the features may keep part of their state in it). The
   * programme file is not touched: whoever keeps it removes the person from it.
   */
  erase(personId: string): Promise<PersonalDataErasure>;
}

/** The form of every person id (the programme file's slug): nothing else can name a person's keys. */
const PERSON_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The core's own part: the person record `person:<id>` (their language choice, and a message
 * waiting for them to say whether it is an answer or a question). The features' fields in
 * that record are theirs to export and erase; the core removes the record itself.
 */
export function corePersonalData(store: Store): PersonalData {
  return {
    describe: {
      nl: "Je taalkeuze, en een bericht dat wacht tot je zegt of het een antwoord of een vraag is.",
      en: "Your choice of language, and a message waiting for you to say whether it is an answer or a question.",
    },
    async export(personId) {
      const state = await store.people.get(personId);
      if (!state || (state.language === undefined && state.pending === undefined)) return undefined;
      return {
        ...(state.language ? { language: state.language } : {}),
        ...(state.pending ? { pending: state.pending } : {}),
      };
    },
    async erase(personId) {
      if (!(await store.people.has(personId))) return { removed: 0 };
      await store.people.delete(personId);
      return { removed: 1 };
    },
  };
}

/**
 * What the chat platforms' adapters keep about a person themselves (Teams: where their
 * personal chat with the bot is, so it can write first). Asked of the adapters the bot has
 * when the export or erasure runs: they are added after the app is made.
 */
export function platformsPersonalData(
  adapters: () => readonly ChatAdapter[],
  personOf: (personId: string) => Person | undefined,
): PersonalData {
  const keeping = () => adapters().filter((a) => a.personalData);
  return {
    describe: {
      nl: "Waar je chat met de bot staat in Teams, zodat de bot je een bericht kan sturen. Zit je in meer programma's: welk programma je het laatst koos.",
      en: "Where your chat with the bot is in Teams, so the bot can send you a message. If you are in more than one programme: which one you chose last.",
    },
    async export(personId) {
      const person = personOf(personId);
      if (!person) return undefined;
      const out: Record<string, Json> = {};
      for (const adapter of keeping()) {
        const kept = await adapter.personalData?.export(person);
        if (kept) out[adapter.platform] = kept as Json;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    },
    async erase(personId) {
      const person = personOf(personId);
      let removed = 0;
      if (person)
        for (const adapter of keeping()) removed += (await adapter.personalData?.erase(person)) ?? 0;
      return { removed };
    },
  };
}

/** Puts the parts together; the part ids must be unique (`core` is the core's). */
export function personalDataOf(
  parts: readonly { id: string; data: PersonalData }[],
  clock: Clock,
): PersonalDataRegistry {
  const ids = new Set<string>();
  for (const { id } of parts) {
    if (ids.has(id)) throw new Error(`Two parts declare personal data as '${id}'.`);
    ids.add(id);
  }
  const check = (personId: string) => {
    if (!PERSON_ID.test(personId))
      throw new KampvuurError("unknown_person", `'${personId}' is not a person id.`);
  };
  return {
    parts: parts.map(({ id, data }) => ({ id, describe: data.describe })),
    async export(personId) {
      check(personId);
      const out: Record<string, Json> = {};
      for (const { id, data } of parts) {
        const part = await data.export(personId);
        if (part !== undefined) out[id] = part;
      }
      return { personId, exportedAt: clock.now().toISOString(), parts: out };
    },
    async erase(personId) {
      check(personId);
      const byPart: Record<string, number> = {};
      let removed = 0;
      for (const { id, data } of [...parts].reverse()) {
        const done = await data.erase(personId);
        byPart[id] = done.removed;
        removed += done.removed;
      }
      return { personId, removed, parts: byPart };
    },
  };
}
