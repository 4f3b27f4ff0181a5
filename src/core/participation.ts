import { DateTime } from "luxon";
import type { Language } from "../config/programme-schema.js";

/**
 * Participation counts: how a feature tells the overview (`overzicht`, `kampvuur report`)
 * what happened per person and week, without the overview knowing the feature. Counts only:
 * a source never hands out what someone wrote.
 *
 * @example
 * deps.participation.add({
 *   id: "reflections",
 *   metrics: [{ key: "answered", label: { nl: "beantwoord", en: "answered" } }],
 *   counts: async (personIds) => [{ personId: "anna-de-vries", week: "2026-W48", metric: "answered", count: 1 }],
 * });
 */
export interface ParticipationMetric {
  /** Unique across sources (`answered`, `cantCome`). */
  key: string;
  /** Its column name, short (a word or two), per language. */
  label: Record<Language, string>;
}

export interface ParticipationCount {
  personId: string;
  /** The ISO week it belongs to, in the programme's timezone (`2026-W48`, see `programmeWeek`). */
  week: string;
  metric: string;
  count: number;
}

export interface ParticipationSource {
  /** The feature it comes from (`reflections`). */
  readonly id: string;
  readonly metrics: readonly ParticipationMetric[];
  /**
   * The counts of these people, only rows with a count above 0. Reads what it needs for all
   * of them at once (one `getMany` per collection), never one person at a time, never a scan.
   */
  counts(personIds: string[]): Promise<ParticipationCount[]>;
  /**
   * What the source asked everyone (the reflection prompts), each with its counts among these
   * people: for `kampvuur export questions`. In the programme's own words, without anyone's
   * details (no names, no learning questions).
   */
  asked?(personIds: string[], language: Language): Promise<AskedItem[]>;
}

/** One thing asked of everyone (a prompt sent on one day), with its counts. */
export interface AskedItem {
  id: string;
  /** When it was sent (ISO time). */
  at: string;
  week: string;
  text: string;
  /** Per metric key of its source (`prompts`, `answered`, …). */
  counts: Record<string, number>;
}

/** The sources of one app, in the order the features registered them. */
export class ParticipationSources {
  private readonly sources: ParticipationSource[] = [];

  add(source: ParticipationSource): this {
    const known = new Set(this.metrics().map((m) => m.key));
    const twice = source.metrics.find((m) => known.has(m.key));
    if (twice) throw new Error(`Two participation sources count '${twice.key}': give one a key of its own.`);
    this.sources.push(source);
    return this;
  }

  list(): readonly ParticipationSource[] {
    return this.sources;
  }

  /** Every metric of every source, in order. */
  metrics(): ParticipationMetric[] {
    return this.sources.flatMap((s) => s.metrics);
  }

  /** Everything the sources asked, oldest first. */
  async asked(personIds: string[], language: Language): Promise<AskedItem[]> {
    const all = await Promise.all(this.sources.map((s) => s.asked?.(personIds, language) ?? []));
    return all.flat().sort((a, b) => a.at.localeCompare(b.at));
  }

  /** All sources' counts of these people, read at the same time. */
  async counts(personIds: string[]): Promise<ParticipationCount[]> {
    const all = await Promise.all(this.sources.map((s) => s.counts(personIds)));
    return all.flat();
  }
}

/** The ISO week of a moment in a timezone: `2026-W48`. */
export function programmeWeek(at: Date | string, zone: string): string {
  const moment = typeof at === "string" ? DateTime.fromISO(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return moment.setZone(zone).toFormat("kkkk-'W'WW");
}

/** The ISO week of a calendar date (`2026-12-10`): `2026-W50`. */
export function weekOfDate(date: string): string {
  return DateTime.fromISO(date, { zone: "utc" }).toFormat("kkkk-'W'WW");
}
