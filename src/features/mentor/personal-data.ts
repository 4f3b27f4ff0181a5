import type { PersonalData } from "../../core/personal-data.js";
import type { Mentors } from "./service.js";

/**
 * What the mentor feature keeps about a person: a mentor's digest choices
 * (`mentor-state:<mentor>`), and a participant's conversations with their mentor about their
 * answers (`mentor-thread:<participant>`), found by the person's id. What a mentor wrote sits
 * in their participants' threads: for a mentor those are read for everyone in the programme
 * file (its size, never a scan of the store), and on erasure their replies are taken out,
 * the participants' own words kept.
 */
export function mentorPersonalData(mentors: Mentors): PersonalData {
  /** What this person wrote as a mentor, in any participant's thread. */
  const writtenAsMentor = async (mentorId: string) => {
    if (!mentors.bot.programme.mentors.some((m) => m.id === mentorId)) return [];
    const ids = mentors.bot.programme.participants.map((p) => p.id);
    const books = await mentors.threads.getMany(ids);
    return books.flatMap((book, i) =>
      Object.entries(book?.threads ?? {}).flatMap(([answer, messages]) =>
        messages
          .filter((m) => m.from === "mentor" && m.mentorId === mentorId)
          .map((m) => ({ participantId: ids[i] as string, answer, text: m.text, at: m.at })),
      ),
    );
  };
  return {
    describe: {
      nl: "Als mentor: je keuze voor het weekoverzicht en je reacties aan deelnemers. Als deelnemer: de berichten tussen jou en je mentor over je antwoorden.",
      en: "As a mentor: your choice for the weekly digest and your replies to participants. As a participant: the messages between you and your mentor about your answers.",
    },
    async export(personId) {
      const [state, threads, written] = await Promise.all([
        mentors.states.get(personId),
        mentors.threads.get(personId),
        writtenAsMentor(personId),
      ]);
      if (!state && !threads && written.length === 0) return undefined;
      return {
        ...(state ? { state } : {}),
        ...(threads ? { threads: threads.threads } : {}),
        ...(written.length > 0 ? { repliesAsMentor: written } : {}),
      };
    },
    async erase(personId) {
      let removed = 0;
      if (await mentors.states.delete(personId)) removed++;
      if (await mentors.threads.delete(personId)) removed++;
      // Their replies as a mentor, out of each participant's thread (the participant's words stay).
      for (const participantId of new Set((await writtenAsMentor(personId)).map((w) => w.participantId))) {
        await mentors.threads.update(participantId, (book) => ({
          personId: participantId,
          threads: Object.fromEntries(
            Object.entries(book?.threads ?? {}).map(([answer, messages]) => [
              answer,
              messages.filter((m) => !(m.from === "mentor" && m.mentorId === personId)),
            ]),
          ),
        }));
        removed++;
      }
      return { removed };
    },
  };
}
