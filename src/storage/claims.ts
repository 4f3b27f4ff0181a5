import type KeyvPostgres from "@keyv/postgres";
import type KeyvRedis from "@keyv/redis";
import type KeyvSqlite from "@keyv/sqlite";
import type { OpenedKeyv } from "./keyv.js";

/**
 * Atomic "first one wins" records, which keyv itself cannot do: the basis of the
 * scheduler's lock and of exactly-once delivery when several processes share a store.
 * Each backend uses its own atomic primitive on keyv's own connection.
 */
export interface Claims {
  /**
   * Takes `key` for `owner`. True when it is now ours: it was free, had expired, or was
   * already ours (then the expiry is renewed). `ttlMs` undefined means: for good.
   */
  claim(key: string, owner: string, ttlMs?: number): Promise<boolean>;
  /** Gives a claim back, only if `owner` still holds it. */
  release(key: string, owner: string): Promise<void>;
  /** Who holds a claim now, if anyone. */
  holder(key: string): Promise<string | undefined>;
}

const TABLE = "kampvuur_claims";

/** Claims in an SQL table beside keyv's, with an upsert that only overwrites an expired or own row. */
class SqlClaims implements Claims {
  private ready?: Promise<unknown>;

  constructor(
    private readonly dialect: "sqlite" | "postgres",
    private readonly run: (sql: string, params: unknown[]) => Promise<{ owner?: string }[]>,
    private readonly prefix: string,
  ) {}

  private init() {
    this.ready ??= this.run(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (key VARCHAR(512) PRIMARY KEY, owner VARCHAR(255) NOT NULL, expires BIGINT)`,
      [],
    );
    return this.ready;
  }

  private sql(text: string): string {
    if (this.dialect === "sqlite") return text;
    let i = 0;
    return text.replace(/\?/g, () => `$${++i}`);
  }

  async claim(key: string, owner: string, ttlMs?: number): Promise<boolean> {
    await this.init();
    const now = Date.now();
    const rows = await this.run(
      this.sql(
        `INSERT INTO ${TABLE} (key, owner, expires) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
         WHERE ${TABLE}.owner = excluded.owner OR (${TABLE}.expires IS NOT NULL AND ${TABLE}.expires < ?)
         RETURNING owner`,
      ),
      [this.prefix + key, owner, ttlMs === undefined ? null : now + ttlMs, now],
    );
    return rows.length === 1 && rows[0]?.owner === owner;
  }

  async release(key: string, owner: string): Promise<void> {
    await this.init();
    await this.run(this.sql(`DELETE FROM ${TABLE} WHERE key = ? AND owner = ?`), [this.prefix + key, owner]);
  }

  async holder(key: string): Promise<string | undefined> {
    await this.init();
    const rows = await this.run(
      this.sql(`SELECT owner FROM ${TABLE} WHERE key = ? AND (expires IS NULL OR expires >= ?)`),
      [this.prefix + key, Date.now()],
    );
    return rows[0]?.owner;
  }
}

/** Claims as Redis keys: SET NX PX, and a compare-and-delete script to release. */
class RedisClaims implements Claims {
  constructor(
    private readonly redis: KeyvRedis<unknown>,
    private readonly prefix: string,
  ) {}

  private async client() {
    return (await this.redis.getClient()) as unknown as {
      set(key: string, value: string, options: object): Promise<string | null>;
      get(key: string): Promise<string | null>;
      eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
    };
  }

  async claim(key: string, owner: string, ttlMs?: number): Promise<boolean> {
    const client = await this.client();
    const k = this.prefix + key;
    const taken = await client.set(k, owner, ttlMs === undefined ? { NX: true } : { NX: true, PX: ttlMs });
    if (taken === "OK") return true;
    if ((await client.get(k)) !== owner) return false;
    // Ours already: renew.
    if (ttlMs !== undefined) await client.set(k, owner, { XX: true, PX: ttlMs });
    return true;
  }

  async release(key: string, owner: string): Promise<void> {
    const client = await this.client();
    await client.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0",
      {
        keys: [this.prefix + key],
        arguments: [owner],
      },
    );
  }

  async holder(key: string): Promise<string | undefined> {
    return (await (await this.client()).get(this.prefix + key)) ?? undefined;
  }
}

/** Claims for `memory://`: one process, so a Map is atomic enough. */
class MemoryClaims implements Claims {
  private readonly held = new Map<string, { owner: string; expires?: number }>();

  async claim(key: string, owner: string, ttlMs?: number): Promise<boolean> {
    const current = this.held.get(key);
    const now = Date.now();
    if (current && current.owner !== owner && (current.expires === undefined || current.expires >= now))
      return false;
    this.held.set(key, { owner, expires: ttlMs === undefined ? undefined : now + ttlMs });
    return true;
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.held.get(key)?.owner === owner) this.held.delete(key);
  }

  async holder(key: string): Promise<string | undefined> {
    const current = this.held.get(key);
    return current && (current.expires === undefined || current.expires >= Date.now())
      ? current.owner
      : undefined;
  }
}

/** The claims for an opened keyv store, in the same namespace. */
export function claimsFor(opened: OpenedKeyv, namespace: string): Claims {
  const prefix = `${namespace}:claim:`;
  switch (opened.kind) {
    case "sqlite": {
      const sqlite = opened.adapter as KeyvSqlite;
      return new SqlClaims("sqlite", (sql, params) => sqlite.query(sql, ...params), prefix);
    }
    case "postgres": {
      const pg = opened.adapter as KeyvPostgres;
      return new SqlClaims("postgres", (sql, params) => pg.query(sql, params), prefix);
    }
    case "redis":
      return new RedisClaims(opened.adapter as KeyvRedis<unknown>, prefix);
    case "memory":
      return new MemoryClaims();
  }
}
