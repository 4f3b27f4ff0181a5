import type { DeliveryOutcome } from "../../core/deliveries.js";
import type { DueSend, Job, JobPlan } from "../../core/jobs.js";
import type { Person } from "../../core/people.js";
import { isFinal } from "../../storage/records.js";
import { DIGEST_KIND, digestDeliveryId, digestOccurrenceId } from "./ids.js";
import { type DigestMoment, momentIn } from "./plan.js";
import type { Mentors } from "./service.js";

/** Moments this long past their grace window are left alone (not even recorded `missed`). */
const LOOK_BACK_MS = 36 * 3_600_000;

/**
 * The weekly digest as a scheduler job: for every digest moment in view, each mentor with
 * mentees gets one, exactly once (delivery `mentor:digest:<date>:<mentor>`), within
 * `graceHours`; the ones the bot was down for are recorded `missed`. A mentor who chose
 * "only when something is shared" gets none in a week without a shared answer (noted in
 * their state, so that week is not weighed again every minute).
 */
export class DigestJob implements Job {
  readonly id = "mentor.digest";
  private readonly graceMs: number;

  constructor(private readonly mentors: Mentors) {
    this.graceMs = mentors.settings.graceHours * 3_600_000;
  }

  private inView(moment: DigestMoment, mentor: Person, now: Date): boolean {
    const at = momentIn(moment, mentor.timezone).getTime();
    return at <= now.getTime() && at > now.getTime() - this.graceMs - LOOK_BACK_MS;
  }

  async plan(now: Date): Promise<JobPlan> {
    const { mentors } = this;
    const people = mentors.mentorsWithMentees();
    const moments = mentors.moments.filter((m) => people.some((p) => this.inView(m, p, now)));
    const send: DueSend[] = [];
    const missed: DueSend[] = [];
    for (const moment of moments) {
      const candidates = people.filter((p) => this.inView(moment, p, now));
      const ids = candidates.map((p) => digestDeliveryId(moment.date, p.id));
      const known = await mentors.bot.store.deliveries.getMany(ids);
      const open = candidates.filter((_, i) => !isFinal(known[i]));
      if (open.length === 0) continue;
      const late = open.filter((p) => now.getTime() - momentIn(moment, p.timezone).getTime() > this.graceMs);
      const onTime = open.filter((p) => !late.includes(p));
      const record = (p: Person): DueSend => ({
        deliveryId: digestDeliveryId(moment.date, p.id),
        kind: DIGEST_KIND,
        occurrenceId: digestOccurrenceId(moment.date),
        personId: p.id,
        dueAt: momentIn(moment, p.timezone),
        send: async (): Promise<DeliveryOutcome> => "already",
      });
      missed.push(...late.filter((p) => !known[candidates.indexOf(p)]).map(record));
      if (onTime.length === 0) continue;
      const digests = await mentors.digests(onTime, moment, now);
      for (const d of digests) {
        if (d.state.quietSkipped.includes(moment.date)) continue;
        if (d.skip) {
          await mentors.noteQuietSkip(d.mentor.id, moment.date);
          continue;
        }
        const i = candidates.indexOf(d.mentor);
        send.push({
          ...record(d.mentor),
          send: () => mentors.sendDigest(moment, d.mentor, d.build, { known: known[i] }),
        });
      }
    }
    return { send, missed };
  }

  /** The learning questions come on the first digest only: noted once it went out. */
  async after(sent: DueSend[], outcomes: DeliveryOutcome[]): Promise<void> {
    for (const [i, s] of sent.entries())
      if (outcomes[i] === "sent") await this.mentors.noteLearningQuestionsShown(s.personId);
  }

  /** The next moments it sends after `from`: each digest at its time in every mentor's timezone. */
  upcoming(from: Date, count: number): Date[] {
    const zones = new Set(this.mentors.mentorsWithMentees().map((p) => p.timezone));
    return [
      ...new Set(this.mentors.moments.flatMap((m) => [...zones].map((zone) => momentIn(m, zone).getTime()))),
    ]
      .filter((at) => at > from.getTime())
      .sort((a, b) => a - b)
      .slice(0, count)
      .map((at) => new Date(at));
  }
}
