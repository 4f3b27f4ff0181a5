import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type Language, languageSchema } from "../../config/programme-schema.js";
import {
  type Placeholder,
  placeholderPattern,
  placeholderProblem,
  unknownPlaceholders,
} from "../../config/placeholders.js";
import { KampvuurError } from "../../kernel/errors.js";

export { PLACEHOLDERS, type Placeholder } from "../../config/placeholders.js";

/** The folder with the shipped reflection prompts. */
export const PROMPTS_DIR = fileURLToPath(new URL("../../../prompts/reflections/", import.meta.url));

export type PromptContext = Partial<Record<Placeholder, string>>;

/**
 * Where a prompt falls: the week after a session day, the weeks between, the week before the
 * next day; after the last day one `closing` prompt ("what will you keep doing?") and, a month
 * later, one `follow-up`.
 */
export const phaseSchema = z.enum(["after-session", "midway", "before-session", "closing", "follow-up"]);
export type Phase = z.infer<typeof phaseSchema>;

export const promptSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and hyphens"),
  phase: phaseSchema,
  text: z
    .string()
    .trim()
    .min(10, "is too short for a reflection prompt")
    .superRefine((text, ctx) => {
      const unknown = unknownPlaceholders(text);
      if (unknown.length > 0) ctx.addIssue({ code: "custom", message: placeholderProblem(unknown) });
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
  /** `id|language` → the first such prompt, and id → the first prompt with that id: `get` without a scan. */
  private readonly byIdAndLanguage = new Map<string, ReflectionPrompt>();
  private readonly byId = new Map<string, ReflectionPrompt>();
  /** `idsForPhase`, worked out once per phase and language (the bank never changes). */
  private readonly phaseIds = new Map<string, readonly string[]>();

  constructor(private readonly prompts: ReflectionPrompt[]) {
    for (const p of prompts) {
      const key = `${p.id}|${p.language}`;
      if (!this.byIdAndLanguage.has(key)) this.byIdAndLanguage.set(key, p);
      if (!this.byId.has(p.id)) this.byId.set(p.id, p);
    }
  }

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

  /**
   * This bank with a programme's own prompts: a prompt with a shipped id replaces it (in
   * the languages given), a new id is added. Placeholders are checked as for shipped prompts.
   */
  withProgrammePrompts(
    prompts: { id: string; phase: Phase; text: string | { nl?: string; en?: string } }[],
    programmeLanguage: Language,
  ): PromptBank {
    if (prompts.length === 0) return this;
    const own: ReflectionPrompt[] = [];
    for (const p of prompts) {
      const texts = typeof p.text === "string" ? { [programmeLanguage]: p.text } : p.text;
      for (const [language, text] of Object.entries(texts) as [Language, string | undefined][]) {
        if (!text) continue;
        const checked = promptSchema.safeParse({ id: p.id, phase: p.phase, text });
        if (!checked.success) {
          throw new KampvuurError(
            "programme_invalid",
            `reflection.prompts: prompt '${p.id}' (${language}): ${checked.error.issues[0]?.message}`,
          );
        }
        const uses = [...new Set([...text.matchAll(placeholderPattern)].map((m) => m[1] as Placeholder))];
        own.push({ id: p.id, phase: p.phase, language, text, uses });
      }
    }
    const replaced = new Set(own.map((p) => `${p.id}|${p.language}`));
    return new PromptBank([...this.prompts.filter((p) => !replaced.has(`${p.id}|${p.language}`)), ...own]);
  }

  get size(): number {
    return this.prompts.length;
  }

  get(id: string, language: Language): ReflectionPrompt | undefined {
    return this.byIdAndLanguage.get(`${id}|${language}`) ?? this.byId.get(id);
  }

  /** Prompt ids of one phase in the bank's order (taken from the programme's main language). */
  idsForPhase(phase: Phase, language: Language): string[] {
    return [...this.idsOf(phase, language)];
  }

  /** `idsForPhase` without the copy, for the bank's own use. */
  private idsOf(phase: Phase, language: Language): readonly string[] {
    const key = `${phase}|${language}`;
    let ids = this.phaseIds.get(key);
    if (!ids) {
      const own = this.prompts.filter((p) => p.phase === phase && p.language === language).map((p) => p.id);
      ids =
        own.length > 0 ? own : [...new Set(this.prompts.filter((p) => p.phase === phase).map((p) => p.id))];
      this.phaseIds.set(key, ids);
    }
    return ids;
  }

  /** Where `id` stands among the prompts of its phase (-1: not there). */
  turnOf(phase: Phase, id: string, language: Language): number {
    return this.idsOf(phase, language).indexOf(id);
  }

  /**
   * The prompt for a week: the `turn`-th of its phase, moving on to the next one when the
   * person lacks a value the prompt needs (no team yet, no learning question, …).
   */
  pick(phase: Phase, turn: number, language: Language, context: PromptContext): ReflectionPrompt | undefined {
    const ids = this.idsOf(phase, language);
    for (let i = 0; i < ids.length; i++) {
      const prompt = this.get(ids[(turn + i) % ids.length] as string, language);
      if (prompt?.uses.every((u) => context[u])) return prompt;
    }
    return undefined;
  }
}

/** A placeholder with the closing quote and the punctuation right after it in the text. */
const placeholderInSentence = new RegExp(`${placeholderPattern.source}([”’"']?)([?!.]?)`, "g");

const THEMES: readonly Placeholder[] = ["lastSessionTheme", "nextSessionTheme"];

/**
 * Fills in a prompt's placeholders. A value that ends a sentence itself (a learning question
 * "Hoe laat ik los?") takes the place of the text's own punctuation after it, so
 * “{{learningQuestion}}”? never reads "?”?". In English, a session theme the text does not
 * quote itself is quoted as a name (‘Vul je toolbox’): it stays in the programme's language.
 */
export function renderPrompt(prompt: ReflectionPrompt, context: PromptContext): string {
  const parts = compiled(prompt);
  let out = parts.text;
  for (const part of parts.slots) {
    let value = context[part.name] ?? "";
    if (part.quoteAsName && value) value = `‘${value}’`;
    out += `${value}${part.quote}${/[?!.]$/.test(value) ? "" : part.punctuation}${part.after}`;
  }
  return out;
}

/**
 * A prompt's text cut at its placeholders, once per prompt (a fan-out renders one prompt for
 * thousands of people): the text before the first, then per placeholder what `renderPrompt`
 * needs to fill it in and the text up to the next.
 */
interface CompiledPrompt {
  text: string;
  slots: { name: Placeholder; quote: string; punctuation: string; quoteAsName: boolean; after: string }[];
}

const compiledPrompts = new WeakMap<ReflectionPrompt, { text: string; compiled: CompiledPrompt }>();

function compiled(prompt: ReflectionPrompt): CompiledPrompt {
  const known = compiledPrompts.get(prompt);
  // Keyed by the prompt and checked against its text: a prompt changed since is cut again.
  if (known && known.text === prompt.text) return known.compiled;
  const text = prompt.text;
  const result: CompiledPrompt = { text: "", slots: [] };
  let last = 0;
  for (const m of text.matchAll(placeholderInSentence)) {
    const offset = m.index;
    const before = text.slice(last, offset);
    if (result.slots.length === 0) result.text = before;
    else (result.slots.at(-1) as CompiledPrompt["slots"][number]).after = before;
    const name = m[1] as Placeholder;
    const quoted = /[“‘"']$/.test(text.slice(0, offset));
    result.slots.push({
      name,
      quote: m[2] ?? "",
      punctuation: m[3] ?? "",
      quoteAsName: prompt.language === "en" && THEMES.includes(name) && !quoted,
      after: "",
    });
    last = offset + m[0].length;
  }
  const rest = text.slice(last);
  if (result.slots.length === 0) result.text = rest;
  else (result.slots.at(-1) as CompiledPrompt["slots"][number]).after = rest;
  compiledPrompts.set(prompt, { text, compiled: result });
  return result;
}
