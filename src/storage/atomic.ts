import type KeyvPostgres from "@keyv/postgres";
import type KeyvRedis from "@keyv/redis";
import type KeyvSqlite from "@keyv/sqlite";
import type { OpenedKeyv } from "./keyv.js";

/**
 * Compare-and-set on keyv's own rows, which keyv itself does not offer: the basis of
 * `Collection.update`, so two events that change one record at the same moment (two answers
 * submitted together, a snooze and a skip) never overwrite each other, within one process
 * or across replicas. Values are keyv's serialized strings, compared as they are stored.
 */
export interface CompareAndSet {
  /** The raw stored string, or undefined when there is none. */
  read(key: string): Promise<string | undefined>;
  /** Writes `next` only if the stored value is still `expected` (undefined: still absent). */
  swap(key: string, expected: string | undefined, next: string): Promise<boolean>;
  /**
   * The raw stored strings of many keys in one round trip, in the order of `keys`: how
   * `Collection.getMany` reads thousands of records without keyv's per-key overhead.
   */
  readMany(keys: string[]): Promise<(string | undefined)[]>;
  /**
   * One top-level field of many records, picked out by the database (its JSON text), with
   * the record's expiry: an overview that needs only a delivery's status does not read and
   * decode 50,000 whole records. Absent for a key without a record. Not every backend has it.
   */
  readFieldMany?(keys: string[], field: string): Promise<(StoredField | undefined)[]>;
  /**
   * The rest of the key of every live record under `prefix` whose top-level field is one of
   * `values` (its JSON text as stored, compared by the database): a range of the key index
   * that hands back only the keys that matter, no field decoded here. Only where keys sort as
   * bytes (SQLite).
   */
  readKeysUnder?(prefix: string, field: string, values: string[], now: number): Promise<string[]>;
  /**
   * Some fields of every element of one top-level list of many records, picked out by the
   * database, in the order of `keys`: per key undefined (no record), else the record's expiry
   * and per element the fields' values (null where absent) in the order of `fields`. An
   * overview that needs two fields of each answer does not read and decode whole answer books.
   */
  readListFieldsMany?(keys: string[], list: string, fields: string[]): Promise<(StoredList | undefined)[]>;
  /**
   * Writes many serialized values (keyv's strings, as `set` would store them) in one
   * statement, committed before it resolves; a key given twice ends with its last value. Only
   * where one statement is cheaper than many (SQLite).
   */
  writeMany?(entries: { key: string; value: string }[]): Promise<void>;
}

/** At most this many records in one statement (2 parameters each, far below SQLite's limit). */
const WRITE_CHUNK = 500;

/**
 * Gathers writes into one `writeMany` (group commit): those started while no statement of
 * this batcher runs go together in the next turn of the event loop (the records of the sends
 * a fan-out finished together), and those started while one runs go together as soon as it
 * is done. Each write resolves only once the statement that holds it is committed, and fails
 * if it fails.
 */
export class WriteBatcher {
  private pending?: {
    entries: { key: string; value: string }[];
    waiters: { resolve(): void; reject(error: unknown): void }[];
  };
  /** Statements on their way. */
  private running = 0;

  constructor(private readonly writeMany: (entries: { key: string; value: string }[]) => Promise<void>) {}

  write(key: string, value: string): Promise<void> {
    let pending = this.pending;
    if (!pending) {
      const next: NonNullable<WriteBatcher["pending"]> = { entries: [], waiters: [] };
      this.pending = pending = next;
      // None running: the next turn takes it. One running: its end takes it (see `flush`).
      if (this.running === 0) setImmediate(() => this.flush(next));
    }
    pending.entries.push({ key, value });
    const waiters = pending.waiters;
    return new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
  }

  private flush(batch: NonNullable<WriteBatcher["pending"]>): void {
    if (this.pending !== batch) return;
    this.pending = undefined;
    for (let i = 0; i < batch.entries.length; i += WRITE_CHUNK) {
      const waiters = batch.waiters.slice(i, i + WRITE_CHUNK);
      this.running++;
      const done = () => {
        // The last statement done: the writes started meanwhile go together now.
        if (--this.running === 0 && this.pending) this.flush(this.pending);
      };
      this.writeMany(batch.entries.slice(i, i + WRITE_CHUNK)).then(
        () => {
          for (const w of waiters) w.resolve();
          done();
        },
        (error: unknown) => {
          for (const w of waiters) w.reject(error);
          done();
        },
      );
    }
  }
}

/** What `readListFieldsMany` reads of one record. */
export interface StoredList {
  expires: number | null;
  items: unknown[][];
}

/** A field as `readFieldMany` reads it: its value (undefined: the record lacks it) and the record's expiry. */
export interface StoredField {
  value: unknown;
  expires: number | null;
}

type Row = { value?: string; key?: string; fields?: unknown; keys?: unknown; lists?: unknown };

/** A field `readFieldMany` can pick: a plain name, never part of the SQL text. */
const FIELD = /^[A-Za-z][A-Za-z0-9]*$/;

class SqlCompareAndSet implements CompareAndSet {
  constructor(
    private readonly table: string,
    private readonly run: (sql: string, params: unknown[]) => Promise<Row[]>,
    private readonly placeholders: (sql: string) => string,
    /** A query for the rows of a list of keys, with the list as its one parameter. */
    private readonly inList: string,
    private readonly listParam: (keys: string[]) => unknown,
    /**
     * A query for one field of the rows of a list of keys (the field's name, then the list),
     * aggregated into one value `fields` in the order of the list: one row, not thousands.
     */
    private readonly fieldInList: string,
    private readonly decodeFields: (fields: unknown, count: number) => (StoredField | undefined)[],
  ) {}

  async readFieldMany(keys: string[], field: string): Promise<(StoredField | undefined)[]> {
    if (!FIELD.test(field)) throw new Error(`'${field}' is not a field name.`);
    if (keys.length === 0) return [];
    const rows = await this.run(this.placeholders(this.fieldInList), [field, this.listParam(keys)]);
    return this.decodeFields(rows[0]?.fields, keys.length);
  }

  /** Set for SQLite only (see `CompareAndSet.readKeysUnder`, `readListFieldsMany`). */
  readKeysUnder?: (prefix: string, field: string, values: string[], now: number) => Promise<string[]>;
  writeMany?: (entries: { key: string; value: string }[]) => Promise<void>;
  readListFieldsMany?: (
    keys: string[],
    list: string,
    fields: string[],
  ) => Promise<(StoredList | undefined)[]>;

  async read(key: string): Promise<string | undefined> {
    const rows = await this.run(this.placeholders(`SELECT value FROM ${this.table} WHERE key = ?`), [key]);
    return rows[0]?.value ?? undefined;
  }

  async readMany(keys: string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const rows = await this.run(this.placeholders(this.inList), [this.listParam(keys)]);
    const byKey = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => byKey.get(key) ?? undefined);
  }

  async swap(key: string, expected: string | undefined, next: string): Promise<boolean> {
    const rows =
      expected === undefined
        ? await this.run(
            this.placeholders(
              `INSERT INTO ${this.table} (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING key`,
            ),
            [key, next],
          )
        : await this.run(
            this.placeholders(`UPDATE ${this.table} SET value = ? WHERE key = ? AND value = ? RETURNING key`),
            [next, key, expected],
          );
    return rows.length === 1;
  }
}

const SWAP = `
local v = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if v then return 0 end
elseif v ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[3])
return 1`;

class RedisCompareAndSet implements CompareAndSet {
  constructor(private readonly redis: KeyvRedis<unknown>) {}

  private async client() {
    return (await this.redis.getClient()) as unknown as {
      get(key: string): Promise<string | null>;
      eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
    };
  }

  /** The Redis adapter prefixes keys with its namespace itself (keyv's own prefix is off). */
  private full(key: string): string {
    return this.redis.createKeyPrefix(key, this.redis.namespace);
  }

  async read(key: string): Promise<string | undefined> {
    return (await (await this.client()).get(this.full(key))) ?? undefined;
  }

  async readMany(keys: string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const client = (await this.redis.getClient()) as unknown as {
      mGet(keys: string[]): Promise<(string | null)[]>;
    };
    return (await client.mGet(keys.map((k) => this.full(k)))).map((v) => v ?? undefined);
  }

  async swap(key: string, expected: string | undefined, next: string): Promise<boolean> {
    const done = await (
      await this.client()
    ).eval(SWAP, {
      keys: [this.full(key)],
      arguments: [expected === undefined ? "0" : "1", expected ?? "", next],
    });
    return Number(done) === 1;
  }
}

/** The compare-and-set for an opened store; `memory://` has none (one process: a lock is enough). */
export function compareAndSetFor(opened: OpenedKeyv): CompareAndSet | undefined {
  const sqlPlaceholders = (sql: string) => sql;
  const pgPlaceholders = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  switch (opened.kind) {
    case "sqlite": {
      const sqlite = opened.adapter as KeyvSqlite & { opts: { table: string } };
      const cas = new SqlCompareAndSet(
        sqlite.opts.table,
        (sql, params) => sqlite.query(sql, ...params) as Promise<Row[]>,
        sqlPlaceholders,
        `SELECT key, value FROM ${sqlite.opts.table} WHERE key IN (SELECT value FROM json_each(?))`,
        (keys) => JSON.stringify(keys),
        // A line per key: empty for no record, else "<expires> <the field's JSON>" (JSON
        // text holds no raw newline). Aggregates with ORDER BY need SQLite 3.44 (sqlite3 5.1.7 has it).
        `SELECT group_concat(CASE WHEN t.key IS NULL THEN '' ELSE
             coalesce(t.value ->> '$.expires', '') || ' ' || coalesce(t.value -> ('$.value.' || ?), 'undefined') END,
             char(10) ORDER BY j.key) AS fields
           FROM json_each(?) j LEFT JOIN ${sqlite.opts.table} t ON t.key = j.value`,
        (fields, count) => {
          const lines = typeof fields === "string" ? fields.split("\n") : [];
          return Array.from({ length: count }, (_, i) => decodeFieldLine(lines[i]));
        },
      );
      // The same upsert as the adapter's `set`, one row per entry (rows apply in order).
      cas.writeMany = async (entries) => {
        if (entries.length === 0) return;
        const params: string[] = [];
        for (const e of entries) params.push(e.key, e.value);
        await sqlite.query(
          `INSERT INTO ${sqlite.opts.table} (key, value) VALUES ${entries.map(() => "(?, ?)").join(", ")}
             ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
          ...params,
        );
      };
      // Keys sort as bytes in SQLite, so everything under a prefix is one range of the index.
      cas.readKeysUnder = async (prefix, field, values, now) => {
        if (!FIELD.test(field)) throw new Error(`'${field}' is not a field name.`);
        if (values.length === 0) return [];
        // The status is compared inside SQLite, which sends only the keys' rests: no field
        // text, no line per record that does not match.
        const rows = (await sqlite.query(
          `SELECT group_concat(substr(key, ?), char(10)) AS keys FROM ${sqlite.opts.table}
             WHERE key >= ? AND key < ? AND value ->> '$.value.${field}' IN (SELECT value FROM json_each(?))
               AND (value ->> '$.expires' IS NULL OR value ->> '$.expires' > ?)`,
          prefix.length + 1,
          prefix,
          rangeEnd(prefix),
          JSON.stringify(values),
          now,
        )) as Row[];
        const keys = rows[0]?.keys;
        return typeof keys === "string" && keys !== "" ? keys.split("\n") : [];
      };
      cas.readListFieldsMany = async (keys, list, fields) => {
        if (![list, ...fields].every((f) => FIELD.test(f)))
          throw new Error(`'${list}' or one of its fields is not a field name.`);
        if (keys.length === 0) return [];
        // One JSON array in the order of the keys: null for no record, else [expires, items]. Put
        // together as text: SQLite 3.44's json_group_array with ORDER BY quotes JSON as a string.
        // Each field by its full path in the record, not in the element's own text: SQLite
        // parses the record once (its JSON cache), not every element again.
        const picks = fields.map(() => "t.value -> (a.fullkey || ?)").join(", ");
        const rows = (await sqlite.query(
          `SELECT '[' || group_concat(CASE WHEN t.key IS NULL THEN 'null' ELSE json_array(t.value ->> '$.expires',
               json((SELECT json_group_array(json_array(${picks})) FROM json_each(t.value, ?) a))) END,
               ',' ORDER BY j.key) || ']' AS lists
             FROM json_each(?) j LEFT JOIN ${sqlite.opts.table} t ON t.key = j.value`,
          ...fields.map((f) => `.${f}`),
          `$.value.${list}`,
          JSON.stringify(keys),
        )) as Row[];
        const text = rows[0]?.lists;
        const lists = typeof text === "string" ? (JSON.parse(text) as unknown[]) : [];
        return keys.map((_, i) => {
          const entry = lists[i] as [unknown, unknown[][]] | null | undefined;
          if (!entry) return undefined;
          return { expires: typeof entry[0] === "number" ? entry[0] : null, items: entry[1] };
        });
      };
      return cas;
    }
    case "postgres": {
      const pg = opened.adapter as KeyvPostgres & { opts: { table: string; schema: string } };
      return new SqlCompareAndSet(
        `${pg.opts.schema}.${pg.opts.table}`,
        (sql, params) => pg.query(sql, params) as Promise<Row[]>,
        pgPlaceholders,
        `SELECT key, value FROM ${pg.opts.schema}.${pg.opts.table} WHERE key = ANY(?)`,
        (keys) => keys,
        // One JSON array in the order of the keys: null for no record, else [has, field, expires].
        `SELECT json_agg(CASE WHEN t.key IS NULL THEN NULL ELSE json_build_array(
             jsonb_exists(t.value::jsonb -> 'value', $1::text), t.value::jsonb -> 'value' -> $1::text,
             t.value::jsonb -> 'expires') END ORDER BY j.ord) AS fields
           FROM unnest($2::text[]) WITH ORDINALITY AS j(k, ord) LEFT JOIN ${pg.opts.schema}.${pg.opts.table} t ON t.key = j.k`,
        (fields, count) => {
          const list = Array.isArray(fields) ? (fields as ([boolean, unknown, unknown] | null)[]) : [];
          return Array.from({ length: count }, (_, i) => {
            const entry = list[i];
            if (!entry) return undefined;
            return {
              value: entry[0] ? entry[1] : undefined,
              expires: typeof entry[2] === "number" ? entry[2] : null,
            };
          });
        },
      );
    }
    case "redis":
      return new RedisCompareAndSet(opened.adapter as KeyvRedis<unknown>);
    case "memory":
      return undefined;
  }
}

/** The first key after every key that starts with `prefix` (keys sort as bytes in SQLite). */
function rangeEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** A line of SQLite's field queries, "<expires> <the field's JSON>"; empty: no record. */
function decodeFieldLine(line: string | undefined): StoredField | undefined {
  if (!line) return undefined;
  const space = line.indexOf(" ");
  const json = line.slice(space + 1);
  return {
    value: json === "undefined" ? undefined : (JSON.parse(json) as unknown),
    expires: space > 0 ? Number(line.slice(0, space)) : null,
  };
}

/**
 * One change at a time per key within this process: concurrent updates of one record queue
 * up instead of racing (and retrying) on the compare-and-set.
 */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => {});
    this.tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
