import type { DeliveryOutcome } from "../../core/deliveries.js";
import type { DueSend, Job, JobPlan } from "../../core/jobs.js";
import { homeworkMoments, momentsInView, planHomework, type PlannedSend } from "./plan.js";
import type { Homework } from "./service.js";

/** After downtime, how late an opening or reminder may still go out. */
export const HOMEWORK_GRACE_MS = 12 * 3_600_000;

/**
 * Homework as a scheduler job: each assignment's opening (to every member, or in the group's
 * channel) and its one reminder (to the members who have not answered), from one read of the
 * answers and the deliveries in view, sent exactly once.
 */
export class HomeworkJob implements Job {
  readonly id = "homework";

  constructor(private readonly homework: Homework) {}

  async plan(now: Date): Promise<JobPlan> {
    const { homework } = this;
    const moments = momentsInView(homeworkMoments(await homework.assignments()), now, HOMEWORK_GRACE_MS);
    if (moments.length === 0) return { send: [], missed: [] };
    const reminderRecords = [
      ...new Set(
        moments
          .filter((m) => m.what === "reminder")
          .flatMap((m) => homework.unitsOf(m.assignment).map((u) => homework.recordId(m.assignment, u))),
      ),
    ];
    const recordList = await homework.records.getMany(reminderRecords);
    const records = new Map(reminderRecords.map((id, i) => [id, recordList[i]]));
    // The deliveries in view: everything these moments could send.
    const all = planHomework(
      {
        moments,
        unitsOf: (a) => homework.unitsOf(a),
        person: (id) => homework.bot.directory.get(id),
        records,
        deliveries: new Map(),
        recordId: (a, u) => homework.recordId(a, u),
      },
      now,
      Number.MAX_SAFE_INTEGER,
    ).send;
    const ids = all.map((s) => s.deliveryId);
    const known = await homework.bot.store.deliveries.getMany(ids);
    const deliveries = new Map(ids.map((id, i) => [id, known[i]]));
    const { send, missed } = planHomework(
      {
        moments,
        unitsOf: (a) => homework.unitsOf(a),
        person: (id) => homework.bot.directory.get(id),
        records,
        deliveries,
        recordId: (a, u) => homework.recordId(a, u),
      },
      now,
      HOMEWORK_GRACE_MS,
    );
    const due = (s: PlannedSend): DueSend => ({
      deliveryId: s.deliveryId,
      kind: s.kind,
      occurrenceId: `homework:${s.moment.assignment.id}:${s.moment.what}`,
      personId: s.person.id,
      dueAt: s.dueAt,
      send: (): Promise<DeliveryOutcome> => homework.send(s, { known: deliveries.get(s.deliveryId) }),
    });
    return { send: send.map(due), missed: missed.map(due) };
  }

  /** The next openings and reminders after `from`. */
  upcoming(from: Date, count: number): Date[] {
    return [...new Set(homeworkMoments(this.homework.knownAssignments()).map((m) => m.at.getTime()))]
      .filter((at) => at > from.getTime())
      .sort((a, b) => a - b)
      .slice(0, count)
      .map((at) => new Date(at));
  }
}
