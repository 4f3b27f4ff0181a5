import type { DueSend, Job, JobPlan } from "../../core/jobs.js";
import { isFinal } from "../../storage/records.js";
import { INTRO_KIND, introOccurrenceId, type Pairing } from "./service.js";

const GRACE_MS = 12 * 3_600_000;

/**
 * Finishes the introductions of the approved pairing that an approval left undone (a
 * failure, a crash half-way): exactly once each, like every delivery; past 12 hours what is
 * left is recorded `missed`.
 */
export class IntroductionJob implements Job {
  readonly id = "pairing.introductions";

  constructor(private readonly service: Pairing) {}

  async plan(now: Date): Promise<JobPlan> {
    const approval = await this.service.current();
    if (!approval) return { send: [], missed: [] };
    const dueAt = new Date(approval.approvedAt);
    // Older approvals were finished (or missed) long ago: not read again every minute.
    if (now.getTime() - dueAt.getTime() > 2 * GRACE_MS) return { send: [], missed: [] };
    const targets = await this.service.introductions(approval);
    const known = await this.service.bot.store.deliveries.getMany(targets.map((t) => t.deliveryId));
    const late = now.getTime() - dueAt.getTime() > GRACE_MS;
    const due = targets.flatMap((target, i): DueSend[] =>
      isFinal(known[i])
        ? []
        : [
            {
              deliveryId: target.deliveryId,
              kind: INTRO_KIND,
              occurrenceId: introOccurrenceId(approval.version),
              personId: target.person.id,
              dueAt,
              send: () => this.service.introduce(approval, target, known[i]),
            },
          ],
    );
    return late ? { send: [], missed: due } : { send: due, missed: [] };
  }
}
