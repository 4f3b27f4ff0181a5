import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { CONTENT_DIR } from "./content.js";

/** Groups of words that mean the same in this domain, per language ("bewonersinitiatief", "burgerinitiatief"). */
export const synonymsSchema = z.strictObject({
  nl: z.array(z.array(z.string().trim().min(1)).min(2, "a group needs at least two words")).default([]),
  en: z.array(z.array(z.string().trim().min(1)).min(2, "a group needs at least two words")).default([]),
});
export type Synonyms = z.infer<typeof synonymsSchema>;

export const SYNONYMS_FILE = join(CONTENT_DIR, "synonyms.yaml");

/** Reads the synonym groups that ship with the content base. */
export async function loadSynonyms(file = SYNONYMS_FILE): Promise<Synonyms> {
  return synonymsSchema.parse(parse(await readFile(file, "utf8")) ?? {});
}
