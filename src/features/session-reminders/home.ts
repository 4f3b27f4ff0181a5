import type { Language } from "../../config/programme-schema.js";
import type { Block } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { coordinatorView } from "./handlers.js";
import { taskKey } from "./ids.js";
import type { SessionReminders } from "./service.js";
import { strings } from "./strings.js";

/**
 * The session days on a person's home view: for a coordinator who can't come and how far the
 * preparation is; for others their open preparation tasks of the next day.
 */
export async function sessionHome(
  reminders: SessionReminders,
  person: Person,
  language: Language,
): Promise<Block[]> {
  const found = reminders.nextSession();
  if (!found) return [];
  if (person.role === "coordinator") return (await coordinatorView(reminders, found, language)).blocks ?? [];
  const t = strings(language);
  const state = await reminders.stateOf(person.id);
  const tasks = found.session.preparation.map((task, i) =>
    t.task(state?.done.includes(taskKey(found.session.date, i)) ?? false, task),
  );
  if (tasks.length === 0) return [];
  return [{ type: "section", title: t.preparation.replaceAll("*", ""), text: tasks.join("\n") }];
}
