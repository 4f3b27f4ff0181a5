import { randomBytes } from "node:crypto";
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

/** How often a process says it is alive, and how long that lasts. */
export const HEARTBEAT_INTERVAL_MS = 3_000;
export const HEARTBEAT_TTL_MS = 10_000;

/**
 * Atomic "first one wins" records, which keyv itself cannot do: the basis of the
 * scheduler's lock and of exactly-once delivery when several processes share a store.
 * Each backend uses its own atomic primitive on keyv's own connection.
 *
 * A claim belongs to a process, and every process that holds claims keeps a heartbeat in
 * the store. A claim is free when its lease ran out *or* its process stopped beating, so
 * after a crash (kill -9) another process, or the restarted one, takes over within
 * `HEARTBEAT_TTL_MS` instead of waiting for a long lease.
 */
export interface Claims {
  /** This process's identity on claims and heartbeats. */
  readonly process: string;
  /** Takes `key` for `owner` for `ttlMs`; says whether it was free, taken over, or busy. */
  acquire(key: string, owner: string, ttlMs: number): Promise<Acquired>;
  /** True when `key` is now ours (free, expired, or ours already: then renewed). */
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back, only if `owner` still holds it. */
  release(key: string, owner: string): Promise<void>;
  /** Who holds a claim now, if anyone (a holder whose process is gone holds nothing). */
  holder(key: string): Promise<string | undefined>;
  /** Atomic insert-if-absent: true only for the first call with `key` within `ttlMs` (deduplication). */
  mark(key: string, ttlMs: number): Promise<boolean>;
  /** Stops the heartbeat and removes it, so what this process still holds is free at once. */
  stop(): Promise<void>;
}

abstract class BaseClaims implements Claims {
  /** Short (it is stored with every claim) and unique enough: 96 random bits. */
  readonly process = `p-${randomBytes(12).toString("base64url")}`;
  private beating?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  abstract acquire(key: string, owner: string, ttlMs: number): Promise<Acquired>;
  abstract release(key: string, owner: string): Promise<void>;
  abstract holder(key: string): Promise<string | undefined>;
  abstract mark(key: string, ttlMs: number): Promise<boolean>;
  protected abstract beat(expires: number): Promise<void>;
  protected abstract removeBeat(): Promise<void>;

  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.acquire(key, owner, ttlMs)) !== "busy";
  }

  /** Starts the heartbeat before the first claim (and keeps it going, off the event loop's books). */
  protected alive(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.beating ??= this.beat(Date.now() + HEARTBEAT_TTL_MS).then(() => {
      this.timer = setInterval(() => {
        this.beat(Date.now() + HEARTBEAT_TTL_MS).catch(() => {});
      }, HEARTBEAT_INTERVAL_MS);
      this.timer.unref();
    });
    return this.beating;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.beating) await this.removeBeat().catch(() => {});
  }
}

const TABLE = "kampvuur_claims";
const ALIVE = "kampvuur_alive";
const MARKS = "kampvuur_marks";

/** At most this many claims in one statement (4 parameters each, far below SQLite's limit). */
const ACQUIRE_CHUNK = 500;

interface PendingAcquire {
  key: string;
  owner: string;
  ttlMs: number;
  resolve(acquired: Acquired): void;
  reject(error: unknown): void;
}

interface AcquireBatch {
  items: PendingAcquire[];
  keys: Set<string>;
}

type Run = (
  sql: string,
  params: unknown[],
) => Promise<{ owner?: string; takes?: number | string; key?: string }[]>;

/**
 * Claims in SQL tables beside keyv's. The upsert only overwrites an expired or own row and
 * counts the takes, so one statement both claims and tells a takeover from a fresh take; a row
 * held by a process without a heartbeat is taken over by a second, conditional update.
 */
class SqlClaims extends BaseClaims {
  private ready?: Promise<unknown>;
  /** The tables made and the heartbeat started (`init`, `alive`): a claim need not wait for them. */
  private started = false;

  constructor(
    private readonly dialect: "sqlite" | "postgres",
    private readonly run: Run,
    private readonly prefix: string,
  ) {
    super();
  }

  private init() {
    this.ready ??= (async () => {
      await this.run(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (key VARCHAR(512) PRIMARY KEY, owner VARCHAR(255) NOT NULL, expires BIGINT NOT NULL, takes INTEGER NOT NULL DEFAULT 1)`,
        [],
      );
      // Stores from before heartbeats: the process column is added once.
      if (this.dialect === "postgres")
        await this.run(
          `ALTER TABLE ${TABLE} ADD COLUMN IF NOT EXISTS proc VARCHAR(255) NOT NULL DEFAULT ''`,
          [],
        );
      else
        await this.run(`ALTER TABLE ${TABLE} ADD COLUMN proc VARCHAR(255) NOT NULL DEFAULT ''`, []).catch(
          (error: Error) => {
            if (!/duplicate column/i.test(error.message)) throw error;
          },
        );
      await this.run(
        `CREATE TABLE IF NOT EXISTS ${ALIVE} (proc VARCHAR(255) PRIMARY KEY, expires BIGINT NOT NULL)`,
        [],
      );
      await this.run(
        `CREATE TABLE IF NOT EXISTS ${MARKS} (key VARCHAR(512) PRIMARY KEY, expires BIGINT NOT NULL)`,
        [],
      );
    })();
    return this.ready;
  }

  private sql(text: string): string {
    if (this.dialect === "sqlite") return text;
    let i = 0;
    return text.replace(/\?/g, () => `$${++i}`);
  }

  protected async beat(expires: number): Promise<void> {
    await this.init();
    await this.run(
      this.sql(
        `INSERT INTO ${ALIVE} (proc, expires) VALUES (?, ?) ON CONFLICT (proc) DO UPDATE SET expires = excluded.expires`,
      ),
      [this.process, expires],
    );
  }

  protected async removeBeat(): Promise<void> {
    await this.run(this.sql(`DELETE FROM ${ALIVE} WHERE proc = ? OR expires < ?`), [
      this.process,
      Date.now() - 86_400_000,
    ]);
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<Acquired> {
    // Once the tables and the heartbeat are there (every claim of a fan-out after the first),
    // nothing to wait for.
    if (!this.started) {
      await this.init();
      await this.alive();
      this.started = true;
    }
    const stored = this.prefix + key;
    if (this.dialect !== "sqlite") return this.acquireOne(stored, owner, ttlMs);
    // SQLite: the claims asked for while no claim statement runs (the sends a fan-out starts
    // together), or while one runs, are taken together in the next statement, committed before
    // any of them resolves (group commit: a fan-out pays one statement for many claims, not
    // one each). The same key twice in one batch goes on its own, as before: one row per key.
    let batch = this.batch;
    if (batch?.keys.has(stored)) return this.acquireOne(stored, owner, ttlMs);
    if (!batch) {
      const next: AcquireBatch = { items: [], keys: new Set() };
      this.batch = batch = next;
      // None running: the next turn takes it. One running: its end takes it (see `flush`).
      if (this.running === 0) setImmediate(() => this.flush(next));
    }
    batch.keys.add(stored);
    const items = batch.items;
    return new Promise<Acquired>((resolve, reject) =>
      items.push({ key: stored, owner, ttlMs, resolve, reject }),
    );
  }

  /** The claims waiting for the next statement (SQLite), at most one of each key. */
  private batch?: AcquireBatch;
  /** Claim statements of batches on their way (SQLite). */
  private running = 0;

  private flush(batch: AcquireBatch): void {
    if (this.batch !== batch) return;
    this.batch = undefined;
    for (let i = 0; i < batch.items.length; i += ACQUIRE_CHUNK) {
      this.running++;
      const done = () => {
        // The last statement done: the claims asked for meanwhile go together now.
        if (--this.running === 0 && this.batch) this.flush(this.batch);
      };
      this.acquireMany(batch.items.slice(i, i + ACQUIRE_CHUNK)).then(done, done);
    }
  }

  /**
   * Many claims of distinct keys: the same upsert as `acquireOne`'s first statement, one row
   * each. Resolves once that statement is done (a takeover to check goes on by itself).
   */
  private async acquireMany(items: PendingAcquire[]): Promise<void> {
    if (items.length === 1) {
      const item = items[0] as PendingAcquire;
      await this.acquireOne(item.key, item.owner, item.ttlMs).then(item.resolve, item.reject);
      return;
    }
    const now = Date.now();
    let rows: Awaited<ReturnType<Run>>;
    try {
      const params: unknown[] = [];
      for (const item of items) params.push(item.key, item.owner, now + item.ttlMs, this.process);
      params.push(now);
      rows = await this.run(this.acquireSql(items.length), params);
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    const taken = new Map(rows.map((row) => [row.key, row]));
    for (const item of items) {
      const row = taken.get(item.key);
      if (row?.owner === item.owner) item.resolve(Number(row.takes) === 1 ? "fresh" : "takeover");
      else this.takeOver(item.key, item.owner, item.ttlMs, now).then(item.resolve, item.reject);
    }
  }

  /** The upsert of `count` claims (the same few sizes come back: made once each). */
  private readonly acquireSqls = new Map<number, string>();

  private acquireSql(count: number): string {
    let sql = this.acquireSqls.get(count);
    if (sql === undefined) {
      sql = this.sql(
        `INSERT INTO ${TABLE} (key, owner, expires, takes, proc) VALUES ${Array.from({ length: count }, () => "(?, ?, ?, 1, ?)").join(", ")}
           ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires = excluded.expires, proc = excluded.proc, takes = ${TABLE}.takes + 1
           WHERE ${TABLE}.owner = excluded.owner OR ${TABLE}.expires < ?
           RETURNING key, owner, takes`,
      );
      this.acquireSqls.set(count, sql);
    }
    return sql;
  }

  private async acquireOne(stored: string, owner: string, ttlMs: number): Promise<Acquired> {
    const now = Date.now();
    // The common case in one short statement: free, ours, or run out.
    const rows = await this.run(
      this.sql(
        `INSERT INTO ${TABLE} (key, owner, expires, takes, proc) VALUES (?, ?, ?, 1, ?)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires = excluded.expires, proc = excluded.proc, takes = ${TABLE}.takes + 1
         WHERE ${TABLE}.owner = excluded.owner OR ${TABLE}.expires < ?
         RETURNING owner, takes`,
      ),
      [stored, owner, now + ttlMs, this.process, now],
    );
    const row = rows[0];
    if (rows.length === 1 && row?.owner === owner) return Number(row.takes) === 1 ? "fresh" : "takeover";
    return this.takeOver(stored, owner, ttlMs, now);
  }

  /** Held: unless its process stopped beating (it died), then it is taken over, atomically. */
  private async takeOver(stored: string, owner: string, ttlMs: number, now: number): Promise<Acquired> {
    const taken = await this.run(
      this.sql(
        `UPDATE ${TABLE} SET owner = ?, expires = ?, proc = ?, takes = takes + 1
         WHERE key = ? AND NOT EXISTS (SELECT 1 FROM ${ALIVE} a WHERE a.proc = ${TABLE}.proc AND a.expires >= ?)
         RETURNING owner`,
      ),
      [owner, now + ttlMs, this.process, stored, now],
    );
    return taken.length === 1 && taken[0]?.owner === owner ? "takeover" : "busy";
  }

  async release(key: string, owner: string): Promise<void> {
    await this.init();
    await this.run(this.sql(`DELETE FROM ${TABLE} WHERE key = ? AND owner = ?`), [this.prefix + key, owner]);
  }

  async holder(key: string): Promise<string | undefined> {
    await this.init();
    const now = Date.now();
    const rows = await this.run(
      this.sql(
        `SELECT c.owner FROM ${TABLE} c JOIN ${ALIVE} a ON a.proc = c.proc WHERE c.key = ? AND c.expires >= ? AND a.expires >= ?`,
      ),
      [this.prefix + key, now, now],
    );
    return rows[0]?.owner;
  }

  async mark(key: string, ttlMs: number): Promise<boolean> {
    await this.init();
    const now = Date.now();
    const rows = await this.run(
      this.sql(
        `INSERT INTO ${MARKS} (key, expires) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET expires = excluded.expires WHERE ${MARKS}.expires < ?
         RETURNING key`,
      ),
      [this.prefix + key, now + ttlMs, now],
    );
    return rows.length === 1;
  }
}

/** How long Redis keeps a claim after it expires, so a takeover can still be recognised. */
const REDIS_RETENTION_MS = 14 * 86_400_000;

// KEYS[1] the claim; ARGV: owner, expires, px, now, proc, alive-key prefix
const ACQUIRE = `
local v = redis.call('GET', KEYS[1])
local function take() redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2] .. '|' .. ARGV[5], 'PX', ARGV[3]) end
if not v then take() return 'fresh' end
local a = string.find(v, '|', 1, true)
local owner = string.sub(v, 1, a - 1)
local rest = string.sub(v, a + 1)
local b = string.find(rest, '|', 1, true)
local expires, proc
if b then expires = tonumber(string.sub(rest, 1, b - 1)) proc = string.sub(rest, b + 1)
else expires = tonumber(rest) proc = '' end
if owner == ARGV[1] or expires < tonumber(ARGV[4]) or redis.call('EXISTS', ARGV[6] .. proc) == 0 then take() return 'takeover' end
return 'busy'`;

const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then return redis.call('DEL', KEYS[1]) end
return 0`;

interface RedisLike {
  get(key: string): Promise<string | null>;
  exists(key: string): Promise<number>;
  set(key: string, value: string, options?: { PX?: number; NX?: boolean }): Promise<string | null>;
  del(key: string): Promise<number>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Claims as Redis keys holding `owner|expires|process`, taken and given back by small Lua scripts (atomic). */
class RedisClaims extends BaseClaims {
  constructor(
    private readonly redis: KeyvRedis<unknown>,
    private readonly prefix: string,
  ) {
    super();
  }

  private async client(): Promise<RedisLike> {
    return (await this.redis.getClient()) as unknown as RedisLike;
  }

  private get alivePrefix(): string {
    return `${this.prefix}alive:`;
  }

  protected async beat(expires: number): Promise<void> {
    await (
      await this.client()
    ).set(this.alivePrefix + this.process, String(expires), { PX: HEARTBEAT_TTL_MS });
  }

  protected async removeBeat(): Promise<void> {
    await (await this.client()).del(this.alivePrefix + this.process);
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<Acquired> {
    await this.alive();
    const now = Date.now();
    const result = await (
      await this.client()
    ).eval(ACQUIRE, {
      keys: [this.prefix + key],
      arguments: [
        owner,
        String(now + ttlMs),
        String(Math.max(ttlMs, REDIS_RETENTION_MS)),
        String(now),
        this.process,
        this.alivePrefix,
      ],
    });
    return result as Acquired;
  }

  async release(key: string, owner: string): Promise<void> {
    await (await this.client()).eval(RELEASE, { keys: [this.prefix + key], arguments: [owner] });
  }

  async holder(key: string): Promise<string | undefined> {
    const client = await this.client();
    const v = await client.get(this.prefix + key);
    if (!v) return undefined;
    const [owner, expires, proc = ""] = v.split("|");
    if (Number(expires) < Date.now()) return undefined;
    return (await client.exists(this.alivePrefix + proc)) ? owner : undefined;
  }

  async mark(key: string, ttlMs: number): Promise<boolean> {
    const ok = await (await this.client()).set(`${this.prefix}mark:${key}`, "1", { PX: ttlMs, NX: true });
    return ok === "OK";
  }
}

/** Claims for `memory://`: one process, so a Map is atomic enough. */
class MemoryClaims extends BaseClaims {
  private readonly held = new Map<string, { owner: string; expires: number }>();
  private readonly marks = new Map<string, number>();

  protected async beat(): Promise<void> {}
  protected async removeBeat(): Promise<void> {}

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

  async mark(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const until = this.marks.get(key);
    if (until !== undefined && until >= now) return false;
    this.marks.set(key, now + ttlMs);
    return true;
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
