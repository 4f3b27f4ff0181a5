import { z } from "zod";
import { defineSection } from "../../config/programme-schema.js";

/** A number of days: whole (a plain number check, so 1.5 says so), 1 or more, at most ten years. */
const days = z
  .number()
  .refine(Number.isInteger, "use a whole number of days")
  .refine((n) => n >= 1, "use 1 or more days")
  .refine((n) => n <= 3650, "use at most 3650 days (ten years)");

/**
 * `retention:` in the programme file: how long kampvuur keeps people's answers and data after
 * the programme. Without the section: deleted 90 days after the last session day, with a
 * message to every participant and mentor 14 days before.
 *
 * @example
 * retention:
 *   afterLastSessionDays: 90
 *   warnDaysBefore: 14
 */
export const retentionSettings = defineSection(
  "retention",
  z
    .object({
      /** Days after the last session day on which everything about the people is deleted. */
      afterLastSessionDays: days.default(90),
      /** Days before that day on which each participant and mentor hears of it (and can export). */
      warnDaysBefore: days.default(14),
    })
    .strict()
    .default({ afterLastSessionDays: 90, warnDaysBefore: 14 }),
  // Once both numbers are right themselves: the warning must come before the deletion.
  (s) =>
    s.warnDaysBefore < s.afterLastSessionDays
      ? []
      : [
          {
            path: ["warnDaysBefore"],
            message: "must be fewer days than afterLastSessionDays: the message goes before the deletion",
          },
        ],
);

export type RetentionSettings = ReturnType<typeof retentionSettings.of>;
