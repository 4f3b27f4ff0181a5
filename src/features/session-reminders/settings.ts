import { z } from "zod";
import { defineSection } from "../../config/programme-schema.js";

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a 24-hour time like 09:00");

/**
 * `sessionReminders:` in the programme file: when participants and mentors hear of a session
 * day. Every field has a default, so a programme without the section gets reminders 7 days
 * and 1 day before each session day at 09:00, and none on the morning itself.
 */
export const reminderSettings = defineSection(
  "sessionReminders",
  z
    .object({
      /** Off: no session-day reminders at all for this programme. */
      enabled: z.boolean().default(true),
      /** Days before the session day, each a reminder (`[7, 1]`). */
      daysBefore: z
        .array(z.number().int().min(1, "use 1 or more (0 is the morning itself: morningOf)").max(60))
        .max(5, "give at most five reminders per session day")
        .refine((days) => new Set(days).size === days.length, "lists a day twice")
        .default([7, 1]),
      /** The time of day of those reminders, in each person's own timezone. */
      at: clockTime.default("09:00"),
      /** A short message on the morning of the session day itself at this time, or `false` (none). */
      morningOf: z.union([z.literal(false), clockTime]).default(false),
      /** Ask who can come ("Ik kan niet"), and tell each person who of their team comes too. */
      attendance: z.boolean().default(true),
      /** After downtime, how late a reminder may still go out. */
      graceHours: z
        .number()
        .positive()
        .max(24 * 3)
        .default(12),
    })
    .strict()
    .default({
      enabled: true,
      daysBefore: [7, 1],
      at: "09:00",
      morningOf: false,
      attendance: true,
      graceHours: 12,
    }),
);

export type ReminderSettings = ReturnType<typeof reminderSettings.of>;
