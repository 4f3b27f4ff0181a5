/**
 * The parsed content base and synonyms, cached in the store: a start reads the Markdown files
 * and the synonyms file (a few milliseconds) and, when nothing that shapes the result
 * changed, takes the parsed documents and synonym groups from the cache instead of parsing
 * every front-matter and the synonyms again (YAML and schema checks: most of the load).
 *
 * The key is a hash of everything the parsed result depends on: every file's path, name and
 * text as read (a changed, added, removed or renamed file is a new key), the folders'
 * problems, the synonyms file's text, the source code of the parsers (`content.ts`,
 * `synonyms.ts` and the programme-schema modules they use) and `CONTENT_CACHE_VERSION`.
 * One entry per store: a new key replaces the old one. The full-text index is not cached
 * (it is built from these, shortly after start: see `KnowledgeBase`).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { type Logger, silentLogger } from "../core/log.js";
import {
  CONTENT_DIR,
  type ContentBase,
  type ContentDoc,
  type ContentFiles,
  type ContentProblem,
  parseContentFiles,
  readContentFiles,
} from "./content.js";
import { loadSynonyms, type Synonyms, SYNONYMS_FILE } from "./synonyms.js";

/** Bump when what is cached changes in a way the hashed sources do not show. */
export const CONTENT_CACHE_VERSION = 1;

/** The store key of the one cached content base (no `prefix:` of a collection, so no scan reads it). */
export const CONTENT_CACHE_KEY = "content-cache";

/** Where the cache lives: the store's key-value interface (Keyv). */
export interface CacheStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
}

interface CachedContent {
  key: string;
  docs: ContentDoc[];
  problems: ContentProblem[];
  synonyms: Synonyms;
}

/**
 * The modules whose code shapes a parsed content base, beside this one (`.ts` under tsx and
 * vitest, `.js` when built): a change to any of them gives a new key.
 */
const PARSER_MODULES = ["./content", "./synonyms", "../config/programme-schema", "../config/programme"];

let parserHash: Promise<string> | undefined;

/** A hash of the parser's own source; computed once per process. */
function parserSources(): Promise<string> {
  parserHash ??= (async () => {
    const ext = extname(fileURLToPath(import.meta.url));
    const hash = createHash("sha256");
    for (const module of PARSER_MODULES) {
      const path = fileURLToPath(new URL(`${module}${ext}`, import.meta.url));
      // Bundled or moved: the version alone then keys the parser.
      hash.update(await readFile(path).catch(() => Buffer.from(`missing ${module}`)));
      hash.update("\0");
    }
    return hash.digest("hex");
  })();
  return parserHash;
}

/** The cache key of these files and synonyms (the file's text): see the module's comment. */
export async function contentCacheKey(files: ContentFiles, synonyms: string): Promise<string> {
  const hash = createHash("sha256")
    .update(`kampvuur-content-${CONTENT_CACHE_VERSION}\0`)
    .update(await parserSources())
    .update(`\0synonyms\0${synonyms.length}\0`)
    .update(synonyms);
  for (const entry of files) {
    if ("problem" in entry) {
      const { file, field, message } = entry.problem;
      hash.update(`\0problem\0${file}\0${field}\0${message}`);
    } else {
      const { path, name, text } = entry.file;
      hash.update(`\0file\0${path}\0${name}\0${text.length}\0`).update(text);
    }
  }
  return hash.digest("hex");
}

/** The cached entry, stored as one JSON string (the store's own serialiser is slow on a large object). */
function decodeEntry(stored: unknown): unknown {
  if (typeof stored !== "string") return undefined;
  try {
    return JSON.parse(stored);
  } catch {
    return undefined;
  }
}

const isCached = (value: unknown, key: string): value is CachedContent =>
  typeof value === "object" &&
  value !== null &&
  (value as CachedContent).key === key &&
  Array.isArray((value as CachedContent).docs) &&
  Array.isArray((value as CachedContent).problems) &&
  typeof (value as CachedContent).synonyms === "object";

export interface LoadedContent {
  content: ContentBase;
  synonyms: Synonyms;
  /** True when both came from the cache. */
  cached: boolean;
}

/**
 * The content base of these folders and the synonym groups: from the cache when its key
 * matches, else parsed (and then cached). Without a cache it is `loadContent` and
 * `loadSynonyms`. A cache that cannot be read or written is logged and leaves them parsed;
 * a synonyms file that cannot be read or parsed fails, as `loadSynonyms` does.
 */
export async function loadContentCached(
  options: { dirs?: string[]; synonymsFile?: string; cache?: CacheStore; logger?: Logger } = {},
): Promise<LoadedContent> {
  const { cache, logger = silentLogger } = options;
  const dirs = options.dirs ?? [CONTENT_DIR];
  const synonymsFile = options.synonymsFile ?? SYNONYMS_FILE;
  if (!cache) {
    const [files, synonyms] = await Promise.all([readContentFiles(dirs), loadSynonyms(synonymsFile)]);
    return { content: parseContentFiles(files), synonyms, cached: false };
  }
  const [files, synonymsText, hit] = await Promise.all([
    readContentFiles(dirs),
    readFile(synonymsFile, "utf8"),
    cache.get(CONTENT_CACHE_KEY).catch((error: unknown) => {
      logger.warn({ err: error }, "could not read the content cache; parsing the content files");
      return undefined;
    }),
  ]);
  const key = await contentCacheKey(files, synonymsText);
  const cached = decodeEntry(hit);
  if (isCached(cached, key)) {
    const { docs, problems, synonyms } = cached;
    return { content: { docs, chunks: docs.flatMap((d) => d.chunks), problems }, synonyms, cached: true };
  }
  const synonyms = await loadSynonyms(synonymsFile);
  const content = parseContentFiles(files);
  const entry: CachedContent = { key, docs: content.docs, problems: content.problems, synonyms };
  await cache.set(CONTENT_CACHE_KEY, JSON.stringify(entry)).catch((error: unknown) => {
    logger.warn({ err: error }, "could not write the content cache");
  });
  return { content, synonyms, cached: false };
}
