import { DateTime } from "luxon";
import type { DueSource } from "../../core/due.js";
import { taskKey } from "./ids.js";
import type { SessionReminders } from "./service.js";

/**
 * The next session day's preparation for "wat moet ik nog doen?": each task, and whether the
 * person ticked it "Gedaan" in a reminder (their own state only).
 */
export function preparationDue(reminders: SessionReminders): DueSource {
  return {
    id: "session-reminders",
    async items(person, now) {
      const { sessions, timezone: zone } = reminders.bot.programme;
      const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone }).toJSDate();
      // The next session day not over yet: today's until it ends.
      const session = sessions.find((s) => at(s.date, s.end) > now);
      if (!session || session.preparation.length === 0) return [];
      const done = new Set((await reminders.stateOf(person.id))?.done ?? []);
      const dueAt = at(session.date, session.start);
      return session.preparation.map((task, i) => ({
        source: "session-reminders",
        kind: "preparation" as const,
        id: taskKey(session.date, i),
        title: task,
        dueAt,
        done: done.has(taskKey(session.date, i)),
        sessionDate: session.date,
      }));
    },
  };
}
