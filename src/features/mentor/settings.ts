import { z } from "zod";
import { defineSection } from "../../config/programme-schema.js";

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a 24-hour time like 16:00");

/** The weekdays the digest can go out on, in the programme file's words. */
export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;

/**
 * `mentorDigest:` in the programme file: when mentors get the weekly overview of their team.
 * Every field has a default, so a programme without the section sends it on Friday at 16:00,
 * in each mentor's own timezone, in every week from the first session day until a week after
 * the last.
 */
export const digestSettings = defineSection(
  "mentorDigest",
  z
    .object({
      /** Off: no weekly digest (the `mijn team` and `gedeeld` views still work). */
      enabled: z.boolean().default(true),
      /** The day of the week (`friday`). */
      day: z.enum(WEEKDAYS).default("friday"),
      /** The time of day, in each mentor's own timezone. */
      at: clockTime.default("16:00"),
      /** After downtime, how late a digest may still go out. */
      graceHours: z
        .number()
        .positive()
        .max(24 * 3)
        .default(12),
    })
    .strict()
    .default({ enabled: true, day: "friday", at: "16:00", graceHours: 12 }),
);

export type DigestSettings = ReturnType<typeof digestSettings.of>;
