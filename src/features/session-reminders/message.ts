import { DateTime } from "luxon";
import type { Language, Programme, Session } from "../../config/programme-schema.js";
import { formatDay } from "../../core/i18n/index.js";
import type { Block, Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { taskKey, taskValue } from "./ids.js";
import type { SessionState } from "./records.js";
import { strings } from "./strings.js";

export const ACTION_TASK_DONE = "session.task-done";
export const ACTION_CANT_COME = "session.cant-come";
export const ACTION_CAN_COME = "session.can-come";

/** One session day in words: "donderdag 10 december, 09:30–16:30". */
export function sessionDay(session: Session, programme: Programme, language: Language): string {
  const noon = DateTime.fromISO(`${session.date}T12:00`, { zone: programme.timezone }).toJSDate();
  const t = strings(language);
  return `${formatDay(noon, language, programme.timezone)}, ${t.timeRange(session.start, session.end)}`;
}

/** A list of names as people write it: "Bram, Chantal en Daan". */
export function nameList(names: string[], language: Language): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${strings(language).and} ${names.at(-1)}`;
}

export interface ReminderView {
  person: Person;
  session: Session;
  /** Its place among the programme's session days (0-based). */
  index: number;
  /** Whole days until the session day (0 on the day itself). */
  daysUntil: number;
  /** The occurrence whose buttons these are (`session:2026-12-10:7d`). */
  occurrenceId: string;
  state: SessionState | undefined;
  /** Who of the person's team (or, for a mentor, teams) comes; undefined when attendance is not asked. */
  team?: { lines: string[] };
  attendance: boolean;
}

/**
 * The reminder of one session day, for one person, in their language: when (first, so it is
 * what the notification shows), where, the theme; the preparation as a checklist with a
 * "Gedaan" button per open task; who of their team comes, and "Ik kan niet"; how to get the
 * days into a calendar and how to stop these reminders.
 */
export function reminderMessage(view: ReminderView, programme: Programme, language: Language): Message {
  const t = strings(language);
  const { session, state } = view;
  const day = sessionDay(session, programme, language);
  const title = `${t.when(view.daysUntil)}: ${t.sessionTitle(view.index + 1, programme.sessions.length)}`;
  const details = [`*${day}*`, session.location ? t.place(session.location) : "", t.theme(session.theme)]
    .filter(Boolean)
    .join("\n");
  const blocks: Block[] = [{ type: "section", title, text: details }];

  const done = new Set(state?.done ?? []);
  if (session.preparation.length > 0) {
    blocks.push({ type: "text", text: t.preparation });
    session.preparation.forEach((task, i) => {
      const isDone = done.has(taskKey(session.date, i));
      blocks.push({ type: "text", text: t.task(isDone, task) });
      if (!isDone)
        blocks.push({
          type: "actions",
          buttons: [
            { actionId: ACTION_TASK_DONE, label: t.doneButton, value: taskValue(view.occurrenceId, i) },
          ],
        });
    });
    if (session.preparation.every((_, i) => done.has(taskKey(session.date, i))))
      blocks.push({ type: "context", text: t.allDone });
  }

  if (view.attendance) {
    const absent = state?.cantCome.some((c) => c.date === session.date) ?? false;
    for (const line of view.team?.lines ?? []) blocks.push({ type: "text", text: line });
    if (absent) blocks.push({ type: "text", text: t.youCantCome });
    blocks.push({
      type: "actions",
      buttons: [
        absent
          ? { actionId: ACTION_CAN_COME, label: t.canComeButton, value: view.occurrenceId }
          : { actionId: ACTION_CANT_COME, label: t.cantComeButton, value: view.occurrenceId },
      ],
    });
  }
  blocks.push({ type: "context", text: t.footer });
  return {
    kind: view.daysUntil === 0 ? "session.morning" : "session.reminder",
    // The notification says when and where first.
    text: `${title}. ${day}${session.location ? `, ${session.location}` : ""}. ${t.theme(session.theme)}`,
    blocks,
  };
}
