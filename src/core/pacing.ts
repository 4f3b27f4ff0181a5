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
 * the process (prompts, reminders, announcements, digests). Each target is a `p-queue` in
 * strict (sliding-window) mode that starts one send per `1 / (limit × margin)` seconds, so the
 * platform sees an even stream at just under its limit instead of bursts and 429s. When the
 * platform says "later" anyway, the whole target pauses (for its `Retry-After`, else growing
 * pauses) and resumes at the pace: the other sends waiting for it do not hammer it meanwhile.
 * Interactive sends (a person waiting) go before bulk ones in the same target.
 */
export class Pacer {
  private readonly queues = new Map<string, PQueue>();
  /** Consecutive "later"s per target without a Retry-After, for the growing pause. */
  private readonly strikes = new Map<string, number>();
  private readonly resumeAt = new Map<string, { until: number }>();

  constructor(private readonly margin = PACE_MARGIN) {}

  /** Runs `send` once each of its targets has room, the most specific target first. */
  run<T>(limits: readonly PaceLimit[], send: () => Promise<T>, priority: SendPriority = "bulk"): Promise<T> {
    return limits.reduceRight<() => Promise<T>>(
      (inner, limit) => () => this.queue(limit).add(inner, { priority: PRIORITY[priority] }),
      send,
    )();
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
    return n;
  }

  private queue(limit: PaceLimit): PQueue {
    let queue = this.queues.get(limit.key);
    if (!queue) {
      const spacingMs = 1_000 / (limit.perSecond * this.margin);
      queue = new PQueue({ intervalCap: 1, interval: spacingMs, strict: true });
      this.queues.set(limit.key, queue);
    }
    return queue;
  }
}
