import { DateTime } from "luxon";
import type { Programme } from "../../config/programme-schema.js";
import { type DigestSettings, WEEKDAYS } from "./settings.js";

/** One weekly digest: the same wall-clock moment in each mentor's own timezone. */
export interface DigestMoment {
  /** The local date of the digest's day (`2026-11-27`). */
  date: string;
  time: string;
}

/**
 * Every digest of the programme, in order: the chosen weekday of every week from the week
 * of the first session day until a week after the last one.
 */
export function digestMoments(programme: Programme, settings: DigestSettings): DigestMoment[] {
  if (!settings.enabled || programme.sessions.length === 0) return [];
  const zone = programme.timezone;
  const first = DateTime.fromISO(programme.sessions[0]?.date as string, { zone });
  const last = DateTime.fromISO(programme.sessions.at(-1)?.date as string, { zone }).plus({ days: 7 });
  const weekday = (WEEKDAYS.indexOf(settings.day) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
  const moments: DigestMoment[] = [];
  for (let d = first.startOf("week").set({ weekday }); d <= last; d = d.plus({ weeks: 1 }))
    if (d >= first) moments.push({ date: d.toISODate() as string, time: settings.at });
  return moments;
}

/** The moment a digest goes out to someone in this timezone. */
export function momentIn(moment: DigestMoment, zone: string): Date {
  return DateTime.fromISO(`${moment.date}T${moment.time}`, { zone }).toJSDate();
}

/** The first digest after `from` for someone in this timezone, if the programme has one. */
export function nextDigest(moments: DigestMoment[], zone: string, from: Date): Date | undefined {
  return moments.map((m) => momentIn(m, zone)).find((at) => at > from);
}
