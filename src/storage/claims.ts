import type KeyvPostgres from "@keyv/postgres";
import type KeyvRedis from "@keyv/redis";
import type KeyvSqlite from "@keyv/sqlite";
import type { OpenedKeyv } from "./keyv.js";

/**
 * - `fresh`: nobody held it (or its holder gave it back);
 * - `takeover`: a holder's claim ran out without being given back (it died, or finished
 *   long ago), or the same owner renewed it;
 * - `busy`: someone else holds it now.
 */
export type Acquired = "fresh" | "takeover" | "busy";

/**
 * Atomic "first one wins" records, which keyv itself cannot do: the basis of the
 * scheduler's lock and of exactly-once delivery when several processes share a store.
 * Each backend uses its own atomic primitive on keyv's own connection.
 */
export interface Claims {
  /** Takes `key` for `owner` for `ttlMs`; says whether it was free, taken over, or busy. */
  acquire(key: string, owner: string, ttlMs: number): Promise<Acquired>;
  /** True when `key` is now ours (free, expired, or ours already: then renewed). */
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back, only if `owner` still holds it. */
  release(key: string, owner: string): Promise<void>;
  /** Who holds a claim now, if anyone. */
  holder(key: string): Promise<string | undefined>;
}

abstract class BaseClaims implements Claims {
  abstract acquire(key: string, owner: string, ttlMs: number): Promise<Acquired>;
  abstract release(key: string, owner: string): Promise<void>;
  abstract holder(key: string): Promise<string | undefined>;
  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.acquire(key, owner, ttlMs)) !== "busy";
  }
}

const TABLE = "kampvuur_claims";

/**
 * Claims in an SQL table beside keyv's. The upsert only overwrites an expired or own row
 * and counts the takes, so one statement both claims and tells a takeover from a fresh take.
 */
class SqlClaims extends BaseClaims {
  private ready?: Promise<unknown>;

  constructor(
    private readonly dialect: "sqlite" | "postgres",
    private readonly run: (
      sql: string,
      params: unknown[],
    ) => Promise<{ owner?: string; takes?: number | string }[]>,
    private readonly prefix: string,
  ) {
    super();
  }

  private init() {
    this.ready ??= this.run(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (key VARCHAR(512) PRIMARY KEY, owner VARCHAR(255) NOT NULL, expires BIGINT NOT NULL, takes INTEGER NOT NULL DEFAULT 1)`,
      [],
    );
    return this.ready;
  }

  private sql(text: string): string {
    if (this.dialect === "sqlite") return text;
    let i = 0;
    return text.replace(/\?/g, () => `$${++i}`);
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<Acquired> {
    await this.init();
    const now = Date.now();
    const rows = await this.run(
      this.sql(
        `INSERT INTO ${TABLE} (key, owner, expires, takes) VALUES (?, ?, ?, 1)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires = excluded.expires, takes = ${TABLE}.takes + 1
         WHERE ${TABLE}.owner = excluded.owner OR ${TABLE}.expires < ?
         RETURNING owner, takes`,
      ),
      [this.prefix + key, owner, now + ttlMs, now],
    );
    const row = rows[0];
    if (rows.length !== 1 || row?.owner !== owner) return "busy";
    return Number(row.takes) === 1 ? "fresh" : "takeover";
  }

  async release(key: string, owner: string): Promise<void> {
    await this.init();
    await this.run(this.sql(`DELETE FROM ${TABLE} WHERE key = ? AND owner = ?`), [this.prefix + key, owner]);
  }

  async holder(key: string): Promise<string | undefined> {
    await this.init();
    const rows = await this.run(this.sql(`SELECT owner FROM ${TABLE} WHERE key = ? AND expires >= ?`), [
      this.prefix + key,
      Date.now(),
    ]);
    return rows[0]?.owner;
  }
}

/** How long Redis keeps a claim after it expires, so a takeover can still be recognised. */
const REDIS_RETENTION_MS = 14 * 86_400_000;

const ACQUIRE = `
local v = redis.call('GET', KEYS[1])
local function take() redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3]) end
if not v then take() return 'fresh' end
local sep = string.find(v, '|', 1, true)
local owner = string.sub(v, 1, sep - 1)
local expires = tonumber(string.sub(v, sep + 1))
if owner == ARGV[1] or expires < tonumber(ARGV[4]) then take() return 'takeover' end
return 'busy'`;

const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Claims as Redis keys holding `owner|expires`, taken and given back by small Lua scripts (atomic). */
class RedisClaims extends BaseClaims {
  constructor(
    private readonly redis: KeyvRedis<unknown>,
    private readonly prefix: string,
  ) {
    super();
  }

  private async client() {
    return (await this.redis.getClient()) as unknown as {
      get(key: string): Promise<string | null>;
      eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
    };
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<Acquired> {
    const now = Date.now();
    const result = await (
      await this.client()
    ).eval(ACQUIRE, {
      keys: [this.prefix + key],
      arguments: [owner, String(now + ttlMs), String(Math.max(ttlMs, REDIS_RETENTION_MS)), String(now)],
    });
    return result as Acquired;
  }

  async release(key: string, owner: string): Promise<void> {
    await (await this.client()).eval(RELEASE, { keys: [this.prefix + key], arguments: [owner] });
  }

  async holder(key: string): Promise<string | undefined> {
    const v = await (await this.client()).get(this.prefix + key);
    if (!v) return undefined;
    const [owner, expires] = v.split("|");
    return Number(expires) >= Date.now() ? owner : undefined;
  }
}

/** Claims for `memory://`: one process, so a Map is atomic enough. */
class MemoryClaims extends BaseClaims {
  private readonly held = new Map<string, { owner: string; expires: number }>();

  async acquire(key: string, owner: string, ttlMs: number): Promise<Acquired> {
    const current = this.held.get(key);
    const now = Date.now();
    if (current && current.owner !== owner && current.expires >= now) return "busy";
    this.held.set(key, { owner, expires: now + ttlMs });
    return current ? "takeover" : "fresh";
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.held.get(key)?.owner === owner) this.held.delete(key);
  }

  async holder(key: string): Promise<string | undefined> {
    const current = this.held.get(key);
    return current && current.expires >= Date.now() ? current.owner : undefined;
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
