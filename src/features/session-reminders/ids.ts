/**
 * The ids this feature makes and reads back, each builder next to its parser. A reminder is
 * one occurrence per session day and moment (`session:2026-12-10:7d`, `session:2026-12-10:morning`);
 * its delivery to one person adds their id; its "Gedaan" buttons carry the occurrence and the
 * task's place (`session:2026-12-10:7d#1`).
 */

/** How many days before the session day (0: the morning itself). */
export function reminderOccurrenceId(date: string, daysBefore: number): string {
  return `session:${date}:${daysBefore === 0 ? "morning" : `${daysBefore}d`}`;
}

export function parseReminderOccurrenceId(id: string): { date: string; daysBefore: number } | undefined {
  const m = /^session:(\d{4}-\d{2}-\d{2}):(?:(\d{1,3})d|morning)$/.exec(id);
  if (!m?.[1]) return undefined;
  return { date: m[1], daysBefore: m[2] ? Number(m[2]) : 0 };
}

/** The delivery of one reminder to one person. */
export function reminderDeliveryId(occurrenceId: string, personId: string): string {
  return `${occurrenceId}:${personId}`;
}

/** A "Gedaan" button's value: the reminder it is on and the task's place in the session's preparation. */
export function taskValue(occurrenceId: string, task: number): string {
  return `${occurrenceId}#${task}`;
}

export function parseTaskValue(value: string): { occurrenceId: string; task: number } | undefined {
  const cut = value.lastIndexOf("#");
  const task = Number(value.slice(cut + 1));
  if (cut <= 0 || !Number.isInteger(task) || task < 0 || task > 99) return undefined;
  const occurrenceId = value.slice(0, cut);
  return parseReminderOccurrenceId(occurrenceId) ? { occurrenceId, task } : undefined;
}

/** A preparation task as kept in a person's state: the session day and the task's place (`2026-12-10#1`). */
export function taskKey(date: string, task: number): string {
  return `${date}#${task}`;
}
