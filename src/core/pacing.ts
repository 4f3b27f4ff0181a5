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
 * strict (sliding-window) mode that starts a few sends per window (`paceWindow`: 5 per 103 ms
 * at Teams' 50 a second, 2 per 206 ms at Slack's 10, one a second per Slack channel), so the
 * platform sees a steady stream at just under its limit, no second over it, instead of bursts
 * and 429s. When the platform says "later" anyway, the whole target pauses (for its
 * `Retry-After`, else growing pauses) and resumes at the pace: the other sends waiting for it
 * do not hammer it meanwhile.
 * Interactive sends (a person waiting) go before bulk ones in the same target.
 */
export class Pacer {
  private readonly queues = new Map<string, PQueue>();
  /** Consecutive "later"s per target without a Retry-After, for the growing pause. */
  private readonly strikes = new Map<string, number>();
  private readonly resumeAt = new Map<string, { until: number }>();
  /** When each target last started a send (ms), and the first send of a stream still on its way. */
  private readonly lastStart = new Map<string, number>();
  private readonly opening = new Map<string, Promise<void>>();
  /** Sends outside the queues: a stream's first, and those waiting for it. */
  private outside = 0;

  constructor(private readonly margin = PACE_MARGIN) {}

  /** Runs `send` once each of its targets has room, the most specific target first. */
  run<T>(limits: readonly PaceLimit[], send: () => Promise<T>, priority: SendPriority = "bulk"): Promise<T> {
    return limits.reduceRight<() => Promise<T>>(
      (inner, limit) => () => this.paced(limit, inner, priority),
      send,
    )();
  }

  /**
   * Runs `task` at the target's pace. The first send after a quiet spell goes alone, and the
   * pace starts when it is answered: a stream's first request pays for new connections and
   * cold code and can arrive tens of ms late, and the window opened at its start would let the
   * next second's sends arrive within one second of it (one over the limit). Measured from its
   * answer instead, the first send counts as one of the first window's. Only targets paced
   * several to a window (a Teams tenant, a Slack workspace) open so: a Slack channel's send may
   * wait long in its workspace's queue, and a reply in that channel must not wait outside it.
   */
  private async paced<T>(limit: PaceLimit, task: () => Promise<T>, priority: SendPriority): Promise<T> {
    const queue = this.queue(limit);
    const started = () => this.lastStart.set(limit.key, Date.now());
    this.outside++;
    try {
      for (let opening; (opening = this.opening.get(limit.key));) await opening;
    } finally {
      this.outside--;
    }
    const quiet =
      paceWindow(limit.perSecond, this.margin).cap > 1 &&
      queue.size === 0 &&
      queue.pending === 0 &&
      !queue.isPaused &&
      !this.resumeAt.has(limit.key) &&
      Date.now() - (this.lastStart.get(limit.key) ?? -Infinity) >= QUIET_MS;
    if (!quiet)
      return queue.add(
        () => {
          started();
          return task();
        },
        { priority: PRIORITY[priority] },
      );
    let opened!: () => void;
    this.opening.set(limit.key, new Promise<void>((resolve) => (opened = resolve)));
    this.outside++;
    started();
    try {
      return await task();
    } finally {
      this.outside--;
      // Its slot in the first window, taken now (the queue is empty: it starts at once).
      void queue.add(async () => started(), { priority: PRIORITY.interactive });
      this.opening.delete(limit.key);
      opened();
    }
  }

  /**
   * The platform said "later" for a send to these targets: pause them all for `retryAfterMs`,
   * or (no header) for 1, 2, 4 … s, up to 30 s, a "later" while paused (for a send that left
   * before the pause) counting as the same one. Returns the pause.
   */
  pause(limits: readonly PaceLimit[], retryAfterMs?: number): number {
    let longest = 0;
    for (const limit of limits) {
      const paused = this.resumeAt.get(limit.key);
      if (retryAfterMs === undefined && paused && paused.until > Date.now()) {
        // A send that left before this pause began (several leave in one window): the same
        // overload, already being waited out. It neither counts as a strike nor lengthens it.
        longest = Math.max(longest, paused.until - Date.now());
        continue;
      }
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
    return n + this.outside;
  }

  private queue(limit: PaceLimit): PQueue {
    let queue = this.queues.get(limit.key);
    if (!queue) {
      const { cap, intervalMs } = paceWindow(limit.perSecond, this.margin);
      queue = new PQueue({ intervalCap: cap, interval: intervalMs, strict: true });
      this.queues.set(limit.key, queue);
    }
    return queue;
  }
}

/** A target that started nothing for this long is quiet: its next send opens a new stream. */
const QUIET_MS = 2_000;

/** The longest window of a target's pace (but one send's): long enough that a late timer costs little. */
const WINDOW_MS = 250;
/**
 * The most sends one window starts at once: the more leave together, the later the last of them
 * reaches the platform on a busy process, and the less room the margin leaves for that.
 */
const MAX_AT_ONCE = 5;

/**
 * The window a target is paced in: `cap` starts per `intervalMs` (sliding), at `perSecond ×
 * margin` in the long run. One start per `1 / (limit × margin)` seconds would lose the lateness
 * of every timer (about 1 ms each, 5 % at 50 a second); a window of several starts loses it
 * once per window. `cap` divides the whole limit, so however the windows fall, no second holds
 * more than the limit (the window after the limit's worth of starts opens `1 / margin` seconds
 * after the first), and a send is never held back more than one window. Below 2 a second (a
 * Slack channel's one a second) or a limit that is not a whole number: one start per window.
 */
export function paceWindow(perSecond: number, margin = PACE_MARGIN): { cap: number; intervalMs: number } {
  const spacingMs = 1_000 / (perSecond * margin);
  let cap = 1;
  if (Number.isInteger(perSecond))
    for (let k = 2; k <= Math.min(perSecond, MAX_AT_ONCE) && k * spacingMs <= WINDOW_MS; k++)
      if (perSecond % k === 0) cap = k;
  return { cap, intervalMs: cap * spacingMs };
}
