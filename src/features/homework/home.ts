import type { Language } from "../../config/programme-schema.js";
import type { Block } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import type { Homework } from "./service.js";
import { overviewBlocks, participantBlocks } from "./views.js";

/** Homework on a person's home view: a participant's open assignments, or the groups' progress. */
export async function homeworkHome(homework: Homework, person: Person, language: Language): Promise<Block[]> {
  if (person.role === "participant") {
    const open = await homework.openFor(person);
    return open.length === 0 ? [] : participantBlocks(homework, person, language);
  }
  return overviewBlocks(homework, person, language);
}
