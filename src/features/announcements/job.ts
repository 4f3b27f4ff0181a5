import type { DueSend, Job, JobPlan } from "../../core/jobs.js";
import { isFinal } from "../../storage/records.js";
import { announcementOccurrenceId } from "./ids.js";
import { ANNOUNCEMENT_KIND, type Announcements } from "./service.js";

/** How late an announcement's message may still go out (after downtime, or after a failure). */
export const ANNOUNCEMENT_GRACE_MS = 12 * 3_600_000;

/**
 * Finishes what a confirmed announcement left undone: a message the platform did not take
 * yet (tried again, up to the deliverer's limit), or the rest of a send that stopped half-way
 * (a crash, a restart). Exactly once, like every delivery; past the grace window what is left
 * is recorded `missed`. An announcement whose messages are all settled becomes `sent` and is
 * no longer looked at. Only the announcements being sent are read (the index's `open`).
 */
export class AnnouncementJob implements Job {
  readonly id = "announcements";

  constructor(private readonly service: Announcements) {}

  async plan(now: Date): Promise<JobPlan> {
    const { service } = this;
    const open = (await service.index.get("all"))?.open ?? [];
    if (open.length === 0) return { send: [], missed: [] };
    const records = await service.records.getMany(open);
    const send: DueSend[] = [];
    const missed: DueSend[] = [];
    const settled: string[] = [];
    for (const [i, id] of open.entries()) {
      const announcement = records[i];
      // A draft is on the list only while "Versturen" is being pressed (or was, when that
      // click stopped half-way): it stays until it is confirmed, or long enough to be dropped.
      if (announcement?.status === "draft") {
        if (now.getTime() - new Date(announcement.createdAt).getTime() > ANNOUNCEMENT_GRACE_MS)
          settled.push(id);
        continue;
      }
      if (announcement?.status !== "sending" || !announcement.confirmedAt) {
        settled.push(id);
        continue;
      }
      const targets = await service.targets(announcement);
      const known = await service.bot.store.deliveries.getMany(targets.map((t) => t.deliveryId));
      const dueAt = new Date(announcement.confirmedAt);
      const late = now.getTime() - dueAt.getTime() > ANNOUNCEMENT_GRACE_MS;
      const due = targets.flatMap((target, j): DueSend[] =>
        isFinal(known[j])
          ? []
          : [
              {
                deliveryId: target.deliveryId,
                kind: ANNOUNCEMENT_KIND,
                occurrenceId: announcementOccurrenceId(announcement.id),
                personId: target.kind === "person" ? target.person.id : target.author.id,
                dueAt,
                send: () => service.deliver(announcement, target, known[j]),
              },
            ],
      );
      if (due.length === 0) settled.push(id);
      else (late ? missed : send).push(...due);
    }
    await service.settle(settled);
    return { send, missed };
  }
}
