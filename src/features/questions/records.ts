import { z } from "zod";
import { defineCollection } from "../../storage/collection.js";

/**
 * The questions feature's own records. The question log itself (`question:<id>`) is still
 * opened by the store for everyone (`store.questions`, `questionLog` in
 * `src/storage/records.ts`), keys and all.
 */

/**
 * `questions-by:<person>`: the ids of the questions one person asked, oldest first. Written
 * (atomically, with `update`) before the question itself, so every question can be found by
 * its asker: that is how their export and erasure find them without scanning the store.
 */
export const askerIndexSchema = z.object({ personId: z.string(), questions: z.array(z.string()) });
export const questionsByAsker = defineCollection("questions-by", askerIndexSchema);

/**
 * `questions-index:backfill`: set once the questions logged before the per-asker index
 * existed have been added to it (one scan of the store, once per store).
 */
export const askerIndexState = defineCollection(
  "questions-index",
  z.object({ at: z.iso.datetime({ offset: true }), questions: z.number().int().min(0) }),
);
