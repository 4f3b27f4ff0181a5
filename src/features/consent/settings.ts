import { z } from "zod";
import { defineSection } from "../../config/programme-schema.js";

/**
 * `llm:` in the programme file: what a language model may see. Off by default: nothing a
 * person wrote or is (their learning question, names, reflections, homework, case) goes to
 * a model. With `personalData: true`, a person's own details may go to it, but only theirs
 * and only after they said yes (`toestemming`). The question itself is always sent: it is
 * the request.
 *
 * @example
 * llm:
 *   personalData: true
 */
export const llmSettings = defineSection(
  "llm",
  z
    .object({
      /** May a person's own details go to the model, once they consented? */
      personalData: z.boolean().default(false),
    })
    .strict()
    .default({ personalData: false }),
);

export type LlmSettings = ReturnType<typeof llmSettings.of>;
