import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { contentDirs, loadContent, readContentFiles } from "../../src/knowledge/content.js";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.js";
import {
  CONTENT_CACHE_KEY,
  type CacheStore,
  contentCacheKey,
  loadContentCached,
} from "../../src/knowledge/knowledge-cache.js";
import { loadSynonyms, SYNONYMS_FILE } from "../../src/knowledge/synonyms.js";
import { Store } from "../../src/storage/store.js";

const dir = mkdtempSync(join(tmpdir(), "kampvuur-knowledge-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (word: string) => `---
id: cache-test
title: "Een document voor de cachetest"
language: nl
source: "Geschreven voor deze test"
tags: [cachetest]
---

## Wat er staat
Dit document gaat over de ${word}, en over niets anders.
`;

/** A cache in memory that counts what it is asked. */
function memoryCache(): CacheStore & { gets: number; sets: number } {
  const values = new Map<string, unknown>();
  return {
    gets: 0,
    sets: 0,
    async get(key) {
      this.gets++;
      return values.get(key);
    },
    async set(key, value) {
      this.sets++;
      values.set(key, value);
      return true;
    },
  };
}

describe("the content cache", () => {
  it("gives the same content base and synonyms as parsing the files", async () => {
    const cache = memoryCache();
    const first = await loadContentCached({ cache });
    const second = await loadContentCached({ cache });
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(cache.sets).toBe(1);
    expect(second.content).toEqual(await loadContent());
    expect(second.synonyms).toEqual(await loadSynonyms());
  });

  it("answers a changed content file from the file, not from the stale cache", async () => {
    const folder = join(dir, "changed");
    const file = join(folder, "cache-test.md");
    rmSync(folder, { recursive: true, force: true });
    const storeUrl = `sqlite://${join(dir, "store.sqlite")}`;
    const ask = async (question: string) => {
      // A new process each time: the store is all that is kept.
      const store = await Store.open(storeUrl, "cache-test");
      try {
        const knowledge = await KnowledgeBase.load({ dirs: contentDirs(folder), store });
        return (await knowledge.search(question)).sources.map((s) => s.id);
      } finally {
        await store.close();
      }
    };
    mkdirAndWrite(file, doc("zwaluwstaart"));
    expect(await ask("wat weet je over de zwaluwstaart?")).toContain("cache-test");
    expect(await ask("wat weet je over de zwaluwstaart?")).toContain("cache-test");

    writeFileSync(file, doc("pimpelmees"));
    expect(await ask("wat weet je over de pimpelmees?")).toContain("cache-test");
    expect(await ask("wat weet je over de zwaluwstaart?")).not.toContain("cache-test");

    // A removed file is gone too.
    rmSync(file);
    expect(await ask("wat weet je over de pimpelmees?")).not.toContain("cache-test");
  });

  it("has a new key when a content file, its name, its folder or the synonyms change", async () => {
    const folder = join(dir, "keys");
    const file = join(folder, "cache-test.md");
    mkdirAndWrite(file, doc("zwaluwstaart"));
    const synonyms = "nl:\n  - [buurt, wijk]\n";
    const key = async (dirs = contentDirs(folder), s = synonyms) =>
      contentCacheKey(await readContentFiles(dirs), s);
    const base = await key();
    expect(await key()).toBe(base);
    expect(await key(contentDirs(folder), "nl:\n  - [buurt, wijk, kwartier]\n")).not.toBe(base);
    writeFileSync(file, doc("pimpelmees"));
    expect(await key()).not.toBe(base);
    rmSync(file);
    mkdirAndWrite(join(folder, "renamed.md"), doc("zwaluwstaart"));
    expect(await key()).not.toBe(base);
    expect(await key([...contentDirs(folder), join(dir, "missing")])).not.toBe(await key());
  });

  it("takes the synonyms from the file when they change", async () => {
    const cache = memoryCache();
    const file = join(dir, "synonyms.yaml");
    writeFileSync(file, "nl:\n  - [buurt, wijk]\n");
    await loadContentCached({ cache, synonymsFile: file });
    writeFileSync(file, "nl:\n  - [buurt, wijk, kwartier]\n");
    const changed = await loadContentCached({ cache, synonymsFile: file });
    expect(changed.cached).toBe(false);
    expect(changed.synonyms.nl).toEqual([["buurt", "wijk", "kwartier"]]);
  });

  it("ignores an entry it cannot use, and a cache that fails", async () => {
    const cache = memoryCache();
    await cache.set(CONTENT_CACHE_KEY, "{not json");
    expect((await loadContentCached({ cache })).cached).toBe(false);
    const failing: CacheStore = {
      get: () => Promise.reject(new Error("down")),
      set: () => Promise.reject(new Error("down")),
    };
    const loaded = await loadContentCached({ cache: failing });
    expect(loaded.cached).toBe(false);
    expect(loaded.content.docs.length).toBeGreaterThan(0);
  });
});

describe("the full-text index", () => {
  it("is built at the first search when asked for before the background build", async () => {
    const knowledge = await KnowledgeBase.load();
    expect(knowledge.indexed).toBe(false);
    expect(knowledge.content.docs.length).toBeGreaterThan(0);
    const { sources } = await knowledge.search("wat betekent klein beginnen?");
    expect(knowledge.indexed).toBe(true);
    expect(sources.map((s) => s.id)).toContain("principe-10");
  });

  it("is built in load with index: now", async () => {
    expect((await KnowledgeBase.load({ index: "now" })).indexed).toBe(true);
  });

  it("reads the shipped synonyms file by default", async () => {
    const cache = memoryCache();
    const loaded = await loadContentCached({ cache, synonymsFile: SYNONYMS_FILE });
    expect(loaded.synonyms).toEqual(await loadSynonyms());
  });
});

function mkdirAndWrite(file: string, text: string): void {
  rmSync(file, { force: true });
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, text);
}
