import type Keyv from "keyv";
import type { z } from "zod";
import { KampvuurError } from "../kernel/errors.js";
import type { CompareAndSet, KeyLocks, StoredList, WriteBatcher } from "./atomic.js";

const GET_MANY_CHUNK = 1000;
/** A key prefix: lowercase words with hyphens, no `:` (that separates the prefix from the id). */
const PREFIX = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** How often an update is tried again when another process changed the record in between. */
const UPDATE_ATTEMPTS = 50;

/**
 * One kind of record, defined next to the code that owns it: the key prefix (records are
 * stored as `<prefix>:<id>`) and the zod schema every record is checked against. A
 * definition holds no connection; `store.collection(definition)` opens it on a store.
 *
 * @example
 * export const teamsUsers = defineCollection("teams-user", teamsUserSchema);
 * const users = store.collection(teamsUsers); // a Collection<typeof teamsUserSchema>
 */
export interface CollectionDefinition<S extends z.ZodType = z.ZodType> {
  readonly prefix: string;
  readonly schema: S;
}

/** Defines a collection (see `CollectionDefinition`). The prefix is part of every stored key: never change it. */
export function defineCollection<S extends z.ZodType>(prefix: string, schema: S): CollectionDefinition<S> {
  if (!PREFIX.test(prefix))
    throw new Error(`'${prefix}' is not a collection prefix: use lowercase letters, digits and hyphens.`);
  return Object.freeze({ prefix, schema });
}

/** How `update` stays atomic: a per-key lock in this process, and compare-and-set across processes (none in memory). */
export interface Atomicity {
  locks: KeyLocks;
  cas?: CompareAndSet;
  /** Told, after the write, of every record written or removed through a collection (`Store.onWrite`). */
  written?: WriteListener;
  /** Where `write` gathers the writes of one moment into one statement (SQLite); none: one write each. */
  batch?: WriteBatcher;
}

/**
 * What was written: the collection's prefix, the records' ids and, for a write (not a
 * removal), the values as stored, in the same order.
 */
export interface WriteEvent {
  prefix: string;
  ids: string[];
  values?: unknown[];
}
export type WriteListener = (event: WriteEvent) => void;

/**
 * A typed view on one kind of record in the store (`answers:<person id>`, …).
 * Values are validated with zod on the way in and on the way out, so a record
 * written by another version, or edited by hand, cannot slip through unnoticed.
 * Opened by `store.collection(definition)`, which gives every collection the store's
 * per-key locks and compare-and-set.
 */
export class Collection<S extends z.ZodType> {
  readonly prefix: string;
  private readonly schema: S;

  constructor(
    private readonly keyv: Keyv,
    definition: CollectionDefinition<S>,
    private readonly atomic: Atomicity,
  ) {
    this.prefix = definition.prefix;
    this.schema = definition.schema;
  }

  key(id: string): string {
    return `${this.prefix}:${id}`;
  }

  async get(id: string): Promise<z.output<S> | undefined> {
    return this.parse(id, await this.keyv.get(this.key(id)));
  }

  /**
   * Reads many records in chunks: backends cap the size of one query, and the SQLite
   * adapter matches rows to keys in quadratic time, so small chunks are much faster.
   */
  async getMany(ids: string[]): Promise<(z.output<S> | undefined)[]> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += GET_MANY_CHUNK) chunks.push(ids.slice(i, i + GET_MANY_CHUNK));
    const cas = this.atomic.cas;
    if (!cas) {
      const out: (z.output<S> | undefined)[] = [];
      for (const chunk of chunks) {
        const raw = await this.keyv.getMany(chunk.map((id) => this.key(id)));
        raw.forEach((value, j) => out.push(this.parse(chunk[j] as string, value)));
      }
      return out;
    }
    // One query per chunk for the raw rows, decoded here: keyv's own getMany costs several
    // times more per key, which an overview of thousands of people feels. The next chunk is
    // asked for before this one is decoded, so the database reads while this process decodes.
    const read = (chunk: string[]) => {
      const rows = cas.readMany(chunk.map((id) => this.keyv._getKeyPrefix(this.key(id))));
      // A failed read ahead must not go unhandled while the chunk before it is decoded.
      rows.catch(() => {});
      return rows;
    };
    const out: (z.output<S> | undefined)[] = [];
    let next = chunks[0] ? read(chunks[0]) : undefined;
    for (let c = 0; c < chunks.length; c++) {
      const raw = await (next as Promise<(string | undefined)[]>);
      next = chunks[c + 1] ? read(chunks[c + 1] as string[]) : undefined;
      const chunk = chunks[c] as string[];
      const now = Date.now();
      raw.forEach((value, j) => out.push(this.parse(chunk[j] as string, decodeStored(value, now))));
    }
    return out;
  }

  /**
   * One top-level field of many records, in the order of `ids` (undefined: no record, or
   * it lacks the field), checked against `schema`. On SQLite and PostgreSQL the database
   * picks the field out, so the rest of each record is neither sent nor decoded; elsewhere
   * the whole records are read (`getMany`). For counts over thousands of records.
   */
  async fieldOfMany<F extends z.ZodType>(
    ids: string[],
    field: string,
    schema: F,
  ): Promise<(z.output<F> | undefined)[]> {
    const cas = this.atomic.cas;
    if (!cas?.readFieldMany) {
      const records = await this.getMany(ids);
      return records.map((record, i) =>
        this.parseField(
          ids[i] as string,
          field,
          schema,
          (record as Record<string, unknown> | undefined)?.[field],
        ),
      );
    }
    const out: (z.output<F> | undefined)[] = [];
    const now = Date.now();
    for (let i = 0; i < ids.length; i += GET_MANY_CHUNK) {
      const chunk = ids.slice(i, i + GET_MANY_CHUNK);
      const stored = await cas.readFieldMany(
        chunk.map((id) => this.keyv._getKeyPrefix(this.key(id))),
        field,
      );
      stored.forEach((s, j) => {
        const live = s !== undefined && (s.expires === null || s.expires > now);
        out.push(
          live ? this.parseField(chunk[j] as string, field, schema, unescapeStrings(s.value)) : undefined,
        );
      });
    }
    return out;
  }

  /**
   * The ids, without `idPrefix`, of every record whose id starts with `idPrefix` and whose
   * top-level field `field` is one of the strings `values`: the database compares the field
   * and hands back only those ids, one range of the key index (SQLite). A record whose field
   * holds anything else (another value, no string, a shape no schema allows) is simply not
   * among them. Undefined where the store cannot (then `fieldOfMany`).
   */
  async idsUnderWhere(
    idPrefix: string,
    field: string,
    values: readonly string[],
  ): Promise<string[] | undefined> {
    const read = this.atomic.cas?.readKeysUnder;
    if (!read) return undefined;
    // keyv stores a string that starts with ":" with one more ":" in front (see `decodeStored`).
    const stored = values.map((v) => (v.startsWith(":") ? `:${v}` : v));
    return read(this.keyv._getKeyPrefix(this.key(idPrefix)), field, stored, Date.now());
  }

  /**
   * Some fields of every element of one top-level list (`answers`) of many records, in the
   * order of `ids`: per record its elements' values in the order of `fields` (null where an
   * element lacks one), undefined for no record. On SQLite the database picks them out, so
   * neither the rest of each record is sent nor anything is decoded with the schema: the
   * values are as they were stored, validated when written (schema defaults of records
   * written by an older version are not filled in). Elsewhere the whole records are read
   * and validated (`getMany`). For counts over thousands of records.
   */
  async listFieldsOfMany(
    ids: string[],
    list: string,
    fields: readonly string[],
  ): Promise<(unknown[][] | undefined)[]> {
    const read = this.atomic.cas?.readListFieldsMany;
    if (!read) {
      const records = await this.getMany(ids);
      return records.map((record) => {
        if (record === undefined) return undefined;
        const items = (record as Record<string, unknown>)[list];
        return Array.isArray(items)
          ? items.map((item) => fields.map((f) => (item as Record<string, unknown>)[f] ?? null))
          : [];
      });
    }
    const chunks: Promise<(StoredList | undefined)[]>[] = [];
    for (let i = 0; i < ids.length; i += GET_MANY_CHUNK)
      chunks.push(
        read(
          ids.slice(i, i + GET_MANY_CHUNK).map((id) => this.keyv._getKeyPrefix(this.key(id))),
          list,
          [...fields],
        ),
      );
    // Every chunk is asked for at once (the database answers them in turn): none left unhandled.
    for (const chunk of chunks) chunk.catch(() => {});
    const now = Date.now();
    const out: (unknown[][] | undefined)[] = [];
    for (const chunk of chunks)
      for (const stored of await chunk) {
        if (stored === undefined || (stored.expires !== null && stored.expires <= now)) out.push(undefined);
        else out.push(stored.items.map((item) => item.map(unescapeStrings)));
      }
    return out;
  }

  private parseField<F extends z.ZodType>(
    id: string,
    field: string,
    schema: F,
    value: unknown,
  ): z.output<F> | undefined {
    if (value === undefined || value === null) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    throw new KampvuurError(
      "store_record_invalid",
      `The stored record '${this.key(id)}' does not have the expected shape (${field}: ${result.error.issues[0]?.message}). It was left untouched; restore it from a backup or remove it.`,
    );
  }

  /**
   * Every record of this kind, by scanning the store. For reports (the CLI), not for the
   * chat's hot paths: it reads the whole programme's namespace.
   */
  async all(): Promise<z.output<S>[]> {
    const out: z.output<S>[] = [];
    const iterator = this.keyv.iterator?.(this.keyv.namespace);
    if (!iterator) return out;
    const marker = `${this.prefix}:`;
    for await (const [key, value] of iterator as AsyncGenerator<[string, unknown]>) {
      // Backends differ in whether the iterator's keys still carry the namespace.
      const at = key.startsWith(marker) ? 0 : key.indexOf(`:${marker}`) + 1;
      if (at === 0 && !key.startsWith(marker)) continue;
      const record = this.parse(key.slice(at + marker.length), value);
      if (record !== undefined) out.push(record);
    }
    return out;
  }

  async has(id: string): Promise<boolean> {
    return this.keyv.has(this.key(id));
  }

  async set(id: string, value: z.input<S>): Promise<void> {
    const parsed = this.schema.parse(value);
    await this.keyv.set(this.key(id), parsed);
    this.atomic.written?.({ prefix: this.prefix, ids: [id], values: [parsed] });
  }

  /**
   * Writes a record this code has just built itself, so it is not checked against the schema
   * again (its type is the schema's output; `set` is for values from elsewhere). On SQLite the
   * writes started in the same turn of the event loop go to the database in one statement;
   * either way it resolves once the record is stored.
   */
  async write(id: string, value: z.output<S>): Promise<void> {
    const batch = this.atomic.batch;
    if (batch) await batch.write(this.keyv._getKeyPrefix(this.key(id)), encodeStored(value));
    else await this.keyv.set(this.key(id), value);
    this.atomic.written?.({ prefix: this.prefix, ids: [id], values: [value] });
  }

  async setMany(entries: { id: string; value: z.input<S> }[]): Promise<void> {
    if (entries.length === 0) return;
    const values = entries.map((e) => this.schema.parse(e.value));
    await this.keyv.setMany(entries.map((e, i) => ({ key: this.key(e.id), value: values[i] })));
    this.atomic.written?.({ prefix: this.prefix, ids: entries.map((e) => e.id), values });
  }

  /**
   * Read, change and write one record, atomically: changes of one record queue up in this
   * process, and a write only lands if nobody else (another replica) changed the record since
   * it was read; otherwise it is read again and `change` runs again. So `change` must be a
   * pure function of the record. It gets undefined for a new record.
   */
  async update(id: string, change: (current: z.output<S> | undefined) => z.input<S>): Promise<z.output<S>> {
    const next = await this.updateOnce(id, change);
    this.atomic.written?.({ prefix: this.prefix, ids: [id], values: [next] });
    return next;
  }

  private async updateOnce(
    id: string,
    change: (current: z.output<S> | undefined) => z.input<S>,
  ): Promise<z.output<S>> {
    const atomic = this.atomic;
    return atomic.locks.run(this.key(id), async () => {
      const cas = atomic.cas;
      if (!cas) return this.writeOver(id, change);
      const stored = this.keyv._getKeyPrefix(this.key(id));
      for (let attempt = 1; ; attempt++) {
        const raw = await cas.read(stored);
        const current =
          raw === undefined ? undefined : this.parse(id, (await this.keyv.deserializeData(raw))?.value);
        const next = this.schema.parse(change(current));
        const serialized = await this.keyv.serializeData({ value: next, expires: undefined });
        if (await cas.swap(stored, raw, serialized as string)) return next;
        if (attempt >= UPDATE_ATTEMPTS)
          throw new KampvuurError(
            "store_unavailable",
            `The record '${this.key(id)}' kept changing while it was being updated (${attempt} tries). Try again in a moment.`,
          );
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    });
  }

  private async writeOver(
    id: string,
    change: (current: z.output<S> | undefined) => z.input<S>,
  ): Promise<z.output<S>> {
    const next = this.schema.parse(change(await this.get(id)));
    await this.keyv.set(this.key(id), next);
    return next;
  }

  async delete(id: string): Promise<boolean> {
    const removed = await this.keyv.delete(this.key(id));
    this.atomic.written?.({ prefix: this.prefix, ids: [id] });
    return removed;
  }

  /** Removes many records by id (in chunks, like `getMany`); ids without a record are passed over. */
  async deleteMany(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += GET_MANY_CHUNK)
      await this.keyv.deleteMany(ids.slice(i, i + GET_MANY_CHUNK).map((id) => this.key(id)));
    if (ids.length > 0) this.atomic.written?.({ prefix: this.prefix, ids });
  }

  private parse(id: string, value: unknown): z.output<S> | undefined {
    if (value === undefined || value === null) return undefined;
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new KampvuurError(
      "store_record_invalid",
      `The stored record '${this.key(id)}' does not have the expected shape (${result.error.issues[0]?.message}). It was left untouched; restore it from a backup or remove it.`,
    );
  }
}

/** A string value of keyv's that starts with ":" is stored with one more ":" in front. */
const escapeString = (_key: string, value: unknown): unknown =>
  typeof value === "string" && value.startsWith(":") ? `:${value}` : value;

/**
 * A record as keyv stores it without an expiry: the same text as keyv's own serializer
 * (`@keyv/serialize`, which `Store` does not replace, with no compression) gives for
 * `{ value, expires: undefined }`, in one `JSON.stringify` instead of its string building
 * field by field. Our records are zod outputs: plain objects, arrays, strings, numbers,
 * booleans and null, no Buffers or functions (checked against keyv's in
 * tests/unit/storage-encode.test.ts).
 */
export function encodeStored(value: unknown): string {
  // Without a replacer first (much quicker): a string value starting with ":" shows in the text
  // as `":` right after a `:`, `[` or `,` (an escaped quote inside a string has a `\` before
  // it), so text without that needs no escaping; text with it is made again with the replacer.
  const plain = JSON.stringify({ value });
  return ESCAPED_STRING.test(plain) ? JSON.stringify({ value }, escapeString) : plain;
}

/** A string value of keyv's that starts with ":" is stored with one more ":" in front. */
const ESCAPED_STRING = /[:[,]":/;

/**
 * A value as keyv stores it (`{"value": …, "expires": …}`, from `@keyv/serialize`), decoded
 * the way keyv decodes it, without a JSON reviver: undefined when absent or expired. Our
 * records hold no Buffers (zod would refuse them), so `:base64:` never occurs.
 */
export function decodeStored(raw: string | undefined, now: number): unknown {
  if (raw === undefined) return undefined;
  const data = JSON.parse(raw) as { value?: unknown; expires?: number | null } | null;
  if (!data || (typeof data.expires === "number" && data.expires <= now)) return undefined;
  return ESCAPED_STRING.test(raw) ? unescapeStrings(data.value) : data.value;
}

function unescapeStrings(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith(":") ? value.slice(1) : value;
  if (Array.isArray(value)) return value.map(unescapeStrings);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeStrings(v)]));
  return value;
}
