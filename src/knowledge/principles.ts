import { distance } from "fastest-levenshtein";
import type { Language } from "../config/programme-schema.js";

/** How many principles the content base has (`principe-01` … `principe-18`). */
export const PRINCIPLE_COUNT = 18;

const WORDS: Record<Language, string[]> = {
  nl: ["principe", "principes"],
  en: ["principle", "principles"],
};

const NUMBERS: Record<string, number> = {};
const add = (n: number, ...words: string[]) => {
  for (const w of words) NUMBERS[w] = n;
};
add(1, "een", "één", "eerste", "one", "first");
add(2, "twee", "tweede", "two", "second");
add(3, "drie", "derde", "three", "third");
add(4, "vier", "vierde", "four", "fourth");
add(5, "vijf", "vijfde", "five", "fifth");
add(6, "zes", "zesde", "six", "sixth");
add(7, "zeven", "zevende", "seven", "seventh");
add(8, "acht", "achtste", "eight", "eighth");
add(9, "negen", "negende", "nine", "ninth");
add(10, "tien", "tiende", "ten", "tenth");
add(11, "elf", "elfde", "eleven", "eleventh");
add(12, "twaalf", "twaalfde", "twelve", "twelfth");
add(13, "dertien", "dertiende", "thirteen", "thirteenth");
add(14, "veertien", "veertiende", "fourteen", "fourteenth");
add(15, "vijftien", "vijftiende", "fifteen", "fifteenth");
add(16, "zestien", "zestiende", "sixteen", "sixteenth");
add(17, "zeventien", "zeventiende", "seventeen", "seventeenth");
add(18, "achttien", "achttiende", "eighteen", "eighteenth");
add(PRINCIPLE_COUNT, "laatste", "last");

/** Words between "principe" and its number: "principe nr 6", "principle number 6". */
const FILLER = new Set(["nr", "nummer", "no", "number", "num"]);
/** "één" is also the article "een": only an ordinal counts before the word. */
const ORDINAL_ONLY = new Set(["een", "één", "one", "elf"]);
/** "welk principe een rol speelt": the article after the word is no number. */
const NOT_AFTER = new Set(["een"]);

/** The language of a word for "principle", allowing one or two typos ("princpe", "priciple"). */
export function principleWord(word: string): Language | undefined {
  if (word.length < 6 || word.length > 12 || !word.startsWith(word.length >= 8 ? "p" : "pr"))
    return undefined;
  let best: { language: Language; d: number } | undefined;
  for (const language of ["nl", "en"] as const)
    for (const w of WORDS[language]) {
      const d = distance(word, w);
      if (d <= (word.length >= 8 ? 2 : 1) && (!best || d < best.d)) best = { language, d };
    }
  return best?.language;
}

/**
 * A number word with one typo ("eersse", "fonrth", "twaafl"): one letter changed, missing or
 * too many from five letters, two letters swapped from six.
 */
function misspeltNumber(token: string): number | undefined {
  if (token.length < 5) return undefined;
  for (const [word, n] of Object.entries(NUMBERS)) {
    if (word.length < 5 || word[0] !== token[0]) continue;
    const d = distance(word, token);
    if (d === 1) return n;
    if (d === 2 && token.length >= 6 && token.length === word.length) {
      const i = [...token].findIndex((c, k) => c !== word[k]);
      if (token[i] === word[i + 1] && token[i + 1] === word[i] && token.slice(i + 2) === word.slice(i + 2))
        return n;
    }
  }
  return undefined;
}

function numberOf(token: string | undefined, after: boolean): number | undefined {
  if (!token || (after && NOT_AFTER.has(token))) return undefined;
  const digits = /^#?(\d{1,2})(e|de|ste|st|nd|rd|th)?$/.exec(token);
  const n = digits
    ? Number(digits[1])
    : after || !ORDINAL_ONLY.has(token)
      ? (NUMBERS[token] ?? misspeltNumber(token))
      : undefined;
  return n !== undefined && n >= 1 && n <= PRINCIPLE_COUNT ? n : undefined;
}

/**
 * The principle a question names by its number ("principe 6", "principle 18?", "het eerste
 * principe", "princpe 8", "the 3rd principle"), and the language of the word it used.
 *
 * @example
 * principleAsked("wat betekent principe 10?"); // { number: 10, language: "nl" }
 */
export function principleAsked(question: string): { number: number; language: Language } | undefined {
  const tokens =
    question
      .toLowerCase()
      .normalize("NFC")
      .match(/[#\p{L}\d]+/gu) ?? [];
  for (const [i, token] of tokens.entries()) {
    const language = principleWord(token);
    if (!language) continue;
    let next = i + 1;
    while (FILLER.has(tokens[next] ?? "")) next++;
    // A number before the plural counts principles ("noem 5 principes"), it names none.
    const plural = token.endsWith("s");
    const number = numberOf(tokens[next], true) ?? (plural ? undefined : numberOf(tokens[i - 1], false));
    if (number !== undefined) return { number, language };
  }
  return undefined;
}

/** The content id of a principle: `principe-06`. */
export const principleId = (n: number): string => `principe-${String(n).padStart(2, "0")}`;

/** At most this many principles are put first for one question (an answer shows one, lists the rest). */
const MOST_NAMED = 5;
const COUNTS: Record<string, number> = {
  twee: 2,
  drie: 3,
  vier: 4,
  vijf: 5,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
};
const countOf = (word: string) => COUNTS[word] ?? (/^\d$/.test(word) ? Number(word) : undefined);
const inRange = (n: number) => n >= 1 && n <= PRINCIPLE_COUNT;
const span = (from: number, to: number) =>
  Array.from({ length: Math.min(MOST_NAMED, to - from + 1) }, (_, i) => from + i).filter(inRange);

/**
 * The principles a question names, in order: one by its number (`principleAsked`), or several
 * at once: "de eerste twee principes", "the last three principles", "principe 3 en 5",
 * "principes 4 t/m 6", "principles 1-3". At most five.
 *
 * @example
 * principlesAsked("de eerste twee principes"); // { numbers: [1, 2], language: "nl" }
 */
export function principlesAsked(question: string): { numbers: number[]; language: Language } | undefined {
  const text = question.toLowerCase().normalize("NFC");
  const word = /\b(p\p{L}{5,11})\b/gu;
  for (const match of text.matchAll(word)) {
    const language = principleWord(match[1] as string);
    if (!language) continue;
    const at = match.index ?? 0;
    const before = text
      .slice(Math.max(0, at - 30), at)
      .trim()
      .split(/\s+/);
    // "de eerste twee principes", "the last three principles".
    const [edge, count] = [before.at(-2) ?? "", before.at(-1) ?? ""];
    const n = countOf(count);
    if (n !== undefined && n >= 2 && ["eerste", "first", "laatste", "last"].includes(edge)) {
      const first = edge === "eerste" || edge === "first";
      const numbers = first
        ? span(1, n)
        : span(PRINCIPLE_COUNT - Math.min(n, MOST_NAMED) + 1, PRINCIPLE_COUNT);
      return { numbers, language };
    }
    const after = text.slice(at + (match[1] as string).length, at + (match[1] as string).length + 40);
    // "principes 4 t/m 6", "principles 1-3", "principle 2 to 4".
    const range =
      /^\s*(?:nr\.?\s*|number\s*)?(\d{1,2})\s*(?:-|–|t\/m|tm|tot en met|tot|to|through|till|until)\s*(\d{1,2})\b/.exec(
        after,
      );
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (inRange(from) && inRange(to) && from < to) return { numbers: span(from, to), language };
    }
    // "principe 3 en 5", "principles 1, 4 and 7".
    const list = /^\s*(\d{1,2}(?:\s*(?:,|en|and|&|of|or)\s*\d{1,2})+)\b/.exec(after);
    if (list) {
      const numbers = [...new Set((list[1]?.match(/\d{1,2}/g) ?? []).map(Number))].filter(inRange);
      if (numbers.length >= 2) return { numbers: numbers.slice(0, MOST_NAMED), language };
    }
  }
  const one = principleAsked(question);
  return one ? { numbers: [one.number], language: one.language } : undefined;
}
