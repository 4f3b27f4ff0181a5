import type { DeliveryOutcome } from "../../core/deliveries.js";
import type { DueSend, Job, JobPlan } from "../../core/jobs.js";
import { reminderDeliveryId } from "./ids.js";
import { momentIn, momentsInView, planReminders } from "./plan.js";
import type { SessionReminders } from "./service.js";

/**
 * The session-day reminders as a scheduler job: what `planReminders` says is due, from one
 * read of the people's states and the deliveries in view, sent exactly once.
 */
export class SessionReminderJob implements Job {
  readonly id = "session.reminders";
  private readonly graceMs: number;

  constructor(private readonly reminders: SessionReminders) {
    this.graceMs = reminders.settings.graceHours * 3_600_000;
  }

  async plan(now: Date): Promise<JobPlan> {
    const { reminders } = this;
    const recipients = reminders.recipients();
    const moments = momentsInView(
      reminders.moments,
      recipients.map((p) => p.timezone),
      now,
      this.graceMs,
    );
    if (moments.length === 0) return { send: [], missed: [] };
    const ids = recipients.map((p) => p.id);
    const stateList = await reminders.states.getMany(ids);
    const states = new Map(ids.map((id, i) => [id, stateList[i]]));
    const optedOut = new Set(ids.filter((id) => states.get(id)?.optedOut));
    const deliveryIds = moments.flatMap((m) => ids.map((id) => reminderDeliveryId(m.occurrenceId, id)));
    const known = await reminders.bot.store.deliveries.getMany(deliveryIds);
    const deliveries = new Map(deliveryIds.map((id, i) => [id, known[i]]));
    const { send, missed } = planReminders({ moments, recipients, optedOut, deliveries }, now, this.graceMs);
    const due = (s: (typeof send)[number]): DueSend => ({
      deliveryId: s.deliveryId,
      kind: s.kind,
      occurrenceId: s.moment.occurrenceId,
      personId: s.person.id,
      dueAt: s.dueAt,
      send: (): Promise<DeliveryOutcome> =>
        reminders.send(s.moment, s.person, s.kind, states, { known: deliveries.get(s.deliveryId) }),
    });
    return { send: send.map(due), missed: missed.map(due) };
  }

  /** The next moments it sends after `from`: each reminder at its time in every timezone of the people it goes to. */
  upcoming(from: Date, count: number): Date[] {
    const zones = new Set(this.reminders.recipients().map((p) => p.timezone));
    return [
      ...new Set(
        this.reminders.moments.flatMap((m) => [...zones].map((zone) => momentIn(m, zone).getTime())),
      ),
    ]
      .filter((at) => at > from.getTime())
      .sort((a, b) => a - b)
      .slice(0, count)
      .map((at) => new Date(at));
  }
}
