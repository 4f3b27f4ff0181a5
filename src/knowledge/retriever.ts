import { components } from "@orama/orama";
import { stemmer as dutchStemmer } from "@orama/stemmers/dutch";
import { stemmer as englishStemmer } from "@orama/stemmers/english";
import { stopwords as dutchStopwords } from "@orama/stopwords/dutch";
import { stopwords as englishStopwords } from "@orama/stopwords/english";
import { distance } from "fastest-levenshtein";
import type { Language } from "../config/programme-schema.js";
import { Bm25Index } from "./bm25.js";
import type { Chunk } from "./content.js";
import { principleAsked, principleId, principlesAsked } from "./principles.js";
import type { Synonyms } from "./synonyms.js";

/**
 * Words that say "this is a question" rather than what it is about. Left out of the
 * query so that "what does it mean" does not count as matching a passage that contains
 * "mean".
 */
const QUESTION_WORDS: Record<Language, string[]> = {
  nl: [
    "betekent",
    "betekenen",
    "betekenis",
    "bedoeld",
    "bedoelen",
    "bedoelt",
    "eigenlijk",
    "precies",
    "iemand",
    "uitleggen",
    "leg",
    "uit",
    "weten",
    "wil",
    "willen",
    "graag",
    "vraag",
    "vragen",
    "kampvuur",
    "zeggen",
    "zegt",
    "staat",
    "gaat",
    "gebeurt",
    "kun",
    "kunnen",
    "kunt",
    "mag",
    "moet",
    "moeten",
    "we",
    "jullie",
    "jij",
    "onze",
    "ons",
    "mijn",
    "doe",
    "doen",
    "vertel",
    "beetje",
    "even",
    "nou",
    "ergens",
    "geef",
    "geven",
    "ga",
    "gaan",
    "krijg",
    "krijgen",
    "maak",
    "maken",
    "laat",
    "laten",
    "zit",
    "zitten",
    // "hoeveel inwoners heeft japan": how many of something is not what a question is about.
    "hoeveel",
  ],
  en: [
    "mean",
    "means",
    "meaning",
    "explain",
    "tell",
    "know",
    "want",
    "please",
    "question",
    "kampvuur",
    "say",
    "a",
    "an",
    "says",
    "happen",
    "happens",
    "can",
    "could",
    "should",
    "would",
    "our",
    "we",
    "us",
    "my",
    "me",
    "do",
    "does",
    "actually",
    "exactly",
    "bit",
    "anyone",
    "someone",
    "give",
    "go",
    "going",
    "get",
    "like",
    "make",
    "need",
    // What is left of "don't", "doesn't", "isn't" once the apostrophe is gone.
    "don",
    "doesn",
    "didn",
    "isn",
    "aren",
    "wasn",
    // The same, typed without the apostrophe at all ("dont" would otherwise become "donat").
    "dont",
    "doesnt",
    "didnt",
    "isnt",
    "cant",
    "wont",
    "now",
    "got",
    "take",
    "put",
  ],
};

const LANGUAGES = {
  nl: { orama: "dutch", stemmer: dutchStemmer, stopWords: dutchStopwords },
  en: { orama: "english", stemmer: englishStemmer, stopWords: englishStopwords },
} as const;

/** How much of a question's meaning a passage must cover to count as relevant (see `coverage`). */
export const MIN_COVERAGE = 0.2;
/**
 * Ranking: BM25 times (COVERAGE_FLOOR + coverage), so a document that matches many of the
 * question's rare words beats one that repeats a single common word (Lucene's old "coord").
 */
const COVERAGE_FLOOR = 0.2;
/** Scores this close count as a tie, which coverage this much higher decides (see `searchIn`). */
const NEAR_TIE = 0.8;
const CLEARLY_MORE = 0.3;
/**
 * A passage without the content base's subject words still counts when it covers this much
 * of the question, with a word that at most RARE_SHARE of the documents use.
 */
const SPECIFIC_COVERAGE = 0.6;
const RARE_SHARE = 0.15;
/** A passage's terms, for the few questions that need them (see `detailed` in `searchIn`): made once. */
const PASSAGE_TERMS = new WeakMap<Chunk, Set<string>>();
/** From how many letters a word with one changed letter is corrected (see `known`). */
const SUBSTITUTION_LENGTH = 8;

export interface Hit {
  chunk: Chunk;
  /** Orama's BM25 score with the field boosts: the ranking. */
  score: number;
  /** Share (0–1, weighted by rarity) of the question's terms found in the passage. */
  coverage: number;
  /**
   * Whether the passage shares at least one of the content base's own subject words with the
   * question, or covers most of it with a word only a few documents use.
   */
  anchored: boolean;
}

export interface SearchResult {
  language: Language;
  /** Best passage per document, best first; only passages that count as relevant. */
  hits: Hit[];
  /** The best passage even when it is not relevant enough: for a "did you mean" suggestion. */
  nearest?: Hit;
  /** The question's terms after stop words and stemming (for logs and tests). */
  terms: string[];
  /** The document the question names by number ("principe 6"): always the first hit. */
  named?: string;
}

interface IndexedDoc {
  id: string;
  chunks: Chunk[];
  /** The normalised terms of everything indexed for the document. */
  terms: Set<string>;
  /** Terms of its title, tags and headings: what it is about. */
  anchors: string[];
  /** Terms of its title and tags only: what names the document as a whole. */
  names: Set<string>;
  kind: Chunk["kind"];
  /** The terms of each of its example questions. */
  asked: Set<string>[];
}

interface LanguageIndex {
  db: Bm25Index<(typeof FIELDS)[number]>;
  tokenize(text: string): string[];
  docs: Map<string, IndexedDoc>;
  /** In how many documents each term occurs. */
  df: Map<string, number>;
  /** The terms of titles, headings, tags and synonyms: what the content base is about. */
  anchors: Set<string>;
  chunks: Map<string, Chunk>;
  /** Every indexed term by its length, for spelling correction. */
  byLength: Map<number, string[]>;
  /**
   * The content's words as written (without accents), each with its indexed term, for
   * spelling correction; made at the first question that needs it (most never do).
   */
  surface(): { words: Map<string, string>; byLength: Map<number, string[]> };
  /** The subject words (`anchors`) by their length, for correcting short words. */
  anchorsByLength: Map<number, string[]>;
  stem(word: string): string;
  /** Synonym groups; each member is the normalised terms of a word or phrase. */
  synonyms: string[][][];
  stopWords: Set<string>;
  /** The words that only say "this is a question" (`QUESTION_WORDS`). */
  questionWords: Set<string>;
  /** Whether the language glues compounds together (Dutch), so a known one also counts as its parts. */
  compounds: boolean;
}

/**
 * Text as the index sees it: without accents (Orama's Dutch tokenizer would split
 * "coöperatie" at the ö) and without quotes and apostrophes ("risico's", "'eigen regie'").
 */
function plain(text: string): string {
  return (
    text
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .replace(/['‘’"“”`´]/g, " ")
      // "CPO-initiatief", "burn-out", "co-op": the parts are the words people type.
      .replace(/(\p{L})[-‐‑–](?=\p{L})/gu, "$1 ")
  );
}

/**
 * A Dutch diminutive's base, when the content knows it: "groepje" → "groep", "lijntjes" →
 * "lijn", "pleintje" → "plein" (the Snowball stemmer leaves the -je, -tje, -pje on).
 */
function diminutive(term: string, known: (t: string) => boolean): string | undefined {
  if (term.length < 5 || !/j(es?)?$/.test(term)) return undefined;
  for (const suffix of [/etj(es?)?$/, /tj(es?)?$/, /pj(es?)?$/, /j(es?)?$/]) {
    const base = term.replace(suffix, "");
    if (base !== term && base.length >= 3 && known(base)) return base;
  }
  return undefined;
}

/**
 * Dutch phrasings whose words mislead a word index: "hoe zorg ik dat …" (how do I make sure)
 * is not about care ("zorg", as in "zorgkosten"), and a separable verb typed apart ("mee
 * doen", "mee denken") is the verb the content writes as one word ("meedoen").
 */
function dutchPhrasing(question: string): string {
  return question
    .replace(
      /\b(?:ervoor\s+)?zorg(?:en|t)?(?:\s+(?:ik|je|jij|we|wij|u|jullie))?(?:\s+(?:er\s*)?voor)?\s+dat\b/giu,
      "dat",
    )
    .replace(
      /\bmee\s+(doen|doet|deed|deden|denken|denkt|praten|praat|beslissen|beslist|werken|werkt|helpen|helpt|tellen|telt)\b/giu,
      "mee$1",
    );
}

const FIELDS = ["title", "tags", "questions", "heading", "text"] as const;
/**
 * Field boosts. The example questions weigh most: they are how people really ask. Titles say
 * what a document is about; tags and headings hold the words of its subject.
 */
const BOOST = { title: 2, tags: 1.5, questions: 3, heading: 1.5, text: 1 };
/** Orama's BM25 defaults, written out: k term saturation, b length normalisation. */
const BM25 = { k: 1.2, b: 0.3, d: 0.5 };

/**
 * Full-text retrieval over the content base: one BM25 index per language (`bm25.ts`, scored as
 * Orama scores) over terms from Orama's tokenizer with that language's Snowball stemmer and
 * stop words, field boosts, and query expansion by the domain's synonym groups. Built in
 * memory, lazily (see `KnowledgeBase`).
 *
 * @example
 * const retriever = Retriever.build(content.chunks, synonyms);
 * retriever.search("wat betekent klein beginnen?").hits[0]?.chunk.docId; // "principe-10"
 */
/**
 * A question's term as the index knows it: itself when indexed; else, in Dutch, its
 * diminutive's base ("groepje" → "groep") or its plural without the apostrophe ("risicos" →
 * "risico"); else a spelling one typo away, of the term or of the word as typed
 * ("vrijwiliger" → "vrijwilliger", "residnets" → "resid"); else, for a Dutch compound, its two
 * known parts ("subsidieregeling" → "subsidie" + "regel"); else itself (it will count as not
 * covered).
 */
function known(index: LanguageIndex, term: string, raw?: string): string[] {
  // A word of the content, or of a synonym group (which expands it later): never "corrected"
  // into a nearby content word first ("dorpsvisie" is not a typo of "dorpsvisies").
  if (index.df.has(term) || index.anchors.has(term)) return [term];
  const base = index.compounds ? diminutive(term, (t) => index.df.has(t)) : undefined;
  if (base) return [base];
  // A Dutch plural in 's without its apostrophe ("risicos", "collegas"), as typed on a phone.
  if (index.compounds && /[aiouy]s$/.test(term) && index.df.has(term.slice(0, -1)))
    return [term.slice(0, -1)];
  const verb = index.compounds ? infinitive(term, (t) => index.df.has(t)) : undefined;
  if (verb) return [verb];
  if (term.length < 6) return [shortTypo(index, term) ?? term];
  const near = correct(term, (t) => index.df.has(t), index.byLength);
  if (near) return [near];
  // A typo can also change what the stemmer makes of a word ("residnets", "eenzaamhied"):
  // then the word as typed is compared with the words as the content writes them.
  const word =
    raw && raw.length >= 6
      ? correct(raw, (w) => index.surface().words.has(w), index.surface().byLength)
      : undefined;
  const stem = word ? index.surface().words.get(word) : undefined;
  if (stem) return [stem];
  return split(index, term) ?? [term];
}

/**
 * A Dutch verb as people write it about someone ("haakt", "klaagt", "vergadert"), when the
 * content only has it as an infinitive ("haken", "klagen", "vergaderen"): the stemmer keeps
 * the -t, and the stem's spelling changes with it (a doubled consonant, a single vowel, z for s).
 */
function infinitive(term: string, has: (t: string) => boolean): string | undefined {
  if (term.length < 4 || !term.endsWith("t")) return undefined;
  const base = term.slice(0, -1);
  return [
    base,
    // "stopt": "stoppen" (after a short vowel the consonant is doubled).
    /[^aeiou][aeiou][bdfgklmnprst]$/.test(base) ? base + base.slice(-1) : base,
    // "haakt": "haken" (a long vowel is written single before a syllable).
    base.replace(/([aeiou])\1(?=[^aeiou]$)/, "$1"),
    // "verhuist", "leeft": "verhuizen", "leven".
    base.replace(/s$/, "z").replace(/f$/, "v"),
  ].find(has);
}

/**
 * A short word with one letter missing ("mentr", "budgt"): corrected only to one of the
 * content base's subject words (titles, tags, headings, synonyms) with the same first letter,
 * as any change makes a short word too often another word.
 */
function shortTypo(index: LanguageIndex, term: string): string | undefined {
  if (term.length < 4) return undefined;
  return index.anchorsByLength.get(term.length + 1)?.find((t) => t[0] === term[0] && distance(t, term) === 1);
}

/** Letters next to each other on a phone's keyboard (QWERTY, as in the Netherlands). */
const KEY_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const KEY_AT = new Map(
  [...KEY_ROWS.entries()].flatMap(([r, row]) => [...row].map((k, c) => [k, [r, c]] as const)),
);

/** Whether two words of one length differ in one letter typed with a neighbouring key. */
function neighbours(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const [p, q] = [KEY_AT.get(a[i] as string), KEY_AT.get(b[i] as string)];
    // Keys in the next row sit half a key to the right.
    return !!p && !!q && Math.abs(p[0] - q[0]) <= 1 && Math.abs(p[1] + p[0] / 2 - (q[1] + q[0] / 2)) <= 1;
  }
  return false;
}

/** A known word one typo away from `term` (see `known`), if there is one. */
function correct(
  term: string,
  has: (t: string) => boolean,
  byLength: Map<number, string[]>,
): string | undefined {
  // One letter missing or one too many: the usual typo on a phone.
  for (const length of [term.length + 1, term.length - 1]) {
    const near = byLength.get(length)?.find((t) => t[0] === term[0] && distance(t, term) === 1);
    if (near) return near;
  }
  // One changed letter: in a long word any ("vrijwilluger", "partisipatie"), in a shorter one
  // only a neighbouring key ("trelker"), as a short word too often becomes another content
  // word by any change ("gedicht" → "gezicht").
  const long = term.length >= SUBSTITUTION_LENGTH;
  const near = byLength
    .get(term.length)
    ?.find((t) => t[0] === term[0] && distance(t, term) === 1 && (long || neighbours(t, term)));
  if (near) return near;
  // Two letters swapped ("vrijwilgier", "partcipatie"): as common on a phone, and as safe.
  for (let i = 1; i < term.length - 1; i++) {
    const swapped = `${term.slice(0, i)}${term[i + 1]}${term[i]}${term.slice(i + 2)}`;
    if (swapped !== term && has(swapped)) return swapped;
  }
  return undefined;
}

/** A Dutch compound's two known parts ("subsidieregeling" → "subsidie" + "regel"), the longest shorter part first. */
function split(index: LanguageIndex, term: string): string[] | undefined {
  return splitWith(term, (t) => index.df.has(t), index.stem);
}

function splitWith(
  term: string,
  has: (t: string) => boolean,
  stem: (w: string) => string,
  min = 3,
): string[] | undefined {
  let best: string[] | undefined;
  for (let i = min; i <= term.length - min; i++) {
    const left = term.slice(0, i);
    const head = [left, left.replace(/(s|e|en)$/, "")].map(stem).find(has);
    if (!head) continue;
    const tail = stem(term.slice(i));
    if (has(tail) && (!best || Math.min(i, term.length - i) > Math.min(...best.map((b) => b.length))))
      best = [head, tail];
  }
  return best;
}

/** "wat betekent …", "what is a …": a question for the glossary. */
const DEFINITION: Record<Language, RegExp> = {
  nl: /\b(wat (is|zijn|betekent|betekenen|bedoel\w*|houdt)|betekenis|definitie|uitleg van|wat wordt .* bedoeld)\b/,
  en: /\b(what (is|are|does|do you mean)|meaning|mean|definition|stand for|stands for)\b/,
};
/** How much a glossary counts for a question that is no definition, and a programme's description for one that does not name it. */
const GLOSSARY_PRIOR = 0.5;
const PROGRAMME_PRIOR = 0.6;

/**
 * A document's prior for a question: a situation ("er is ruzie tussen twee
 * initiatiefnemers") is answered by a principle, not by the glossary's entry for
 * "initiatiefnemer", nor by a programme's description that happens to use the same words.
 */
function prior(doc: IndexedDoc, covered: string[], definition: boolean): number {
  if (doc.kind === "glossary") return definition ? 1 : GLOSSARY_PRIOR;
  if (doc.kind === "programme") return covered.some((t) => doc.names.has(t)) ? 1 : PROGRAMME_PRIOR;
  return 1;
}

export class Retriever {
  private constructor(private readonly indexes: Map<Language, LanguageIndex>) {}

  static build(chunks: Chunk[], synonyms: Synonyms = { nl: [], en: [] }): Retriever {
    const indexes = new Map<Language, LanguageIndex>();
    for (const language of ["nl", "en"] as const) {
      const spec = LANGUAGES[language];
      // Text is analysed once, by Orama's own tokenizer with the language's stemmer and stop
      // words; the index (see `bm25.ts`) gets the resulting terms as they are. So the terms we
      // weigh and cover are exactly the ones indexed, and nothing is stemmed twice.
      const analyzer = components.tokenizer.createTokenizer({
        language: spec.orama,
        stemming: true,
        stemmer: spec.stemmer,
        stopWords: [...spec.stopWords, ...QUESTION_WORDS[language]],
      });
      const tokenize = (text: string) =>
        analyzer.tokenize(plain(text), spec.orama, "text").filter((t) => t.length > 1);

      // What describes a whole document (title, tags, example questions) is indexed once per
      // document; each section adds its heading and text. A document's score is its own
      // record's plus that of its best section: BM25 per field, as if every section carried
      // the document's fields, at a fraction of the indexing work.
      const docs = new Map<string, IndexedDoc>();
      const records: { id: string; fields: Record<(typeof FIELDS)[number], string[]> }[] = [];
      const own = chunks.filter((c) => c.language === language);
      const described = new Set<string>();
      const analysed = own.map((c) => {
        const first = !described.has(c.docId);
        described.add(c.docId);
        const asked = first ? c.questions.map(tokenize) : [];
        return {
          c,
          asked,
          whole: first
            ? {
                title: tokenize(c.title),
                tags: tokenize(c.tags.join(", ")),
                questions: asked.flat(),
              }
            : undefined,
          heading: tokenize(c.heading),
          text: tokenize(c.text),
        };
      });
      // Dutch words are indexed as their diminutive's base ("groepje" as "groep"), and a
      // compound also as its two parts ("energiecoöperatie" also as "energie" and
      // "coöperatie"), so that a question's "coöperatie" or "groep" finds it.
      const refine = ((): ((tokens: string[]) => string[]) => {
        if (language !== "nl") return (tokens) => tokens;
        const vocabulary = new Set<string>();
        for (const a of analysed)
          for (const list of [a.heading, a.text, ...Object.values(a.whole ?? {})])
            for (const t of list) vocabulary.add(t);
        const has = (t: string) => vocabulary.has(t);
        const cache = new Map<string, string[]>();
        // Compound splitting stems every head and tail of every long word: the same pieces
        // over and over ("gemeente…", "…initiatief"), so each is stemmed once.
        const stems = new Map<string, string>();
        const stem = (w: string): string => {
          let out = stems.get(w);
          if (out === undefined) stems.set(w, (out = spec.stemmer(w)));
          return out;
        };
        const one = (t: string): string[] => {
          let out = cache.get(t);
          if (!out) {
            const base = diminutive(t, has) ?? t;
            const parts = base.length >= 9 ? splitWith(base, has, stem, 4) : undefined;
            out = parts ? [base, ...parts] : [base];
            cache.set(t, out);
          }
          return out;
        };
        return (tokens) => tokens.flatMap(one);
      })();
      for (const a of analysed) {
        const { c } = a;
        let doc = docs.get(c.docId);
        if (!doc) {
          const title = refine(a.whole?.title ?? []);
          const tags = refine(a.whole?.tags ?? []);
          const questions = refine(a.whole?.questions ?? []);
          doc = {
            id: c.docId,
            chunks: [],
            terms: new Set([...title, ...tags, ...questions]),
            anchors: [...title, ...tags],
            names: new Set([...title, ...tags]),
            kind: c.kind,
            asked: a.asked.map((q) => new Set(refine(q))),
          };
          docs.set(c.docId, doc);
          records.push({
            id: `d:${c.docId}`,
            fields: { title, tags, questions, heading: [], text: [] },
          });
        }
        const heading = refine(a.heading);
        const text = refine(a.text);
        doc.chunks.push(c);
        records.push({
          id: `c:${c.key}`,
          fields: { title: [], tags: [], questions: [], heading, text },
        });
        for (const t of heading) {
          doc.terms.add(t);
          doc.anchors.push(t);
        }
        for (const t of text) doc.terms.add(t);
      }
      const db = new Bm25Index(FIELDS, records);

      const df = new Map<string, number>();
      for (const doc of docs.values()) for (const t of doc.terms) df.set(t, (df.get(t) ?? 0) + 1);
      const lengths = (words: Iterable<string>) => {
        const byLength = new Map<number, string[]>();
        for (const t of words) {
          const same = byLength.get(t.length);
          if (same) same.push(t);
          else byLength.set(t.length, [t]);
        }
        return byLength;
      };
      const byLength = lengths(df.keys());
      let surface: { words: Map<string, string>; byLength: Map<number, string[]> } | undefined;
      // The chunks only (already kept in `docs`), not their token lists.
      const sources = analysed.map(({ c, whole }) => ({ c, whole: whole !== undefined }));
      const surfaceOf = () => {
        if (surface) return surface;
        const words = new Map<string, string>();
        for (const { c, whole } of sources)
          for (const w of plain(
            [...(whole ? [c.title, ...c.tags, ...c.questions] : []), c.heading, c.text].join(" "),
          )
            .toLowerCase()
            .match(/\p{L}{6,}/gu) ?? []) {
            if (words.has(w)) continue;
            const t = spec.stemmer(w);
            if (df.has(t)) words.set(w, t);
          }
        surface = { words, byLength: lengths(words.keys()) };
        return surface;
      };
      const groups = synonyms[language]
        .map((group) => group.map(tokenize).filter((member) => member.length > 0))
        .filter((group) => group.length > 1);
      // Three letters are enough for a name ("cpo", "cop"): a document's tags and titles name its subject.
      const anchors = [...docs.values()].flatMap((d) => d.anchors).filter((t) => t.length > 2);
      const subject = new Set([...anchors, ...groups.flat(2)]);
      indexes.set(language, {
        db,
        tokenize,
        docs,
        chunks: new Map(chunks.filter((c) => c.language === language).map((c) => [c.key, c])),
        df,
        synonyms: groups,
        anchors: subject,
        anchorsByLength: lengths([...subject].filter((t) => t.length <= 6)),
        byLength,
        surface: surfaceOf,
        stem: (w) => spec.stemmer(w),
        stopWords: new Set(spec.stopWords),
        questionWords: new Set(QUESTION_WORDS[language]),
        compounds: language === "nl",
      });
    }
    return new Retriever(indexes);
  }

  /** How many passages are indexed, per language. */
  get size(): Record<Language, number> {
    return { nl: this.indexes.get("nl")?.chunks.size ?? 0, en: this.indexes.get("en")?.chunks.size ?? 0 };
  }

  /**
   * The language a question is written in, judged by its stop words; `fallback` (the
   * asker's language) when it is too short to tell.
   */
  detectLanguage(question: string, fallback: Language = "nl"): Language {
    const words = question.toLowerCase().match(/\p{L}+/gu) ?? [];
    const other = (language: Language): Language => (language === "nl" ? "en" : "nl");
    const known = (language: Language, w: string) => {
      const index = this.indexes.get(language);
      return index ? index.stopWords.has(w) || index.questionWords.has(w) : false;
    };
    // A language's own function words, and words only its content uses ("vrijwilligers", "volunteers").
    const vocabulary = (language: Language, w: string) => {
      const [own, theirs] = [this.indexes.get(language), this.indexes.get(other(language))];
      if (!own || !theirs || w.length < 4) return false;
      const term = own.tokenize(w)[0];
      return term !== undefined && own.df.has(term) && !theirs.df.has(theirs.tokenize(w)[0] ?? "");
    };
    const count = (language: Language) =>
      words.filter((w) => (known(language, w) && !known(other(language), w)) || vocabulary(language, w))
        .length;
    const nl = count("nl");
    const en = count("en");
    // "principle 18?" says nothing else: the word for principle tells the language.
    return nl === en ? (principleAsked(question)?.language ?? fallback) : nl > en ? "nl" : "en";
  }

  /** The documents that answer a question, each with its best section, best first. */
  search(
    question: string,
    options: { language?: Language; fallback?: Language; limit?: number } = {},
  ): SearchResult {
    const language = options.language ?? this.detectLanguage(question, options.fallback);
    const result = this.searchIn(question, language, options.limit);
    if (result.hits.length > 0 || options.language) return result;
    // A question that names its subject in the other language ("what is the
    // participatiesamenleving") and finds nothing: the other language's content may know it.
    const other: Language = language === "nl" ? "en" : "nl";
    const [own, theirs] = [this.indexes.get(language), this.indexes.get(other)] as LanguageIndex[];
    const foreign = (
      plain(question)
        .toLowerCase()
        .match(/\p{L}{6,}/gu) ?? []
    ).some((w) => {
      const [mine, their] = [own?.tokenize(w)[0], theirs?.tokenize(w)[0]];
      return mine !== undefined && their !== undefined && !own?.df.has(mine) && !!theirs?.df.has(their);
    });
    if (!foreign || !own) return result;
    // Without the asking language's own small words ("what is the"), which the other does not know.
    const content = (question.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? [])
      .filter((w) => !own.stopWords.has(w) && !own.questionWords.has(w))
      .join(" ");
    const translated = this.searchIn(content, other, options.limit);
    return translated.hits.length > 0 ? translated : result;
  }

  private searchIn(typedQuestion: string, language: Language, limit?: number): SearchResult {
    const index = this.indexes.get(language) as LanguageIndex;
    const question = language === "nl" ? dutchPhrasing(typedQuestion) : typedQuestion;
    // Each term with the word it was typed as, for spelling correction.
    const typed = new Map<string, string>();
    for (const w of plain(question)
      .toLowerCase()
      .match(/\p{L}{6,}/gu) ?? [])
      typed.set(index.stem(w), w);
    const terms = [...new Set(index.tokenize(question).flatMap((t) => known(index, t, typed.get(t))))];
    const named = principlesAsked(question);
    if (terms.length === 0 && !named) return { language, hits: [], terms };

    // A synonym group applies when one of its words (or all words of a phrase) is in the question.
    const asked = new Set(terms);
    const alternatives = new Map<string, string[][]>();
    const expanded = new Set(terms);
    for (const group of index.synonyms) {
      const trigger = group.find((m) => m.every((t) => asked.has(t)));
      if (!trigger) continue;
      for (const t of trigger) alternatives.set(t, [...(alternatives.get(t) ?? []), ...group]);
      for (const m of group) if (m.length === 1 || m === trigger) for (const t of m) expanded.add(t);
    }
    // A known long Dutch compound is also asked as its two parts ("buurtbewoners": "buurt
    // bewoners"), which passages say more often: both parts together count as the compound.
    if (index.compounds)
      for (const t of terms) {
        const parts = t.length >= 9 ? split(index, t) : undefined;
        if (!parts) continue;
        alternatives.set(t, [...(alternatives.get(t) ?? []), parts]);
        for (const part of parts) expanded.add(part);
      }
    const hits = index.db.search([...expanded], { boost: BOOST, relevance: BM25, limit: 500 });

    const scores = new Map<string, { own: number; best?: { chunk: Chunk; score: number } }>();
    for (const h of hits) {
      const chunk = h.id.startsWith("c:") ? index.chunks.get(h.id.slice(2)) : undefined;
      const docId = chunk?.docId ?? h.id.slice(2);
      const entry = scores.get(docId) ?? { own: 0 };
      if (!chunk) entry.own = h.score;
      else if (!entry.best || entry.best.score < h.score) entry.best = { chunk, score: h.score };
      scores.set(docId, entry);
    }

    const n = index.docs.size;
    // Rare terms weigh more; a term with synonyms is as common as its most common form.
    // Worked out once per term, not again for every passage that covers it.
    const weights = new Map(
      terms.map((t) => {
        const forms = [[t], ...(alternatives.get(t) ?? [])];
        const df = Math.max(...forms.map((m) => Math.min(...m.map((s) => index.df.get(s) ?? 0))));
        return [t, Math.log(1 + (n + 1) / (df + 0.5))];
      }),
    );
    const weight = (t: string) => weights.get(t) as number;
    const total = terms.reduce((sum, t) => sum + weight(t), 0);
    const coverageOf = (covered: string[]) =>
      total > 0 ? covered.reduce((sum, t) => sum + weight(t), 0) / total : 0;
    const rare = Math.max(2, RARE_SHARE * n);
    const definition = DEFINITION[language].test(plain(question).toLowerCase());
    const ranked: Hit[] = [];
    // A document covers a term when it has the term, or all words of one of its alternatives.
    const forms = terms.map((t) => ({ t, alternatives: alternatives.get(t) ?? [] }));
    const coveredBy = (has: (t: string) => boolean) =>
      forms
        .filter(({ t, alternatives }) => has(t) || alternatives.some((m) => m.every(has)))
        .map(({ t }) => t);
    const covers = (doc: IndexedDoc) => coveredBy((t) => doc.terms.has(t));
    // Most of the question's meaning, with a word that only a few documents use.
    const specific = (covered: string[]) =>
      coverageOf(covered) >= SPECIFIC_COVERAGE && covered.some((t) => (index.df.get(t) ?? n) <= rare);
    /**
     * A question about a detail of the text, without a subject word: most of its meaning in
     * one passage (with the document's title, tags and example questions), not spread over a long document
     * ("the population of utrecht": a shrinking population in one section, Utrecht as the
     * venue in another, is not an answer).
     */
    const detailed = (doc: IndexedDoc, chunk: Chunk | undefined, covered: string[]) => {
      if (!specific(covered)) return false;
      if (!chunk || doc.chunks.length === 1) return true;
      let passage = PASSAGE_TERMS.get(chunk);
      if (!passage) {
        passage = new Set(index.tokenize(`${chunk.heading} ${chunk.text}`));
        PASSAGE_TERMS.set(chunk, passage);
      }
      const terms = passage;
      return specific(coveredBy((t) => terms.has(t) || doc.names.has(t) || doc.asked.some((q) => q.has(t))));
    };
    for (const [docId, entry] of scores) {
      const doc = index.docs.get(docId);
      if (!doc) continue;
      const covered = covers(doc);
      const coverage = coverageOf(covered);
      ranked.push({
        chunk: entry.best?.chunk ?? (doc.chunks[0] as Chunk),
        score: (entry.own + (entry.best?.score ?? 0)) * prior(doc, covered, definition),
        coverage,
        // Or, failing a subject word, most of the question's meaning in one passage with a word
        // that only a few documents use ("slotdag", "raadsleden"): a question about a detail.
        anchored:
          covered.some((t) => index.anchors.has(t)) ||
          doc.asked.some(
            (q) => covered.filter((t) => q.has(t) && (index.df.get(t) ?? n) <= n / 2).length >= 2,
          ) ||
          detailed(doc, entry.best?.chunk, covered),
      });
    }
    for (const h of ranked) h.score *= COVERAGE_FLOOR + h.coverage;
    ranked.sort((a, b) => b.score - a.score);
    // A near tie at the top goes to the document that covers clearly more of the question
    // ("stille bewoners mee doen": the principle about every talent over the Community of
    // Practice, which says "bewoners" more often). The first source is the answer's lead.
    for (let i = 0; i + 1 < Math.min(ranked.length, 4); i++) {
      const [a, b] = [ranked[i] as Hit, ranked[i + 1] as Hit];
      if (b.score >= a.score * NEAR_TIE && b.coverage >= a.coverage + CLEARLY_MORE) {
        ranked[i] = b;
        ranked[i + 1] = a;
      }
    }
    const relevant = ranked.filter((h) => h.coverage >= MIN_COVERAGE && h.anchored);
    // Principles asked by number ("principe 6", "het eerste principe", "de eerste twee
    // principes", "principe 3 en 5") come first, in the order asked.
    const docs = (named?.numbers ?? [])
      .map((number) => index.docs.get(principleId(number)))
      .filter((d) => d !== undefined);
    for (const doc of docs.toReversed()) {
      const at = relevant.findIndex((h) => h.chunk.docId === doc.id);
      const found = at >= 0 ? relevant.splice(at, 1)[0] : ranked.find((h) => h.chunk.docId === doc.id);
      relevant.unshift({
        chunk: found?.chunk ?? (doc.chunks[0] as Chunk),
        score: Math.max(found?.score ?? 0, (relevant[0]?.score ?? 0) + 1),
        coverage: 1,
        anchored: true,
      });
    }
    const doc = docs[0];
    return {
      language,
      hits: relevant.slice(0, limit ?? 5),
      nearest: ranked.find((h) => h.anchored),
      terms,
      ...(doc ? { named: doc.id } : {}),
    };
  }
}
