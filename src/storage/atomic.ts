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
}

type Row = { value?: string; key?: string };

class SqlCompareAndSet implements CompareAndSet {
  constructor(
    private readonly table: string,
    private readonly run: (sql: string, params: unknown[]) => Promise<Row[]>,
    private readonly placeholders: (sql: string) => string,
    /** A query for the rows of a list of keys, with the list as its one parameter. */
    private readonly inList: string,
    private readonly listParam: (keys: string[]) => unknown,
  ) {}

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
      return new SqlCompareAndSet(
        sqlite.opts.table,
        (sql, params) => sqlite.query(sql, ...params) as Promise<Row[]>,
        sqlPlaceholders,
        `SELECT key, value FROM ${sqlite.opts.table} WHERE key IN (SELECT value FROM json_each(?))`,
        (keys) => JSON.stringify(keys),
      );
    }
    case "postgres": {
      const pg = opened.adapter as KeyvPostgres & { opts: { table: string; schema: string } };
      return new SqlCompareAndSet(
        `${pg.opts.schema}.${pg.opts.table}`,
        (sql, params) => pg.query(sql, params) as Promise<Row[]>,
        pgPlaceholders,
        `SELECT key, value FROM ${pg.opts.schema}.${pg.opts.table} WHERE key = ANY(?)`,
        (keys) => keys,
      );
    }
    case "redis":
      return new RedisCompareAndSet(opened.adapter as KeyvRedis<unknown>);
    case "memory":
      return undefined;
  }
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
