import { z } from "zod";
import { defineCollection } from "../../storage/collection.js";

const isoTime = z.iso.datetime({ offset: true });

/**
 * `consent:<person>`: what one person chose about their own details and the language model,
 * and whether the bot told them once that they can choose. Only they write it.
 */
export const consentSchema = z.object({
  personId: z.string(),
  /** Yes or no; absent when they have not chosen (which counts as no). */
  choice: z.enum(["yes", "no"]).optional(),
  /** When they chose (or withdrew). */
  at: isoTime.optional(),
  /** When the bot mentioned `toestemming` under an answer (once). */
  hintedAt: isoTime.optional(),
});
export type ConsentRecord = z.infer<typeof consentSchema>;
export const consentRecords = defineCollection("consent", consentSchema);
