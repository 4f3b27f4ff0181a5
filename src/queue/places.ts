import type { Redis } from "ioredis";

/**
 * A platform limit counted per window (Teams: 50 requests in any second per app and tenant),
 * shared by every replica on Redis's clock: the same rule as the in-process pacer's windowed
 * targets (`src/core/pacing.ts`). There are `places` places (all of a window's but one); a
 * send takes one before it starts and frees it when it has its answer, and the place stays
 * taken for one window after that. A request arrives between its start and its answer, so no
 * window ever sees more than `places` requests from all replicas together, however late they
 * arrive. Starts are also spaced at the limit's own pace (GCRA on one key), so a window's
 * places are not taken in one burst.
 *
 * A place whose replica died before freeing it is given back after `leaseMs`.
 */
export class SharedPlaces {
  constructor(
    private readonly redis: Redis,
    /** The target's keys in Redis: `<key>:places` (a sorted set) and `<key>` (the next start). */
    private readonly key: string,
    private readonly options: { places: number; spacingMs: number; windowMs: number; leaseMs?: number },
  ) {}

  /**
   * Waits for a place and the start's turn, and returns the place's id (for `free`). Never
   * gives up: without a place, it waits until the first one taken comes free.
   */
  async take(): Promise<string> {
    const id = `${process.pid}:${Math.random().toString(36).slice(2)}`;
    for (;;) {
      const wait = (await this.redis.eval(
        TAKE,
        2,
        `${this.key}:places`,
        this.key,
        id,
        String(this.options.places),
        String(this.options.spacingMs),
        String(this.options.leaseMs ?? LEASE_MS),
        String(this.options.windowMs),
      )) as number;
      // A place: wait for the start it was given. None: wait until one comes free, then ask again.
      if (wait >= 0) {
        if (wait > 0) await sleep(wait);
        return id;
      }
      await sleep(-wait);
    }
  }

  /** The send has its answer (or failed): the place stays taken for one window from now. */
  async free(id: string): Promise<void> {
    await this.redis.eval(FREE, 1, `${this.key}:places`, id, String(this.options.windowMs));
  }

  /** After a "later" (429): the next start is after `pauseMs` from now, for every replica. */
  async pause(pauseMs: number): Promise<void> {
    await this.redis.eval(PAUSE, 1, this.key, String(pauseMs), String(this.options.spacingMs));
  }
}

/** A place not freed within this long (its replica died mid-send) is given back. */
const LEASE_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * KEYS: places (ZSET id → until when it is taken), next start. ARGV: id, places, spacing, lease, window.
 * Returns the wait in ms until the place's start (>= 0), or minus the wait until a place may
 * come free (< 0, nothing taken).
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  -- The first place to come free; one still on its lease (a send without its answer yet)
  -- comes free sooner than that: ask again after one spacing.
  local first = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]) - now
  if first > tonumber(ARGV[5]) then first = tonumber(ARGV[3]) end
  return -math.max(1, math.ceil(first))
end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local start = math.max(now, last + tonumber(ARGV[3]))
redis.call('SET', KEYS[2], string.format('%.3f', start), 'PX', 600000)
redis.call('ZADD', KEYS[1], start + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], 600000)
return math.ceil(start - now)
`;

/** KEYS: places. ARGV: id, window. The place is taken until one window from now (Redis's clock). */
const FREE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
`;

/** KEYS: next start. ARGV: pause, spacing. */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local resume = now + tonumber(ARGV[1]) - tonumber(ARGV[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if resume > last then redis.call('SET', KEYS[1], string.format('%.3f', resume), 'PX', 600000) end
`;
