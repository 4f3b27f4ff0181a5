import { CronExpressionParser } from "cron-parser";
import { DateTime } from "luxon";
import type { Programme } from "../../config/programme-schema.js";
import type { Person } from "../../core/people.js";
import type { Phase, PromptBank } from "./prompt-bank.js";
import { deliveryId } from "./ids.js";
import {
  type Delivery,
  type DeliveryKind,
  isFinal,
  isReceived,
  type PersonState,
} from "../../storage/records.js";

/** One weekly reflection moment of the programme (the same for everyone, in programme time). */
export interface ScheduledOccurrence {
  /** Deterministic: `reflection:2026-11-24T09:00` (programme-local date and time). */
  id: string;
  /** Programme-local date and time of the tick; each person gets it at this wall-clock time in their own zone. */
  date: string;
  hour: number;
  minute: number;
  /** The moment in the programme's timezone. */
  at: Date;
  phase: Phase;
  promptId: string;
  /** A coordinator's "send now": due at `at` for everyone, whatever their timezone. */
  fixed?: boolean;
}

/**
 * Every reflection moment of a programme: the ticks of its cron rhythm in its timezone,
 * from the first session day to the last, without weeks that have a session day and
 * without the skip dates. Prompts rotate within each phase, so a programme does not
 * repeat a prompt before it has used the others. Pure: same programme, same list.
 */
export function reflectionOccurrences(programme: Programme, bank: PromptBank): ScheduledOccurrence[] {
  const zone = programme.timezone;
  const sessions = programme.sessions;
  const first = DateTime.fromISO(`${sessions[0]?.date}T${sessions[0]?.start}`, { zone });
  const last = DateTime.fromISO(`${sessions.at(-1)?.date}T00:00`, { zone }).endOf("day");
  const sessionWeeks = new Set(
    sessions.map((s) => DateTime.fromISO(s.date, { zone }).toFormat("kkkk-'W'WW")),
  );
  const skip = new Set(programme.reflection.skipDates);

  const cron = CronExpressionParser.parse(programme.reflection.schedule, {
    currentDate: first.toJSDate(),
    endDate: last.toJSDate(),
    tz: zone,
  });
  const ticks: DateTime[] = [];
  // The programme schema allows at most one tick a day; should a schedule that fires every
  // minute get here anyway, stop after as many ticks as the programme has days, instead of
  // expanding (and the scheduler and home view waiting for) every minute of every month.
  let budget = Math.ceil(last.diff(first, "days").days) + 1;
  while (budget-- > 0 && cron.hasNext()) {
    const tick = DateTime.fromJSDate(cron.next().toDate(), { zone });
    if (tick <= first || tick > last) continue;
    if (sessionWeeks.has(tick.toFormat("kkkk-'W'WW"))) continue;
    if (skip.has(tick.toISODate() as string)) continue;
    ticks.push(tick);
  }

  // The phase follows from where a prompt falls between two session days: the first one
  // after a day looks back, the last one before the next day looks ahead, the rest are
  // about the practice case and the learning question.
  const gapOf = (t: DateTime) =>
    sessions.filter((s) => DateTime.fromISO(`${s.date}T${s.start}`, { zone }) < t).length;
  const phaseTurns: Record<Phase, number> = {
    "after-session": 0,
    midway: 0,
    "before-session": 0,
    closing: 0,
    "follow-up": 0,
  };
  const result: ScheduledOccurrence[] = [];
  // After the last day the conversation does not just stop: one closing prompt in the first
  // week after it, and a follow-up a month after that (the first ticks of the rhythm then).
  const after: { tick: DateTime; phase: Phase }[] = [];
  const closing = nextTick(programme, last.plus({ days: 1 }), sessionWeeks, skip);
  if (closing) {
    after.push({ tick: closing, phase: "closing" });
    const followUp = nextTick(
      programme,
      closing.plus({ days: FOLLOW_UP_DAYS }).startOf("day"),
      sessionWeeks,
      skip,
    );
    if (followUp) after.push({ tick: followUp, phase: "follow-up" });
  }

  ticks.forEach((tick, i) => {
    const gap = gapOf(tick);
    const isFirst = i === 0 || gapOf(ticks[i - 1] as DateTime) !== gap;
    const isLast = i === ticks.length - 1 || gapOf(ticks[i + 1] as DateTime) !== gap;
    const phase: Phase = isFirst
      ? "after-session"
      : isLast && gap < sessions.length
        ? "before-session"
        : "midway";
    const ids = bank.idsForPhase(phase, programme.language);
    const promptId = ids[phaseTurns[phase]++ % Math.max(1, ids.length)];
    if (promptId) result.push(occurrenceAt(tick, phase, promptId));
  });
  for (const { tick, phase } of after) {
    const promptId = bank.idsForPhase(phase, programme.language)[0];
    if (promptId) result.push(occurrenceAt(tick, phase, promptId));
  }
  return result;
}

/** The occurrence of one tick of the rhythm (`reflection:2026-11-24T09:00`). */
function occurrenceAt(tick: DateTime, phase: Phase, promptId: string): ScheduledOccurrence {
  const date = tick.toISODate() as string;
  return {
    id: `reflection:${date}T${tick.toFormat("HH:mm")}`,
    date,
    hour: tick.hour,
    minute: tick.minute,
    at: tick.toJSDate(),
    phase,
    promptId,
  };
}

/** The follow-up comes this many days (or the first tick after them) after the closing prompt. */
const FOLLOW_UP_DAYS = 28;

/** The first tick of the programme's rhythm from `from` on, outside session weeks and skip dates (within ten weeks). */
function nextTick(
  programme: Programme,
  from: DateTime,
  sessionWeeks: ReadonlySet<string>,
  skip: ReadonlySet<string>,
): DateTime | undefined {
  const zone = programme.timezone;
  const cron = CronExpressionParser.parse(programme.reflection.schedule, {
    currentDate: from.toJSDate(),
    endDate: from.plus({ weeks: 10 }).toJSDate(),
    tz: zone,
  });
  for (let i = 0; i < 70 && cron.hasNext(); i++) {
    const tick = DateTime.fromJSDate(cron.next().toDate(), { zone });
    if (sessionWeeks.has(tick.toFormat("kkkk-'W'WW")) || skip.has(tick.toISODate() as string)) continue;
    return tick;
  }
  return undefined;
}

/** When a person gets an occurrence: its wall-clock time on its date, in the person's own timezone. */
export function dueAt(occurrence: ScheduledOccurrence, person: Person): Date {
  if (occurrence.fixed) return occurrence.at;
  // The same for everyone in one timezone: worked out once per occurrence and zone (a fan-out
  // to thousands of people has a handful of zones), a new Date each time.
  let byZone = dueTimes.get(occurrence);
  if (!byZone) dueTimes.set(occurrence, (byZone = new Map()));
  let ms = byZone.get(person.timezone);
  if (ms === undefined) {
    const [year, month, day] = occurrence.date.split("-").map(Number);
    ms = DateTime.fromObject(
      { year, month, day, hour: occurrence.hour, minute: occurrence.minute },
      { zone: person.timezone },
    ).toMillis();
    byZone.set(person.timezone, ms);
  }
  return new Date(ms);
}

/** `dueAt` per occurrence (as planned, never changed) and timezone: the moment in ms. */
const dueTimes = new WeakMap<ScheduledOccurrence, Map<string, number>>();

export interface PlanSettings {
  /** How late a missed send may still go out after downtime (default 12 h). */
  graceMs: number;
  /** When to remind someone who has not answered (the programme's `reminderAfterHours`). */
  reminderAfterMs: number;
}

/** What the store says, for the people and occurrences in view. */
export interface PlanSnapshot {
  occurrences: ScheduledOccurrence[];
  participants: Person[];
  states: Map<string, PersonState | undefined>;
  deliveries: Map<string, Delivery | undefined>;
  /** `${occurrenceId}:${personId}` for every answered prompt. */
  answered: Set<string>;
}

export interface PlannedSend {
  kind: DeliveryKind;
  occurrence: ScheduledOccurrence;
  personId: string;
  /** When it was due; a send later than `graceMs` after this is dropped. */
  dueAt: Date;
  deliveryId: string;
  /** For a snoozed prompt: the moment it was snoozed to. */
  extra?: string;
}

/** The occurrences that can still cause a send at `now` (prompts, reminders, snoozes). */
export function occurrencesInView(
  all: ScheduledOccurrence[],
  now: Date,
  settings: PlanSettings,
): ScheduledOccurrence[] {
  const from = now.getTime() - settings.reminderAfterMs - settings.graceMs - 3 * 86_400_000;
  const to = now.getTime() + 86_400_000;
  return all.filter((o) => o.at.getTime() >= from && o.at.getTime() <= to);
}

/** The delivery records a plan needs to read. */
export function deliveryIdsFor(snapshot: Omit<PlanSnapshot, "deliveries" | "answered">): string[] {
  const ids: string[] = [];
  for (const o of snapshot.occurrences) {
    for (const p of snapshot.participants) {
      ids.push(deliveryId("reflection", o.id, p.id), deliveryId("reflection-reminder", o.id, p.id));
      for (const z of snapshot.states.get(p.id)?.snoozes ?? []) {
        if (z.occurrenceId === o.id) ids.push(deliveryId("reflection-snoozed", o.id, p.id, z.until));
      }
    }
  }
  return ids;
}

/**
 * What to send at `now`, and what to give up on. A pure function of the programme's
 * occurrences, the clock and a snapshot of the store:
 * - a prompt when its due time has come, unless the person opted out or it falls due
 *   during their pause;
 * - after downtime, a prompt up to `graceMs` late; later ones are `missed`;
 * - one reminder, `reminderAfterMs` after the prompt, if it is unanswered, not skipped, not
 *   snoozed, and the next prompt has not come yet;
 * - a snoozed prompt at the chosen moment (and then no reminder).
 */
export function planSends(
  snapshot: PlanSnapshot,
  now: Date,
  settings: PlanSettings,
): { send: PlannedSend[]; missed: PlannedSend[] } {
  const send: PlannedSend[] = [];
  const missed: PlannedSend[] = [];
  const t = now.getTime();
  const consider = (planned: PlannedSend) => {
    if (isFinal(snapshot.deliveries.get(planned.deliveryId))) return;
    if (planned.dueAt.getTime() > t) return;
    (t - planned.dueAt.getTime() <= settings.graceMs ? send : missed).push(planned);
  };

  for (const person of snapshot.participants) {
    const state = snapshot.states.get(person.id);
    if (state?.optedOut) continue;
    const pausedUntil = state?.pausedUntil ? Date.parse(state.pausedUntil) : undefined;
    const isPaused = (at: number) => pausedUntil !== undefined && at < pausedUntil;

    snapshot.occurrences.forEach((occurrence, i) => {
      const due = dueAt(occurrence, person);
      const main = snapshot.deliveries.get(deliveryId("reflection", occurrence.id, person.id));
      // An interrupted send counts as received: it may well have arrived, and is never sent twice.
      if (!main || !isReceived(main)) {
        // What falls due during a pause is not sent, not even once the pause is over.
        if (isPaused(due.getTime())) return;
        consider({
          kind: "reflection",
          occurrence,
          personId: person.id,
          dueAt: due,
          deliveryId: deliveryId("reflection", occurrence.id, person.id),
        });
        return;
      }
      if (snapshot.answered.has(`${occurrence.id}:${person.id}`)) return;
      if (state?.skipped.includes(occurrence.id)) return;

      const snooze = state?.snoozes.find((z) => z.occurrenceId === occurrence.id);
      if (snooze) {
        consider({
          kind: "reflection-snoozed",
          occurrence,
          personId: person.id,
          dueAt: new Date(snooze.until),
          deliveryId: deliveryId("reflection-snoozed", occurrence.id, person.id, snooze.until),
          extra: snooze.until,
        });
        return;
      }

      const next = snapshot.occurrences[i + 1];
      if (next && dueAt(next, person).getTime() <= t) return; // the next prompt is here: no nagging about this one
      if (isPaused(t)) return;
      consider({
        kind: "reflection-reminder",
        occurrence,
        personId: person.id,
        dueAt: new Date(Date.parse(main.at) + settings.reminderAfterMs),
        deliveryId: deliveryId("reflection-reminder", occurrence.id, person.id),
      });
    });
  }
  return { send, missed };
}
