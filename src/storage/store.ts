import type Keyv from "keyv";
import type { z } from "zod";
import { KampvuurError } from "../kernel/errors.js";
import { type Claims, claimsFor } from "./claims.js";
import { compareAndSetFor, KeyLocks, WriteBatcher } from "./atomic.js";
import {
  type Atomicity,
  Collection,
  type CollectionDefinition,
  type WriteEvent,
  type WriteListener,
} from "./collection.js";
import { type OpenedKeyv, openKeyv, type StoreKind } from "./keyv.js";
import {
  answerBooks,
  deliveries,
  embeddings,
  type Occurrence,
  occurrenceIndex,
  occurrences,
  personStates,
  questionLog,
  storeMeta,
} from "./records.js";

/** The version of the stored records this code reads and writes. */
export const SCHEMA_VERSION = 1;

/**
 * The bot's storage: typed collections over one keyv store, namespaced per programme
 * (`kampvuur:<programme id>:…`), so one database can serve several programmes. Code that
 * owns a kind of record defines it next to itself (`defineCollection(prefix, schema)`) and
 * opens it with `store.collection(definition)`; the store does not need to know it.
 */
export class Store {
  readonly answers: Collection<typeof answerBooks.schema>;
  readonly deliveries: Collection<typeof deliveries.schema>;
  readonly occurrences: Collection<typeof occurrences.schema>;
  readonly occurrenceIndex: Collection<typeof occurrenceIndex.schema>;
  readonly people: Collection<typeof personStates.schema>;
  readonly questions: Collection<typeof questionLog.schema>;
  readonly embeddings: Collection<typeof embeddings.schema>;
  private readonly meta: Collection<typeof storeMeta.schema>;
  /** Every collection opened on this store, by prefix: one definition per prefix. */
  private readonly opened = new Map<string, { definition: CollectionDefinition; collection: unknown }>();
  /** One set of per-key locks for the whole store, and its backend's compare-and-set. */
  private readonly atomic: Atomicity;
  private closed = false;
  private readonly writeListeners = new Set<WriteListener>();
  private readonly closing: (() => Promise<void>)[] = [];
  readonly keyv: Keyv;
  readonly kind: StoreKind;
  /** Atomic first-one-wins records: the scheduler lock and per-delivery claims. */
  readonly claims: Claims;

  constructor(opened: OpenedKeyv, namespace: string) {
    const keyv = opened.keyv;
    this.keyv = keyv;
    this.kind = opened.kind;
    this.claims = claimsFor(opened, namespace);
    const cas = compareAndSetFor(opened);
    this.atomic = {
      locks: new KeyLocks(),
      cas,
      written: (event) => this.tellWritten(event),
      ...(cas?.writeMany ? { batch: new WriteBatcher(cas.writeMany) } : {}),
    };
    this.answers = this.collection(answerBooks);
    this.deliveries = this.collection(deliveries);
    this.occurrences = this.collection(occurrences);
    this.occurrenceIndex = this.collection(occurrenceIndex);
    this.people = this.collection(personStates);
    this.questions = this.collection(questionLog);
    this.embeddings = this.collection(embeddings);
    this.meta = this.collection(storeMeta);
  }

  /**
   * The typed, atomic collection of a definition on this store (the same one every time).
   * Throws when another definition already uses its prefix: two kinds of record under one
   * prefix would read each other's records.
   */
  collection<S extends z.ZodType>(definition: CollectionDefinition<S>): Collection<S> {
    const known = this.opened.get(definition.prefix);
    if (known) {
      if (known.definition !== definition)
        throw new Error(
          `Two collections use the prefix '${definition.prefix}': give one of them a prefix of its own.`,
        );
      return known.collection as Collection<S>;
    }
    const collection = new Collection(this.keyv, definition, this.atomic);
    this.opened.set(definition.prefix, { definition, collection });
    return collection;
  }

  /** Opens the store at `url` for one programme and checks (or records) the schema version. */
  static async open(url: string, programmeId: string, now: Date = new Date()): Promise<Store> {
    const namespace = `kampvuur:${programmeId}`;
    const opened = await openKeyv(url, namespace);
    const store = new Store(opened, namespace);
    try {
      if (opened.kind === "sqlite") await tuneSqlite(opened);
      await store.checkSchema(now);
    } catch (error) {
      await store.close().catch(() => {});
      if (error instanceof KampvuurError) throw error;
      throw new KampvuurError(
        "store_unavailable",
        `Cannot open the store at ${redact(url)}: ${(error as Error).message}. Check KAMPVUUR_STORE and that the database is running.`,
        { cause: error },
      );
    }
    return store;
  }

  private async checkSchema(now: Date): Promise<void> {
    const current = await this.meta.get("schema");
    if (!current) {
      await this.meta.set("schema", { version: SCHEMA_VERSION, createdAt: now.toISOString() });
    } else if (current.version > SCHEMA_VERSION) {
      throw new KampvuurError(
        "store_unavailable",
        `This store was written by a newer kampvuur (schema ${current.version}, this one reads ${SCHEMA_VERSION}). Upgrade kampvuur before using it.`,
      );
    }
  }

  /** Records an occurrence (once) and adds it to the index of the programme's occurrences. */
  async recordOccurrence(occurrence: Occurrence): Promise<void> {
    if (await this.occurrences.has(occurrence.id)) return;
    await this.occurrences.set(occurrence.id, occurrence);
    await this.occurrenceIndex.update("all", (index) => ({
      occurrences: [
        ...(index?.occurrences ?? []).filter((o) => o.id !== occurrence.id),
        { id: occurrence.id, at: occurrence.createdAt },
      ].sort((a, b) => a.at.localeCompare(b.at)),
    }));
  }

  /**
   * Hear of every record this process writes or removes through a collection, after the
   * write: for a summary kept beside the records it sums up (the overview's counts). Within
   * this process only; another replica's listener hears that replica's writes. A listener
   * must be quick and must not throw (it runs in the writer's call); it returns a function
   * that stops it.
   */
  onWrite(listener: WriteListener): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  private tellWritten(event: WriteEvent): void {
    for (const listener of this.writeListeners) listener(event);
  }

  /**
   * A number that changes whenever another process (another connection) has changed the
   * store since it was last asked, so what this process keeps in memory from it is still
   * right while the number stays the same and `onWrite` reports its own writes. SQLite:
   * `PRAGMA data_version`; memory: always 0 (no other process); Redis and PostgreSQL:
   * undefined, they cannot tell cheaply.
   */
  async externalVersion(): Promise<number | undefined> {
    if (this.kind === "memory") return 0;
    if (this.kind !== "sqlite") return undefined;
    const sqlite = this.keyv.opts.store as unknown as {
      query(sql: string): Promise<{ data_version?: number }[]>;
    };
    const rows = await sqlite.query("PRAGMA data_version");
    return rows[0]?.data_version;
  }

  /** Work to finish before the connection closes (writing what a listener still holds). */
  onClose(finish: () => Promise<void>): void {
    this.closing.push(finish);
  }

  /** Closes the connection; safe to call twice (the Postgres adapter shares one pool per URL). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const finish of this.closing.splice(0)) await finish().catch(() => {});
    await this.claims.stop();
    await this.keyv.disconnect().catch(() => {});
  }
}

/**
 * Write-ahead logging: readers do not block the writer and a write does not wait for a
 * full sync, which makes a fan-out to thousands of people take a second instead of minutes.
 */
async function tuneSqlite(opened: OpenedKeyv): Promise<void> {
  const sqlite = opened.adapter as unknown as { query(sql: string): Promise<unknown> };
  await sqlite.query("PRAGMA journal_mode = WAL");
  await sqlite.query("PRAGMA synchronous = NORMAL");
  // The overview counts deliveries by status over ranges of keys: with the status and the
  // expiry in the index beside the key, SQLite answers that from the index alone, without
  // reading 80,000 records (see `readKeysUnder`, which must use these same expressions).
  await sqlite.query(
    "CREATE INDEX IF NOT EXISTS keyv_status ON keyv (key, value ->> '$.value.status', value ->> '$.expires')",
  );
}

/** Hides a password in a connection URL before it goes into a message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@");
}
