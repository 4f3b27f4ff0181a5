import type { Language } from "../../config/programme-schema.js";
import type { Block } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { homeBlocks } from "./render.js";
import type { Mentors } from "./service.js";

/** A mentor's part of the Slack Home tab: their team this week, in counts and names only. */
export async function mentorHome(mentors: Mentors, person: Person, language: Language): Promise<Block[]> {
  if (person.role !== "mentor") return [];
  const view = await mentors.view(person);
  return view.teams.length ? homeBlocks(view, language) : [];
}
