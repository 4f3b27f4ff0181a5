import { DateTime } from "luxon";
import type { Programme, Session } from "../../config/programme-schema.js";
import type { Person } from "../../core/people.js";
import type { Delivery } from "../../storage/records.js";
import { isFinal } from "../../storage/records.js";
import { reminderDeliveryId, reminderOccurrenceId } from "./ids.js";
import type { ReminderSettings } from "./settings.js";

/** One reminder of one session day: the same wall-clock moment in each person's own timezone. */
export interface ReminderMoment {
  occurrenceId: string;
  session: Session;
  /** Days before the session day; 0 for the morning itself. */
  daysBefore: number;
  /** The local date (`2026-12-03`) and time (`09:00`) it goes out. */
  date: string;
  time: string;
}

/** The delivery kinds of this feature. */
export const REMINDER_KIND = "session.reminder";
export const MORNING_KIND = "session.morning";

/** Every reminder of the programme, in order: for each session day each `daysBefore`, and the morning when asked. */
export function reminderMoments(programme: Programme, settings: ReminderSettings): ReminderMoment[] {
  if (!settings.enabled) return [];
  const moments: ReminderMoment[] = [];
  for (const session of programme.sessions) {
    const day = DateTime.fromISO(session.date, { zone: programme.timezone });
    const offsets = [...new Set(settings.daysBefore)].sort((a, b) => b - a);
    for (const daysBefore of offsets)
      moments.push({
        occurrenceId: reminderOccurrenceId(session.date, daysBefore),
        session,
        daysBefore,
        date: day.minus({ days: daysBefore }).toISODate() as string,
        time: settings.at,
      });
    if (settings.morningOf)
      moments.push({
        occurrenceId: reminderOccurrenceId(session.date, 0),
        session,
        daysBefore: 0,
        date: session.date,
        time: settings.morningOf,
      });
  }
  return moments;
}

/** The moment a reminder goes out to someone in this timezone. */
export function momentIn(moment: ReminderMoment, zone: string): Date {
  return DateTime.fromISO(`${moment.date}T${moment.time}`, { zone }).toJSDate();
}

/** Who hears of the session days: every participant and every mentor. */
export function recipientsOf(people: { withRole(role: "participant" | "mentor"): Person[] }): Person[] {
  return [...people.withRole("participant"), ...people.withRole("mentor")];
}

export interface PlannedReminder {
  moment: ReminderMoment;
  person: Person;
  deliveryId: string;
  kind: string;
  dueAt: Date;
}

/** Moments this long past their grace window are left alone (not even recorded `missed`). */
const LOOK_BACK_MS = 36 * 3_600_000;

/**
 * The reminders that fall in view at `now` for some timezone: due, or recently past. The
 * planner needs only these deliveries from the store.
 */
export function momentsInView(
  moments: ReminderMoment[],
  zones: Iterable<string>,
  now: Date,
  graceMs: number,
): ReminderMoment[] {
  const zoneList = [...new Set(zones)];
  return moments.filter((m) =>
    zoneList.some((zone) => {
      const at = momentIn(m, zone).getTime();
      return at <= now.getTime() && at > now.getTime() - graceMs - LOOK_BACK_MS;
    }),
  );
}

/**
 * What is due at `now` (a pure function of the moments, the people, their choices and the
 * deliveries so far): each reminder once per person, not for someone who opted out of
 * reminders; past the grace window (the bot was down), recorded `missed` instead.
 */
export function planReminders(
  snapshot: {
    moments: ReminderMoment[];
    recipients: Person[];
    optedOut: ReadonlySet<string>;
    deliveries: ReadonlyMap<string, Delivery | undefined>;
  },
  now: Date,
  graceMs: number,
): { send: PlannedReminder[]; missed: PlannedReminder[] } {
  const send: PlannedReminder[] = [];
  const missed: PlannedReminder[] = [];
  for (const moment of snapshot.moments)
    for (const person of snapshot.recipients) {
      if (snapshot.optedOut.has(person.id)) continue;
      const dueAt = momentIn(moment, person.timezone);
      if (dueAt > now || dueAt.getTime() <= now.getTime() - graceMs - LOOK_BACK_MS) continue;
      const deliveryId = reminderDeliveryId(moment.occurrenceId, person.id);
      const known = snapshot.deliveries.get(deliveryId);
      if (isFinal(known)) continue;
      const planned = {
        moment,
        person,
        deliveryId,
        kind: moment.daysBefore === 0 ? MORNING_KIND : REMINDER_KIND,
        dueAt,
      };
      if (now.getTime() - dueAt.getTime() > graceMs) {
        if (!known) missed.push(planned);
      } else send.push(planned);
    }
  return { send, missed };
}
