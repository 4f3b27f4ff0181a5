import { z } from "zod";
import { defineCollection } from "../../storage/collection.js";

const isoTime = z.iso.datetime({ offset: true });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * `mentor-state:<mentor>`: what one mentor chose about their digest. Only they write it
 * (the digest's buttons and `weekoverzicht`), and the job notes what it did.
 */
export const mentorStateSchema = z.object({
  mentorId: z.string(),
  /** "Alleen als er iets gedeeld is": no digest in a week without a shared answer. */
  onlyWhenShared: z.boolean().default(false),
  /** The digest weeks left out because nothing was shared (so they are not weighed again every minute). */
  quietSkipped: z.array(isoDate).default([]),
  /** The team's learning questions were in a digest already (they come on the first one). */
  learningQuestionsShown: z.boolean().default(false),
});
export type MentorState = z.infer<typeof mentorStateSchema>;
export const mentorStates = defineCollection("mentor-state", mentorStateSchema);

/** One message in the conversation about an answer: the mentor's reply or the participant's answer back. */
export const threadMessageSchema = z.object({
  from: z.enum(["mentor", "participant"]),
  mentorId: z.string(),
  text: z.string().max(3000),
  at: isoTime,
});

/**
 * `mentor-thread:<participant>`: the conversations between a participant and their mentor
 * about the participant's answers, by answer (occurrence id). Kept under the participant, so
 * their export and erasure find it by their id.
 */
export const threadBookSchema = z.object({
  personId: z.string(),
  threads: z.record(z.string(), z.array(threadMessageSchema)).default({}),
});
export type ThreadBook = z.infer<typeof threadBookSchema>;
export const threadBooks = defineCollection("mentor-thread", threadBookSchema);
