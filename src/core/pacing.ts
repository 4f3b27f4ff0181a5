import PQueue from "p-queue";

/**
 * One rate limit a send counts against: a Slack workspace, a Slack channel, a Teams tenant.
 * The adapter names them (`ChatAdapter.pacing`) from the platform's published limits.
 */
export interface PaceLimit {
  /** Unique per target across platforms (`slack:T0123`, `slack:T0123:C0456`, `teams:<tenant>`). */
  key: string;
  /** The published limit, in sends per second (600 a minute is 10). */
  perSecond: number;
  /**
   * When the platform counts requests in any window of this length (Teams: 50 in any second)
   * rather than refilling a bucket: the pacer then holds each send's place until this long
   * after its answer, so however late requests arrive, no window ever holds more than the limit.
   */
  windowMs?: number;
}

/** How urgent a send is: one person waiting for it goes before a fan-out to many. */
export type SendPriority = "interactive" | "bulk";

const PRIORITY: Record<SendPriority, number> = { interactive: 10, bulk: 0 };

/** The share of a published limit the bot uses: a little headroom for replies and clock skew. */
export const PACE_MARGIN = 0.97;

/** The longest pause of a target after a "later" without `Retry-After`. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Paces every send the bot starts itself to the platforms' limits, shared by every fan-out in
 * the process (prompts, reminders, announcements, digests). Each target is a `p-queue`:
 * - A bucket-like limit (Slack's "about one a second", 600 a minute with a small burst) starts
 *   one send per `1 / (limit × margin)` seconds (strict, sliding-window mode), so the platform
 *   sees an even stream at just under its limit instead of bursts and 429s.
 * - A windowed limit (`windowMs`, Teams' 50 requests in any second) has all places of a window
 *   but one (the queue's concurrency: 49); a send keeps its place until a window after its answer, and
 *   sends start at most at the limit's own spacing. A request arrives between its start and its
 *   answer, so any window sees at most that many: exact however late the requests arrive
 *   (a busy event loop, a slow network), and at the pace of the answers, not of our timers
 *   (which fire whole milliseconds late and would cost 3% at 50 a second).
 * When the platform says "later" anyway, the whole target pauses (for its `Retry-After`, else
 * growing pauses) and resumes at the pace: the other sends waiting for it do not hammer it
 * meanwhile. Interactive sends (a person waiting) go before bulk ones in the same target.
 */
export class Pacer {
  private readonly queues = new Map<string, PQueue>();
  /** Consecutive "later"s per target without a Retry-After, for the growing pause. */
  private readonly strikes = new Map<string, number>();
  private readonly resumeAt = new Map<string, { until: number }>();
  /** Places kept after an answer, for a window, by windowed targets (not pending work). */
  private held = 0;

  constructor(private readonly margin = PACE_MARGIN) {}

  /** Runs `send` once each of its targets has room, the most specific target first. */
  run<T>(limits: readonly PaceLimit[], send: () => Promise<T>, priority: SendPriority = "bulk"): Promise<T> {
    return limits.reduceRight<() => Promise<T>>(
      (inner, limit) => () =>
        limit.windowMs === undefined
          ? this.queue(limit).add(inner, { priority: PRIORITY[priority] })
          : this.windowed(limit, limit.windowMs, inner, priority),
      send,
    )();
  }

  /** Runs `send` in a place of a windowed target, kept until `windowMs` after its answer. */
  private windowed<T>(
    limit: PaceLimit,
    windowMs: number,
    send: () => Promise<T>,
    priority: SendPriority,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      void this.queue(limit).add(
        async () => {
          try {
            resolve(await send());
          } catch (error) {
            reject(error);
          }
          // A refused request counted too. The caller has its answer; the place waits out the window.
          this.held++;
          await new Promise((r) => setTimeout(r, windowMs).unref());
          this.held--;
        },
        { priority: PRIORITY[priority] },
      );
    });
  }

  /**
   * The platform said "later" for a send to these targets: pause them all for `retryAfterMs`,
   * or (no header) for 1, 2, 4 … s, up to 30 s. Returns the pause.
   */
  pause(limits: readonly PaceLimit[], retryAfterMs?: number): number {
    let longest = 0;
    for (const limit of limits) {
      const strikes = (this.strikes.get(limit.key) ?? 0) + 1;
      this.strikes.set(limit.key, retryAfterMs === undefined ? strikes : 0);
      const ms = Math.min(MAX_BACKOFF_MS, retryAfterMs ?? 1_000 * 2 ** (strikes - 1));
      longest = Math.max(longest, ms);
      const until = Date.now() + ms;
      const current = this.resumeAt.get(limit.key);
      if (current && current.until >= until) continue; // already paused at least that long
      // Only the latest pause's timer starts the queue again (timers may fire a little early).
      const pause = { until };
      this.resumeAt.set(limit.key, pause);
      const queue = this.queue(limit);
      queue.pause();
      setTimeout(() => {
        if (this.resumeAt.get(limit.key) !== pause) return; // a longer pause came after
        this.resumeAt.delete(limit.key);
        queue.start();
      }, ms).unref();
    }
    return longest;
  }

  /** A send to these targets went through: their next "later" starts the backoff from 1 s again. */
  succeeded(limits: readonly PaceLimit[]): void {
    for (const limit of limits) this.strikes.delete(limit.key);
  }

  /** Sends waiting or running, over all targets (for tests and the health view). */
  get pending(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.size + queue.pending;
    return n - this.held;
  }

  private queue(limit: PaceLimit): PQueue {
    let queue = this.queues.get(limit.key);
    if (!queue) {
      queue =
        limit.windowMs === undefined
          ? new PQueue({ intervalCap: 1, interval: 1_000 / (limit.perSecond * this.margin), strict: true })
          : new PQueue({
              // All places but one: that one is left for an answer to someone typing meanwhile.
              concurrency: Math.max(1, Math.floor((limit.perSecond * limit.windowMs) / 1_000) - 1),
              // Whole milliseconds (timers fire on them): at most the limit's own pace.
              intervalCap: 1,
              interval: Math.max(1, Math.ceil(1_000 / limit.perSecond)),
              strict: true,
            });
      this.queues.set(limit.key, queue);
    }
    return queue;
  }
}
