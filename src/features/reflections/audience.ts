import { DateTime } from "luxon";
import { z } from "zod";
import type { Language, Programme } from "../../config/programme-schema.js";
import { formatDay } from "../../core/i18n/index.js";
import type { Directory, Person } from "../../core/people.js";
import type { Visibility } from "../../storage/records.js";
import { strings } from "./strings.js";

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/**
 * The mentor's weekly digest as the programme file sets it (`mentorDigest:`, the mentor
 * feature's section), read leniently: only to tell a participant when their mentor sees a
 * shared answer. Absent (no mentor feature in this app): undefined, and the line names no day.
 */
const digestSection = z
  .object({
    enabled: z.boolean().default(true),
    day: z.string().default("friday"),
    at: z.string().default("16:00"),
  })
  .loose();

/** When the mentor's next digest goes out after `now`, in the mentor's timezone; undefined when there is none. */
export function nextDigestFor(programme: Programme, mentor: Person, now: Date): Date | undefined {
  if (!("mentorDigest" in programme.sections)) return undefined;
  const parsed = digestSection.safeParse(programme.sections.mentorDigest);
  if (!parsed.success || !parsed.data.enabled) return undefined;
  const weekday = WEEKDAYS.indexOf(parsed.data.day) + 1;
  const [hour, minute] = parsed.data.at.split(":").map(Number);
  if (weekday < 1 || hour === undefined || minute === undefined) return undefined;
  const last = programme.sessions.at(-1)?.date;
  const local = DateTime.fromJSDate(now, { zone: mentor.timezone });
  let at = local.set({ weekday: weekday as 1, hour, minute, second: 0, millisecond: 0 });
  if (at <= local) at = at.plus({ weeks: 1 });
  if (last && at > DateTime.fromISO(last, { zone: programme.timezone }).plus({ days: 8 })) return undefined;
  return at.toJSDate();
}

/**
 * Who sees a shared answer, and when, in plain words ("Henk ziet dit in het weekoverzicht van
 * vrijdag 27 november."); undefined for a private one.
 */
export function whoSeesIt(
  programme: Programme,
  directory: Directory,
  person: Person,
  visibility: Visibility,
  now: Date,
  language: Language,
): string | undefined {
  if (visibility === "private") return undefined;
  const w = strings(language).audience;
  const mentor = directory.mentorOf(person.id);
  if (!mentor) return w.noMentor;
  const next = nextDigestFor(programme, mentor, now);
  const when = next ? formatDay(next, language, mentor.timezone) : undefined;
  const line = when ? w.inDigest(mentor.firstName, when) : w.withShared(mentor.firstName);
  return visibility === "group" ? `${line} ${w.team}` : line;
}
