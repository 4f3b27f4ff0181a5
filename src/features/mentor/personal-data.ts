import type { PersonalData } from "../../core/personal-data.js";
import type { Mentors } from "./service.js";

/**
 * What the mentor feature keeps about a person: a mentor's digest choices
 * (`mentor-state:<mentor>`), and a participant's conversations with their mentor about their
 * answers (`mentor-thread:<participant>`). Both found by the person's id, without a scan.
 */
export function mentorPersonalData(mentors: Mentors): PersonalData {
  return {
    describe: {
      nl: "Als mentor: je keuze voor het weekoverzicht. Als deelnemer: de berichten tussen jou en je mentor over je antwoorden.",
      en: "As a mentor: your choice for the weekly digest. As a participant: the messages between you and your mentor about your answers.",
    },
    async export(personId) {
      const [state, threads] = await Promise.all([
        mentors.states.get(personId),
        mentors.threads.get(personId),
      ]);
      if (!state && !threads) return undefined;
      return { ...(state ? { state } : {}), ...(threads ? { threads: threads.threads } : {}) };
    },
    async erase(personId) {
      let removed = 0;
      if (await mentors.states.delete(personId)) removed++;
      if (await mentors.threads.delete(personId)) removed++;
      return { removed };
    },
  };
}
