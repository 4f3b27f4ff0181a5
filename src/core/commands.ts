import type { Language } from "../config/programme-schema.js";
import type { Role } from "./people.js";
import type { Messages } from "./i18n/index.js";

export type CommandId = keyof Messages["commands"];

/** A command's words in each language; the first word of each list is the one shown in help. */
export interface CommandWords {
  id: CommandId;
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
}

const NO_ARGS = /^$/;

/** The words of every core command. Adapters that know more (the console's `als`) keep their own. */
export const COMMAND_WORDS: CommandWords[] = [
  { id: "help", nl: ["help", "hulp", "?"], en: ["help", "?"] },
  { id: "whoami", nl: ["wie ben ik", "wie"], en: ["whoami", "who am i"], personal: true },
  { id: "language", nl: ["taal"], en: ["language"], args: /^(nl|en|nederlands|english|engels|dutch)?$/i },
  {
    id: "reflection",
    nl: ["reflectie", "vraag"],
    en: ["reflection", "prompt"],
    roles: ["participant"],
    personal: true,
  },
  {
    id: "answer",
    nl: ["antwoord", "beantwoord"],
    en: ["answer"],
    roles: ["participant"],
    personal: true,
  },
  {
    id: "answers",
    nl: ["antwoorden", "mijn antwoorden"],
    en: ["answers", "my answers"],
    roles: ["participant"],
    personal: true,
  },
  {
    id: "edit",
    nl: ["wijzig", "bewerk"],
    en: ["edit"],
    roles: ["participant"],
    personal: true,
    args: /^(#?\d{1,4})?$/,
  },
  {
    id: "pause",
    nl: ["pauze", "pauzeer"],
    en: ["pause"],
    roles: ["participant"],
    personal: true,
    args: /^((tot|until)\s+\d{4}-\d{2}-\d{2}|\d{1,2}\s*(weken|week|weeks|dagen|dag|days|day|w|d)?)?$/i,
  },
  { id: "resume", nl: ["hervat", "pauze stop"], en: ["resume"], roles: ["participant"], personal: true },
  {
    id: "optOut",
    nl: ["afmelden", "meld af"],
    en: ["unsubscribe", "opt out"],
    roles: ["participant"],
    personal: true,
  },
  {
    id: "optIn",
    nl: ["aanmelden", "meld aan"],
    en: ["subscribe", "opt in"],
    roles: ["participant"],
    personal: true,
  },
  // Not "vraag …": an answer may start with "Vraag me af …". A question needs no command
  // anyway (free text is one); these are for channels and the slash command.
  { id: "ask", nl: ["vraag:", "stel vraag", "stel een vraag"], en: ["ask", "question:"], args: /^[\s\S]+$/ },
  { id: "principles", nl: ["principes"], en: ["principles"] },
  {
    id: "sendReflection",
    nl: ["stuur reflectie", "verstuur reflectie", "reflectie sturen"],
    en: ["send reflection", "send prompt"],
    roles: ["coordinator"],
    // The preview shows a participant's prompt with their learning question filled in.
    personal: true,
  },
];

export interface ParsedCommand {
  id: CommandId;
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
export function parseCommand(text: string, words: CommandWords[] = COMMAND_WORDS): ParsedCommand | undefined {
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
