import type { DueSend, Job, JobPlan } from "../../core/jobs.js";
import { isFinal } from "../../storage/records.js";
import { RETENTION_JOB_ID, WARNING_KIND } from "./ids.js";
import type { Retention } from "./service.js";

/**
 * The retention as a scheduler job. Before the warning day it reads nothing. From 09:00 on
 * that day (each person's own time) it plans the warning for whoever has not had it, sent
 * exactly once by the deliverer; from the deletion moment on it deletes, once (the run's
 * record), and then sends nothing more.
 */
export class RetentionJob implements Job {
  readonly id = RETENTION_JOB_ID;

  constructor(private readonly retention: Retention) {}

  async plan(now: Date): Promise<JobPlan> {
    const { retention } = this;
    if (retention.run) return { send: [], missed: [] };
    if (now >= retention.deleteAt) {
      await retention.deleteAll();
      return { send: [], missed: [] };
    }
    const due = retention.recipients().filter((p) => retention.warnAt(p.timezone) <= now);
    if (due.length === 0) return { send: [], missed: [] };
    const ids = due.map((p) => retention.deliveryIdOf(p.id));
    const known = await retention.bot.store.deliveries.getMany(ids);
    const send: DueSend[] = [];
    const missed: DueSend[] = [];
    due.forEach((person, i) => {
      const record = known[i];
      if (isFinal(record)) return;
      const dueAt = retention.warnAt(person.timezone);
      const planned: DueSend = {
        deliveryId: ids[i] as string,
        kind: WARNING_KIND,
        occurrenceId: retention.occurrenceId,
        personId: person.id,
        dueAt,
        send: () => retention.send(person, { known: record }),
      };
      if (now.getTime() - dueAt.getTime() > retention.graceMs) {
        if (!record) missed.push(planned);
      } else send.push(planned);
    });
    return { send, missed };
  }

  /** The warning's moments after `from`: 09:00 on the warning day in every timezone of the people it goes to. */
  upcoming(from: Date, count: number): Date[] {
    if (this.retention.run) return [];
    const zones = new Set(this.retention.recipients().map((p) => p.timezone));
    return [...new Set([...zones].map((zone) => this.retention.warnAt(zone).getTime()))]
      .filter((at) => at > from.getTime())
      .sort((a, b) => a - b)
      .slice(0, count)
      .map((at) => new Date(at));
  }
}
