/**
 * The retriever's full-text index: per field an inverted index of already analysed terms,
 * scored with BM25 exactly as Orama 3 scores its full-text search (which the retriever used
 * before, and whose rankings the evaluation was tuned on): a query term matches every indexed
 * word it is a prefix of, each field's matches count with the field's boost, and documents
 * with the same score come in the order they were added.
 *
 * Orama's own index does the same work with more of it: it counts each word's frequency by
 * scanning the field's tokens once per token (quadratic in the field's length) and gathers a
 * word's documents into an array checked with `includes` for every document (quadratic in how
 * many documents use the word), which for a content base of thousands of passages made the
 * build and the longer questions several times slower than the scoring itself.
 *
 * The arithmetic is Orama's, step for step (the running average field length, the
 * occurrence count as document frequency, the order in which a document's matches are
 * summed), so the scores are the same numbers to the last bit. For that the words a term is
 * a prefix of are looked up in Orama's own radix tree, which lists them in its order; it only
 * holds each word once, not its documents.
 */
import { radix } from "@orama/orama/trees";

/** BM25's parameters: k term saturation, b length normalisation, d the floor of a match. */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

interface Posting {
  /** The records that use the word, in the order they were added. */
  ids: number[];
  /** For each of them, the word's share of the field's terms. */
  tfs: number[];
  /** How often the word occurs in the field over all records (Orama's "matching count"). */
  occurrences: number;
}

interface Field {
  postings: Map<string, Posting>;
  /** Every word of the field, for finding the words a term is a prefix of. */
  words: radix.RadixTree;
  lengths: number[];
  /** The average number of terms, kept as Orama keeps it: updated at each record. */
  averageLength: number;
}

export class Bm25Index<F extends string> {
  private readonly fields = new Map<F, Field>();
  private readonly ids: string[] = [];

  /**
   * @param fieldNames in the order matches are summed (Orama: the schema's order).
   * @param records each with an id and, per field, its terms.
   */
  constructor(
    private readonly fieldNames: readonly F[],
    records: { id: string; fields: Record<F, string[]> }[],
  ) {
    for (const name of fieldNames)
      this.fields.set(name, {
        postings: new Map(),
        words: new radix.RadixTree(),
        lengths: [],
        averageLength: 0,
      });
    for (const [i, record] of records.entries()) {
      this.ids.push(record.id);
      const count = i + 1;
      for (const name of fieldNames) {
        const field = this.fields.get(name) as Field;
        const tokens = record.fields[name];
        field.averageLength = (field.averageLength * (count - 1) + tokens.length) / count;
        field.lengths.push(tokens.length);
        const frequency = new Map<string, number>();
        for (const t of tokens) frequency.set(t, (frequency.get(t) ?? 0) + 1);
        for (const [t, n] of frequency) {
          let posting = field.postings.get(t);
          if (!posting) field.postings.set(t, (posting = { ids: [], tfs: [], occurrences: 0 }));
          posting.ids.push(i);
          posting.tfs.push(n / tokens.length);
          posting.occurrences += n;
        }
      }
    }
    // In the order the words first occur, as Orama inserts them: the tree's shape, and so the
    // order in which it lists a prefix's words, is the same.
    for (const field of this.fields.values())
      for (const word of field.postings.keys()) field.words.insert(word, 0);
  }

  /** How many records are indexed. */
  get size(): number {
    return this.ids.length;
  }

  /**
   * The records that match any of the terms (each matching the words it is a prefix of), best first (ties in the order they were added),
   * at most `limit`, with their summed BM25 scores times the field boosts.
   */
  search(
    terms: string[],
    options: { boost: Record<F, number>; relevance: Bm25Params; limit: number },
  ): { id: string; score: number }[] {
    const { k, b, d } = options.relevance;
    const docsCount = this.ids.length;
    const scores = new Float64Array(docsCount);
    // A word in most records scores below zero (its occurrences can outnumber the records),
    // so whether a record matched is kept apart from its score.
    const seen = new Uint8Array(docsCount);
    const matched: number[] = [];
    // No terms at all match every record, as in Orama (a question that only names a principle).
    const asked = terms.length > 0 ? terms : [""];
    for (const name of this.fieldNames) {
      const field = this.fields.get(name) as Field;
      const boost = options.boost[name];
      for (const term of asked)
        for (const word of Object.keys(field.words.find({ term, exact: false, tolerance: 0 }))) {
          const posting = field.postings.get(word) as Posting;
          const m = posting.occurrences;
          const idf = Math.log(1 + (docsCount - m + 0.5) / (m + 0.5));
          for (let j = 0; j < posting.ids.length; j++) {
            const id = posting.ids[j] as number;
            const tf = posting.tfs[j] as number;
            const fieldLength = field.lengths[id] as number;
            const bm25 =
              (idf * (d + tf * (k + 1))) / (tf + k * (1 - b + (b * fieldLength) / field.averageLength));
            if (!seen[id]) {
              seen[id] = 1;
              matched.push(id);
            }
            scores[id] = (scores[id] as number) + bm25 * boost;
          }
        }
    }
    matched.sort((x, y) => (scores[y] as number) - (scores[x] as number) || x - y);
    return matched
      .slice(0, options.limit)
      .map((id) => ({ id: this.ids[id] as string, score: scores[id] as number }));
  }
}
