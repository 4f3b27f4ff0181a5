import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { Language } from "../config/programme-schema.js";
import { type Logger, silentLogger } from "../core/log.js";
import type { Store } from "../storage/store.js";
import { type Chunk, CONTENT_DIR, type ContentBase, type ContentProblem } from "./content.js";
import { loadContentCached } from "./knowledge-cache.js";
import type { Embedder } from "./models.js";
import type * as RetrieverCode from "./retriever.js";
import type { Hit, Retriever } from "./retriever.js";
import { type Synonyms, SYNONYMS_FILE } from "./synonyms.js";

/** Cosine similarity from which a passage counts as relevant on meaning alone. */
export const MIN_SIMILARITY = 0.45;
/** Reciprocal-rank fusion constant: how much the first places outweigh the later ones. */
const RRF_K = 60;
const EMBED_BATCH = 64;
/**
 * How long after `load` the full-text index is built if no question asked for it first: the
 * console's prompt and the server's routes come up before it, the first question rarely waits.
 */
export const INDEX_WARMUP_MS = 1_000;

type RetrieverModule = typeof RetrieverCode;
let retrieverModule: RetrieverModule | undefined;

/**
 * The index's code (`retriever.ts` and Orama, some 50 modules), loaded when the index is
 * built rather than at start: the console's prompt and the server's routes come up without it.
 * The built app loads it synchronously (`require` of an ES module, Node ≥ 20.19), so
 * `retriever` stays synchronous; from the TypeScript sources (tests, `npm run dev`) `load`
 * imports it instead, as a `require` there would not find `retriever.ts`.
 */
function retrieverCode(): RetrieverModule {
  retrieverModule ??= createRequire(import.meta.url)("./retriever.js") as RetrieverModule;
  return retrieverModule;
}
const fromSources = import.meta.url.endsWith(".ts");

export interface Source {
  id: string;
  title: string;
  heading: string;
  /** The ranking score: BM25 for a lexical search, a fused rank score for a hybrid one. */
  score: number;
  chunk: Chunk;
}

export interface Retrieval {
  language: Language;
  /** Relevant documents, best first, with the passage that matched best. */
  sources: Source[];
  /** The closest document when none is relevant: for "maybe this helps". */
  nearest?: Source;
  /** The question's terms after stemming. */
  terms: string[];
  /** True when semantic search took part. */
  hybrid: boolean;
}

export interface KnowledgeBaseOptions {
  dirs?: string[];
  synonymsFile?: string;
  /**
   * Caches the parsed content (see `knowledge-cache.ts`) and passage vectors; without it
   * both are computed at every start.
   */
  store?: Store;
  /**
   * When to build the full-text index: `background` (default) builds it `INDEX_WARMUP_MS`
   * after load, or at the first search before that; `now` builds it in `load`.
   */
  index?: "background" | "now";
  embedder?: Embedder;
  logger?: Logger;
}

const toSource = (h: Hit, score = h.score): Source => ({
  id: h.chunk.docId,
  title: h.chunk.title,
  heading: h.chunk.heading,
  score: Math.round(score * 1000) / 1000,
  chunk: h.chunk,
});

/**
 * The content base at run time: the loaded Markdown (cached parsed in the store), the
 * full-text index (built once, shortly after load or at the first search) and, when an
 * embedding model is configured, passage vectors for hybrid search (cached in the store by
 * a hash of model and text).
 */
export class KnowledgeBase {
  private vectors = new Map<string, Float32Array>();
  private embedding?: Promise<void>;
  private index?: Retriever;
  private warmup?: NodeJS.Timeout;

  private constructor(
    readonly content: ContentBase,
    private readonly synonyms: Synonyms,
    private readonly options: KnowledgeBaseOptions,
  ) {}

  /**
   * Reads the content (from the store's cache when nothing changed) and the synonyms. The
   * index is built in the background unless `index: "now"`; `retriever` builds it when asked
   * for earlier, so a search never sees a partial one.
   */
  static async load(options: KnowledgeBaseOptions = {}): Promise<KnowledgeBase> {
    const logger = options.logger ?? silentLogger;
    const started = performance.now();
    const [{ content, synonyms, cached }] = await Promise.all([
      loadContentCached({
        dirs: options.dirs ?? [CONTENT_DIR],
        synonymsFile: options.synonymsFile ?? SYNONYMS_FILE,
        cache: options.store?.keyv,
        logger,
      }),
      fromSources ? import("./retriever.js").then((m) => (retrieverModule ??= m)) : undefined,
    ]);
    logger.debug(
      { docs: content.docs.length, cached, ms: Math.round(performance.now() - started) },
      "content loaded",
    );
    const knowledge = new KnowledgeBase(content, synonyms, options);
    if (options.index === "now") knowledge.build();
    else knowledge.warmup = setTimeout(() => knowledge.build(), INDEX_WARMUP_MS).unref();
    return knowledge;
  }

  /** The full-text index; built here if it is not yet (once). */
  get retriever(): Retriever {
    return this.index ?? this.build();
  }

  /** Whether the full-text index is built (it is, at the latest, at the first search). */
  get indexed(): boolean {
    return this.index !== undefined;
  }

  private build(): Retriever {
    if (this.index) return this.index;
    clearTimeout(this.warmup);
    const started = performance.now();
    this.index = retrieverCode().Retriever.build(this.content.chunks, this.synonyms);
    this.logger.debug(
      { passages: this.content.chunks.length, ms: Math.round(performance.now() - started) },
      "content index built",
    );
    return this.index;
  }

  get problems(): ContentProblem[] {
    return this.content.problems;
  }

  private get logger(): Logger {
    return this.options.logger ?? silentLogger;
  }

  /**
   * Computes (or reads from the cache) a vector for every passage. Runs once; searches
   * made before it finishes are lexical only. A failure is logged and leaves search lexical.
   */
  prepareEmbeddings(): Promise<void> {
    const embedder = this.options.embedder;
    if (!embedder) return Promise.resolve();
    this.embedding ??= this.embedAll(embedder).catch((error: unknown) => {
      this.logger.warn({ err: error }, "could not compute embeddings; questions use full-text search only");
    });
    return this.embedding;
  }

  private async embedAll(embedder: Embedder): Promise<void> {
    const store = this.options.store;
    const chunks = this.content.chunks;
    const hashes = chunks.map((c) => hashOf(embedder.name, passageText(c)));
    const cached = store ? await store.embeddings.getMany(hashes) : [];
    const vectors = new Map<string, Float32Array>();
    const missing: number[] = [];
    chunks.forEach((c, i) => {
      const hit = cached[i];
      if (hit) vectors.set(c.key, decode(hit.vector));
      else missing.push(i);
    });
    for (let i = 0; i < missing.length; i += EMBED_BATCH) {
      const batch = missing.slice(i, i + EMBED_BATCH);
      const result = await embedder.embed(batch.map((j) => passageText(chunks[j] as Chunk)));
      const entries = batch.map((j, k) => {
        const vector = normalise(Float32Array.from(result[k] ?? []));
        vectors.set((chunks[j] as Chunk).key, vector);
        return { id: hashes[j] as string, value: { model: embedder.name, vector: encode(vector) } };
      });
      await store?.embeddings.setMany(entries);
    }
    this.vectors = vectors;
    this.logger.info(
      { passages: chunks.length, computed: missing.length, cached: chunks.length - missing.length },
      "embeddings ready",
    );
  }

  /** The documents that answer a question, best first. */
  async search(question: string, options: { fallback?: Language; limit?: number } = {}): Promise<Retrieval> {
    const limit = options.limit ?? 3;
    const lexical = this.retriever.search(question, { fallback: options.fallback, limit: 50 });
    const base = {
      language: lexical.language,
      terms: lexical.terms,
      nearest: lexical.nearest ? toSource(lexical.nearest) : undefined,
    };
    const embedder = this.options.embedder;
    if (!embedder || this.vectors.size === 0 || lexical.terms.length === 0) {
      return { ...base, sources: lexical.hits.slice(0, limit).map((h) => toSource(h)), hybrid: false };
    }
    let query: Float32Array;
    try {
      query = normalise(Float32Array.from((await embedder.embed([question]))[0] ?? []));
    } catch (error) {
      this.logger.warn({ err: error }, "could not embed the question; using full-text search only");
      return { ...base, sources: lexical.hits.slice(0, limit).map((h) => toSource(h)), hybrid: false };
    }
    // Best passage per document by meaning, in the question's language.
    const semantic = new Map<string, { chunk: Chunk; similarity: number }>();
    for (const chunk of this.content.chunks) {
      if (chunk.language !== lexical.language) continue;
      const vector = this.vectors.get(chunk.key);
      if (!vector || vector.length !== query.length) continue;
      const similarity = dot(vector, query);
      const best = semantic.get(chunk.docId);
      if (!best || best.similarity < similarity) semantic.set(chunk.docId, { chunk, similarity });
    }
    const bySimilarity = [...semantic.values()].sort((a, b) => b.similarity - a.similarity);
    const relevant = new Set([
      ...lexical.hits.map((h) => h.chunk.docId),
      ...bySimilarity.filter((s) => s.similarity >= MIN_SIMILARITY).map((s) => s.chunk.docId),
    ]);
    const fused = new Map<string, { chunk: Chunk; score: number }>();
    const add = (chunk: Chunk, rank: number) => {
      const current = fused.get(chunk.docId);
      fused.set(chunk.docId, {
        chunk: current?.chunk ?? chunk,
        score: (current?.score ?? 0) + 1 / (RRF_K + rank),
      });
    };
    lexical.hits.forEach((h, rank) => add(h.chunk, rank));
    bySimilarity.forEach((s, rank) => add(s.chunk, rank));
    const named = lexical.named;
    const sources = [...fused.values()]
      .filter((f) => relevant.has(f.chunk.docId))
      // A principle named by its number stays first whatever the vectors say.
      .sort((a, b) => Number(b.chunk.docId === named) - Number(a.chunk.docId === named) || b.score - a.score)
      .slice(0, limit)
      .map((f) => ({
        id: f.chunk.docId,
        title: f.chunk.title,
        heading: f.chunk.heading,
        score: Math.round(f.score * 10_000) / 10_000,
        chunk: f.chunk,
      }));
    return { ...base, sources, hybrid: true };
  }
}

/** What is embedded for a passage: where it is from and what it says. */
function passageText(chunk: Chunk): string {
  return `${chunk.title}\n${chunk.heading}\n${chunk.text}`;
}

function hashOf(model: string, text: string): string {
  return createHash("sha256").update(model).update("\0").update(text).digest("hex");
}

function normalise(v: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(v, v)) || 1;
  return v.map((x) => x / norm);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function encode(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
}

function decode(s: string): Float32Array {
  const bytes = Buffer.from(s, "base64");
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
