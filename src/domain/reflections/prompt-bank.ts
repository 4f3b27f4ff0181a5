import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type Language, languageSchema } from "../../config/programme-schema.js";
import { KampvuurError } from "../../core/errors.js";

/** The folder with the shipped reflection prompts. */
export const PROMPTS_DIR = fileURLToPath(new URL("../../../prompts/reflections/", import.meta.url));

export const PLACEHOLDERS = [
  "firstName",
  "learningQuestion",
  "caseName",
  "teamName",
  "lastSessionTheme",
  "nextSessionTheme",
  "nextSessionDate",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PromptContext = Partial<Record<Placeholder, string>>;

export const phaseSchema = z.enum(["after-session", "midway", "before-session"]);
export type Phase = z.infer<typeof phaseSchema>;

const placeholderPattern = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

const promptSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and hyphens"),
  phase: phaseSchema,
  text: z
    .string()
    .trim()
    .min(10, "is too short for a reflection prompt")
    .superRefine((text, ctx) => {
      for (const [, name] of text.matchAll(placeholderPattern)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(name as string)) {
          ctx.addIssue({
            code: "custom",
            message: `unknown placeholder {{${name}}}; use one of ${PLACEHOLDERS.join(", ")}`,
          });
        }
      }
    }),
});

const promptFileSchema = z.object({ language: languageSchema, prompts: z.array(promptSchema).min(1) });

export interface ReflectionPrompt {
  id: string;
  phase: Phase;
  language: Language;
  text: string;
  /** The placeholders the text uses; the prompt is only chosen when all of them have a value. */
  uses: Placeholder[];
}

/** Reflection prompts by language, in file order (ids are shared across languages). */
export class PromptBank {
  constructor(private readonly prompts: ReflectionPrompt[]) {}

  static async load(dir: string = PROMPTS_DIR): Promise<PromptBank> {
    const files = (await readdir(dir)).filter((f) => /\.ya?ml$/i.test(f)).sort();
    const prompts: ReflectionPrompt[] = [];
    for (const file of files) {
      const path = join(dir, file);
      const result = promptFileSchema.safeParse(parseYaml(await readFile(path, "utf8")));
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new KampvuurError(
          "config_invalid",
          `${path}: ${issue?.path.join(".")}: ${issue?.message} (${result.error.issues.length} problem(s) in all)`,
        );
      }
      for (const p of result.data.prompts) {
        const uses = [...new Set([...p.text.matchAll(placeholderPattern)].map((m) => m[1] as Placeholder))];
        prompts.push({ ...p, language: result.data.language, uses });
      }
    }
    return new PromptBank(prompts);
  }

  get size(): number {
    return this.prompts.length;
  }

  get(id: string, language: Language): ReflectionPrompt | undefined {
    return (
      this.prompts.find((p) => p.id === id && p.language === language) ??
      this.prompts.find((p) => p.id === id)
    );
  }

  /** Prompt ids of one phase in the bank's order (taken from the programme's main language). */
  idsForPhase(phase: Phase, language: Language): string[] {
    const ids = this.prompts.filter((p) => p.phase === phase && p.language === language).map((p) => p.id);
    if (ids.length > 0) return ids;
    return [...new Set(this.prompts.filter((p) => p.phase === phase).map((p) => p.id))];
  }

  /**
   * The prompt for a week: the `turn`-th of its phase, moving on to the next one when the
   * person lacks a value the prompt needs (no team yet, no learning question, …).
   */
  pick(phase: Phase, turn: number, language: Language, context: PromptContext): ReflectionPrompt | undefined {
    const ids = this.idsForPhase(phase, language);
    for (let i = 0; i < ids.length; i++) {
      const prompt = this.get(ids[(turn + i) % ids.length] as string, language);
      if (prompt?.uses.every((u) => context[u])) return prompt;
    }
    return undefined;
  }
}

/** Fills in a prompt's placeholders. */
export function renderPrompt(prompt: ReflectionPrompt, context: PromptContext): string {
  return prompt.text.replace(placeholderPattern, (_, name: Placeholder) => context[name] ?? "");
}
