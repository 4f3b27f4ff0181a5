import { create, insertMultiple, search } from "@orama/orama";
import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/knowledge/bm25.js";

/**
 * The retriever's index scores as Orama's full-text search did (the rankings the evaluation
 * was tuned on): the same hits in the same order with the same scores, to the last bit.
 */
const FIELDS = ["title", "text"] as const;
const BOOST = { title: 2, text: 1 };
const RELEVANCE = { k: 1.2, b: 0.3, d: 0.5 };

/** Records of words from a small vocabulary with shared prefixes, repeats and empty fields. */
function records(n: number): { id: string; fields: Record<"title" | "text", string[]> }[] {
  const words = [
    "buurt",
    "buurtje",
    "buurthuis",
    "bewoner",
    "bewonersavond",
    "be",
    "geld",
    "gemeente",
    "ge",
    "zin",
  ];
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = (length: number) =>
    Array.from({ length }, () => words[Math.floor(random() * words.length)] as string);
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    fields: { title: i % 3 === 0 ? pick(2) : [], text: pick(Math.floor(random() * 12)) },
  }));
}

function orama(data: ReturnType<typeof records>, term: string) {
  const db = create({
    schema: { title: "string", text: "string" } as const,
    components: {
      tokenizer: { language: "dutch", tokenize: (raw: string) => raw.split(" ").filter(Boolean) },
    },
  });
  void insertMultiple(
    db,
    data.map((r) => ({ id: r.id, title: r.fields.title.join(" "), text: r.fields.text.join(" ") })),
    1000,
  );
  const result = search(db, {
    term,
    properties: [...FIELDS],
    boost: BOOST,
    threshold: 1,
    limit: 50,
    relevance: RELEVANCE,
  }) as { hits: { id: string; score: number }[] };
  return result.hits.map((h) => ({ id: h.id, score: h.score }));
}

describe("the retriever's BM25 index (Bm25Index)", () => {
  const data = records(300);
  const index = new Bm25Index(FIELDS, data);

  it.each(["buurt", "be ge", "bewoner zin geld", "buurtje gemeente", "onbekend", "zin buurthuis be"])(
    "ranks %j as Orama does",
    (term) => {
      const ours = index.search(term.split(" "), { boost: BOOST, relevance: RELEVANCE, limit: 50 });
      expect(ours).toEqual(orama(data, term));
    },
  );

  it("matches every record for no terms, as Orama does for an empty query", () => {
    const ours = index.search([], { boost: BOOST, relevance: RELEVANCE, limit: 50 });
    expect(ours).toEqual(orama(data, ""));
  });
});
