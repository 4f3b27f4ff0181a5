import type { Person } from "../../core/people.js";
import type { Delivery } from "../../storage/records.js";
import { isFinal } from "../../storage/records.js";
import { openDeliveryId, reminderDeliveryId } from "./ids.js";
import type { Assignment, Unit } from "./model.js";
import type { AnswerRecord } from "./records.js";

/** The delivery kinds of this feature. */
export const OPEN_KIND = "homework";
export const REMINDER_KIND = "homework-reminder";
export const COMPLETE_KIND = "homework-complete";

/** One moment an assignment sends something: its opening, or its reminder. */
export interface HomeworkMoment {
  assignment: Assignment;
  what: "open" | "reminder";
  at: Date;
}

/** Every moment of these assignments, in time order. */
export function homeworkMoments(assignments: Assignment[]): HomeworkMoment[] {
  return assignments
    .flatMap((assignment) => [
      { assignment, what: "open" as const, at: assignment.opensAt },
      ...(assignment.reminderAt
        ? [{ assignment, what: "reminder" as const, at: assignment.reminderAt }]
        : []),
    ])
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Moments this long past their grace window are left alone (not even recorded `missed`). */
const LOOK_BACK_MS = 36 * 3_600_000;

/** The moments in view at `now`: due, or recently past. The planner needs only their deliveries. */
export function momentsInView(moments: HomeworkMoment[], now: Date, graceMs: number): HomeworkMoment[] {
  return moments.filter(
    (m) => m.at.getTime() <= now.getTime() && m.at.getTime() > now.getTime() - graceMs - LOOK_BACK_MS,
  );
}

/** Whether a member has answered: their own sheet handed in, or (shared) the group's. */
export function hasAnswered(
  assignment: Pick<Assignment, "mode">,
  unit: Unit,
  record: AnswerRecord | undefined,
  personId: string,
): boolean {
  return record?.sheets[sheetKey(assignment, unit, personId)]?.status === "submitted";
}

/** Where a member's answer is kept in the unit's record: their own sheet, or the group's (shared mode). */
export function sheetKey(assignment: Pick<Assignment, "mode">, unit: Unit, personId: string): string {
  return assignment.mode === "shared" && !unit.solo ? "group" : personId;
}

export interface PlannedSend {
  deliveryId: string;
  kind: string;
  moment: HomeworkMoment;
  unit: Unit;
  /** Who it is for (for a channel post: the group's first member, under whom it is recorded). */
  person: Person;
  /** Set for a post in the group's channel instead of a DM. */
  channel?: string;
  dueAt: Date;
}

/**
 * What is due at `now` (a pure function of the moments, the units, the answers so far and
 * the deliveries so far): each opening once per member (or once in the group's channel),
 * each reminder once to each member who has not answered; past the grace window (the bot was
 * down), recorded `missed` instead.
 */
export function planHomework(
  snapshot: {
    moments: HomeworkMoment[];
    unitsOf: (assignment: Assignment) => Unit[];
    person: (id: string) => Person | undefined;
    records: ReadonlyMap<string, AnswerRecord | undefined>;
    deliveries: ReadonlyMap<string, Delivery | undefined>;
    recordId: (assignment: Assignment, unit: Unit) => string;
  },
  now: Date,
  graceMs: number,
): { send: PlannedSend[]; missed: PlannedSend[] } {
  const send: PlannedSend[] = [];
  const missed: PlannedSend[] = [];
  const add = (planned: PlannedSend) => {
    const known = snapshot.deliveries.get(planned.deliveryId);
    if (isFinal(known)) return;
    if (now.getTime() - planned.dueAt.getTime() > graceMs) {
      if (!known) missed.push(planned);
    } else send.push(planned);
  };
  for (const moment of snapshot.moments) {
    if (moment.at > now || moment.at.getTime() <= now.getTime() - graceMs - LOOK_BACK_MS) continue;
    const { assignment } = moment;
    for (const unit of snapshot.unitsOf(assignment)) {
      const members = unit.members.flatMap((id) => snapshot.person(id) ?? []);
      const first = members[0];
      if (!first) continue;
      if (moment.what === "open") {
        if (unit.channel)
          add({
            deliveryId: openDeliveryId(assignment.id, unit.key, "channel"),
            kind: OPEN_KIND,
            moment,
            unit,
            person: first,
            channel: unit.channel,
            dueAt: moment.at,
          });
        else
          for (const person of members)
            add({
              deliveryId: openDeliveryId(assignment.id, unit.key, person.id),
              kind: OPEN_KIND,
              moment,
              unit,
              person,
              dueAt: moment.at,
            });
        continue;
      }
      const record = snapshot.records.get(snapshot.recordId(assignment, unit));
      for (const person of members) {
        if (hasAnswered(assignment, unit, record, person.id)) continue;
        add({
          deliveryId: reminderDeliveryId(assignment.id, person.id),
          kind: REMINDER_KIND,
          moment,
          unit,
          person,
          dueAt: moment.at,
        });
      }
    }
  }
  return { send, missed };
}
