import { z } from "zod";
import { defineCollection } from "../../storage/collection.js";

const isoTime = z.iso.datetime({ offset: true });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * `session-state:<person>`: what one person told the bot about the session days. Only they
 * write it (through its buttons and commands); coordinators and the person's mentor see the
 * "can't come" replies, nobody sees another's tasks.
 */
export const sessionStateSchema = z.object({
  personId: z.string(),
  /** No session-day reminders (reflection prompts are not affected, nor is this by them). */
  optedOut: z.boolean().default(false),
  /** Session days the person said they cannot come to, with when they said it. */
  cantCome: z.array(z.object({ date: isoDate, at: isoTime })).default([]),
  /** Preparation tasks done, as `<date>#<task>` (see `taskKey`). */
  done: z.array(z.string()).default([]),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const sessionStates = defineCollection("session-state", sessionStateSchema);
