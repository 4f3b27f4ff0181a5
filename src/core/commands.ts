import type { Language } from "../config/programme-schema.js";
import { messages } from "./i18n/index.js";
import type { Role } from "./people.js";

/**
 * A command: its words in each language (the first word of each list is the one shown in
 * help), who may use it, and its line in the help. Features declare their own; the core has
 * only help, whoami and language.
 */
export interface CommandSpec {
  /** Unique across features (`answers`, `sendReflection`). */
  id: string;
  nl: string[];
  en: string[];
  /** Who may use it; everyone when absent. */
  roles?: Role[];
  /**
   * Its answer is about the person asking (their prompt, answers, pause, role): typed in a
   * channel, the answer goes to a direct message with them, and the channel only hears that
   * it did. Content (questions, the principles) is public and answered where it was asked.
   */
  personal?: boolean;
  /**
   * What may follow the command words. A message with anything else after them is not a
   * command, so a free-text answer that happens to start with "vraag" stays an answer.
   */
  args?: RegExp;
  /** Its line in the help, per language. */
  help: Record<Language, string>;
}

/** @deprecated name: a command's words; see `CommandSpec`. */
export type CommandWords = CommandSpec;

const NO_ARGS = /^$/;

/** The core's own commands; every other command comes with its feature. */
export const CORE_COMMANDS: CommandSpec[] = [
  { id: "help", nl: ["help", "hulp", "?"], en: ["help", "?"], help: helpLines("help") },
  {
    id: "whoami",
    nl: ["wie ben ik", "wie"],
    en: ["whoami", "who am i"],
    personal: true,
    help: helpLines("whoami"),
  },
  {
    id: "language",
    nl: ["taal"],
    en: ["language"],
    args: /^(nl|en|nederlands|english|engels|dutch)?$/i,
    help: helpLines("language"),
  },
];

function helpLines(id: keyof ReturnType<typeof messages>["commands"]): Record<Language, string> {
  return { nl: messages("nl").commands[id], en: messages("en").commands[id] };
}

export interface ParsedCommand {
  id: string;
  /** The words as typed, for messages ("'stuur reflectie' is only for …"). */
  word: string;
  /** Everything after the command words, case kept. */
  args: string;
}

/** Normalises typed text: lowercase, no leading slash or "kampvuur", single spaces. */
function normalise(text: string): string[] {
  return text
    .trim()
    .replace(/^\/?kampvuur\b/i, "")
    .replace(/^\//, "")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

/**
 * Recognises a command at the start of a message, in either language (a Dutch speaker
 * typing "help" or an English one typing "antwoorden" both work). Longest match wins,
 * so "mijn antwoorden" beats "antwoord".
 */
export function parseCommand(text: string, words: readonly CommandSpec[]): ParsedCommand | undefined {
  const tokens = normalise(text);
  const lower = tokens.map((t) => t.toLowerCase().replace(/[?!.,]+$/, "") || t.toLowerCase());
  for (let n = Math.min(3, tokens.length); n >= 1; n--) {
    const candidate = lower.slice(0, n).join(" ");
    for (const spec of words) {
      if (spec.nl.includes(candidate) || spec.en.includes(candidate)) {
        const args = tokens.slice(n).join(" ");
        if (!(spec.args ?? NO_ARGS).test(args)) continue;
        return { id: spec.id, word: tokens.slice(0, n).join(" "), args };
      }
    }
  }
  return undefined;
}

/** The word shown in help for a command in a language. */
export function commandWord(spec: CommandWords, language: Language): string {
  return (language === "nl" ? spec.nl[0] : spec.en[0]) as string;
}
