import { distance } from "fastest-levenshtein";
import type { Language, Programme } from "../config/programme-schema.js";
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
  /**
   * Only listed in the help for programmes where this holds (a part the programme file
   * switches on, such as leerbuddy's); typed elsewhere, it still answers.
   */
  listedWhen?: (programme: Programme) => boolean;
  /** What someone of another role who types it is told instead of "only for …" (where to look instead). */
  otherRoles?: Partial<Record<Role, Record<Language, string>>>;
}

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
  // As many words as the longest command phrase ("wat heeft mijn team gedeeld"), at most six.
  const longest = Math.min(
    6,
    Math.max(3, ...words.flatMap((spec) => [...spec.nl, ...spec.en].map((w) => w.split(" ").length))),
  );
  for (let n = Math.min(longest, tokens.length); n >= 1; n--) {
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

/** Something that is almost a command: a typo in its words, or its words with arguments it does not take. */
export interface NearMiss {
  id: string;
  /**
   * What the person probably meant, to show: the typo corrected with the rest kept
   * ("wijzg 3" → "wijzig 3"), or the command word when the arguments were wrong
   * ("pauze een week" → "pauze").
   */
  suggestion: string;
  /** `typo`: "Bedoel je *wijzig 3*?"; `arguments`: the right word with the wrong arguments. */
  reason: "typo" | "arguments";
}

/** The longest message that can be a near-miss: a sentence is an answer or a question, not a slip. */
const NEAR_MISS_MAX_WORDS = 4;
const NEAR_MISS_MAX_LENGTH = 40;

/**
 * How many typos a command word may have and still be recognised: none in a word of three
 * letters or fewer ("wat" is not "wie"), one up to six letters, two from seven.
 */
function typosAllowed(word: string): number {
  const letters = word.replace(/\s/g, "").length;
  return letters <= 3 ? 0 : letters <= 6 ? 1 : 2;
}

/** The edit distance, with two swapped neighbours ("hlep") counted as one typo, as people make them. */
function typos(typed: string, word: string): number {
  const d = distance(typed, word);
  if (d !== 2 || typed.length !== word.length) return d;
  let i = 0;
  while (typed[i] === word[i]) i++;
  const swapped = `${typed.slice(0, i)}${typed.charAt(i + 1)}${typed.charAt(i)}${typed.slice(i + 2)}`;
  return swapped === word ? 1 : d;
}

/**
 * Recognises a message that is almost a command, for "Bedoel je *wijzig 3*?" instead of
 * taking it as a question or an answer. Call it for text `parseCommand` did not take, with
 * the commands the person may use. Only short messages (four words at most): a sentence
 * is never a near-miss. Two kinds:
 * - a typo: the first words are one or two typos from a command word (not in its first
 *   letter, and none in a word of three letters), and the rest is what that command takes
 *   ("wijzg 3", "hlep", "antwoorde"); "principe 6" is not "principes" (it takes nothing);
 * - wrong arguments: a command that takes arguments, with ones it refuses ("pauze een
 *   week", "taal fr", "vraag:" with no question), not ending like a sentence ("Taal blijft
 *   lastig."). A command that takes none followed by words is a sentence ("help ons
 *   even"), not a near-miss.
 */
export function nearMiss(text: string, words: readonly CommandSpec[]): NearMiss | undefined {
  const tokens = normalise(text);
  if (tokens.length === 0 || tokens.length > NEAR_MISS_MAX_WORDS || text.trim().length > NEAR_MISS_MAX_LENGTH)
    return undefined;
  const lower = tokens.map((t) => t.toLowerCase().replace(/[?!.,]+$/, "") || t.toLowerCase());
  // "Taal blijft lastig." ends like a sentence: words after a command word, not its arguments.
  const sentence = tokens.length > 1 && /[.!]$/.test(text.trim());
  for (let n = Math.min(3, tokens.length); n >= 1; n--) {
    const candidate = lower.slice(0, n).join(" ");
    const args = tokens.slice(n).join(" ");
    for (const spec of words) {
      const word = [...spec.nl, ...spec.en].find((w) => w === candidate);
      if (word && spec.args && !spec.args.test(args) && !sentence)
        return { id: spec.id, suggestion: word, reason: "arguments" };
    }
  }
  let best: { miss: NearMiss; typos: number; prefix: boolean } | undefined;
  for (let n = Math.min(3, tokens.length); n >= 1; n--) {
    const candidate = lower.slice(0, n).join(" ");
    const args = tokens.slice(n).join(" ");
    for (const spec of words) {
      if (!(spec.args ?? NO_ARGS).test(args)) continue;
      for (const word of [...spec.nl, ...spec.en]) {
        if (word.split(" ").length !== n || word[0] !== candidate[0]) continue;
        const d = typos(candidate, word);
        if (d === 0 || d > typosAllowed(word)) continue;
        // "antwoorde" is one typo from "antwoord" and from "antwoorden": the one it begins is meant.
        const prefix = word.startsWith(candidate);
        if (best && (d > best.typos || (d === best.typos && (best.prefix || !prefix)))) continue;
        const suggestion = args ? `${word} ${args}` : word;
        best = { miss: { id: spec.id, suggestion, reason: "typo" }, typos: d, prefix };
      }
    }
  }
  return best?.miss;
}

/**
 * The word shown in help for a command in a language. A word that ends in a colon ("vraag:")
 * is shown with what follows it ("vraag: …"), as "aankondiging: …" is: the help puts a colon
 * after the word, and "vraag::" reads as a typo.
 */
export function commandWord(spec: CommandSpec, language: Language): string {
  const word = (language === "nl" ? spec.nl[0] : spec.en[0]) as string;
  return word.endsWith(":") ? `${word} …` : word;
}
