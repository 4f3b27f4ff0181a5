import { DateTime } from "luxon";
import type { Programme, Session } from "../../config/programme-schema.js";
import type { Phase } from "./prompt-bank.js";

export interface ProgrammeMoment {
  phase: Phase;
  lastSession?: Session;
  nextSession?: Session;
  /** Whole weeks since the first session day (0 in its week); rotates the prompts. */
  week: number;
}

const sessionStart = (s: Session, zone: string) => DateTime.fromISO(`${s.date}T${s.start}`, { zone });

/**
 * Where the programme is at `now`: the week after a session day, the week before the
 * next one, or the weeks in the middle. A pure function of programme and clock.
 */
export function programmeMoment(programme: Programme, now: Date): ProgrammeMoment {
  const zone = programme.timezone;
  const t = DateTime.fromJSDate(now, { zone });
  const first = sessionStart(programme.sessions[0] as Session, zone);
  const week = Math.max(0, Math.floor(t.diff(first.startOf("week"), "weeks").weeks));
  const lastSession = [...programme.sessions].reverse().find((s) => sessionStart(s, zone) <= t);
  const nextSession = programme.sessions.find((s) => sessionStart(s, zone) > t);

  let phase: Phase;
  if (!lastSession) phase = "before-session";
  else if (!nextSession) phase = "after-session";
  else {
    const sinceLast = t.diff(sessionStart(lastSession, zone), "days").days;
    const untilNext = sessionStart(nextSession, zone).diff(t, "days").days;
    // Session weeks get no prompt, so the last prompt before a day comes 8 to 12 days ahead.
    phase = sinceLast <= 7 ? "after-session" : untilNext <= 12 ? "before-session" : "midway";
  }
  return { phase, lastSession, nextSession, week };
}
