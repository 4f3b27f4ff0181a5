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

/**
 * How many sends a windowed limit lets start within one window: all of the window's but one,
 * which is left for an answer to someone typing meanwhile (Teams: 49 of 50). Shared with the
 * Redis queue's places, so one process and many replicas keep the same rule.
 */
export function windowPlaces(limit: PaceLimit & { windowMs: number }): number {
  return Math.max(1, Math.floor((limit.perSecond * limit.windowMs) / 1_000) - 1);
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
  /** Every target sent to lately: its queue (made only when a send has to wait) and its latest start. */
  private readonly targets = new Map<string, Target>();
  /** Consecutive "later"s per target without a Retry-After, for the growing pause. */
  private readonly strikes = new Map<string, number>();
  private readonly resumeAt = new Map<string, { until: number }>();
  /** Places kept after an answer, for a window, by windowed targets (not pending work). */
  private held = 0;
  /** Above this many targets, the idle ones are forgotten (see `sweep`). */
  private sweepAt = SWEEP_MIN;

  constructor(private readonly margin = PACE_MARGIN) {}

  /** Runs `send` once each of its targets has room, the most specific target first. */
  run<T>(limits: readonly PaceLimit[], send: () => Promise<T>, priority: SendPriority = "bulk"): Promise<T> {
    return this.step(limits, 0, send, PRIORITY[priority]);
  }

  /** The send through `limits[i]` and the targets after it. */
  private step<T>(
    limits: readonly PaceLimit[],
    i: number,
    send: () => Promise<T>,
    priority: number,
  ): Promise<T> {
    const limit = limits[i];
    if (!limit) return send();
    const inner = i + 1 < limits.length ? () => this.step(limits, i + 1, send, priority) : send;
    const target = this.target(limit);
    return target.windowMs === undefined
      ? this.paced(target, inner, priority)
      : this.windowed(target, target.windowMs, inner, priority);
  }

  /**
   * Runs `send` in a bucket-like target: at once when its queue would start it at once (not
   * paused, nothing waiting, the latest start a whole spacing ago), without the queue; else
   * in the queue, which starts one send per spacing in the order of priority.
   */
  private paced<T>(target: Target, send: () => Promise<T>, priority: number): Promise<T> {
    const now = performance.now();
    if (
      target.seed === undefined &&
      !this.resumeAt.has(target.key) &&
      (target.queue === undefined || target.queue.size === 0) &&
      now - target.last >= target.spacing
    ) {
      target.last = now;
      target.lastDirect = true;
      target.direct++;
      let result: Promise<T>;
      try {
        result = send();
      } catch (error) {
        result = Promise.reject(error);
      }
      return result.finally(() => {
        target.direct--;
      });
    }
    const queue = this.queueOf(target);
    // The latest start went by the queue: the queue knows it. Else it waits for it here.
    if (target.lastDirect && queue.size === 0 && !queue.isPaused) this.hold(target, queue);
    return queue.add(
      () => {
        target.last = performance.now();
        target.lastDirect = false;
        return send();
      },
      { priority },
    );
  }

  /** Runs `send` in a place of a windowed target, kept until `windowMs` after its answer. */
  private windowed<T>(
    target: Target,
    windowMs: number,
    send: () => Promise<T>,
    priority: number,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      void this.queueOf(target).add(
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
        { priority },
      );
    });
  }

  /**
   * Holds a bucket-like target's queue until a spacing after the latest start that went
   * around it (the queue does not know that one), then starts it (unless a pause holds it).
   */
  private hold(target: Target, queue: PQueue): void {
    queue.pause();
    const wait = target.last + target.spacing - performance.now();
    target.seed = setTimeout(
      () => {
        target.seed = undefined;
        this.release(target);
      },
      Math.max(0, wait),
    );
    target.seed.unref();
  }

  /** A hold or a pause of a target ended: its queue starts again, unless the other still holds it. */
  private release(target: Target): void {
    const queue = target.queue;
    if (!queue || target.seed !== undefined || this.resumeAt.has(target.key)) return;
    // Timers may fire a little early: the latest start that went around the queue is still waited for.
    if (
      target.lastDirect &&
      target.windowMs === undefined &&
      performance.now() - target.last < target.spacing
    )
      this.hold(target, queue);
    else queue.start();
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
      const target = this.target(limit);
      this.queueOf(target).pause();
      setTimeout(() => {
        if (this.resumeAt.get(limit.key) !== pause) return; // a longer pause came after
        this.resumeAt.delete(limit.key);
        this.release(target);
      }, ms).unref();
    }
    return longest;
  }

  /** A send to these targets went through: their next "later" starts the backoff from 1 s again. */
  succeeded(limits: readonly PaceLimit[]): void {
    if (this.strikes.size === 0) return;
    for (const limit of limits) this.strikes.delete(limit.key);
  }

  /** Sends waiting or running, over all targets (for tests and the health view). */
  get pending(): number {
    let n = 0;
    for (const target of this.targets.values())
      n += target.direct + (target.queue ? target.queue.size + target.queue.pending : 0);
    return n - this.held;
  }

  private target(limit: PaceLimit): Target {
    let target = this.targets.get(limit.key);
    if (!target) {
      if (this.targets.size >= this.sweepAt) this.sweep();
      target = {
        key: limit.key,
        perSecond: limit.perSecond,
        windowMs: limit.windowMs,
        spacing: 1_000 / (limit.perSecond * this.margin),
        last: Number.NEGATIVE_INFINITY,
        lastDirect: false,
        direct: 0,
      };
      this.targets.set(limit.key, target);
    }
    return target;
  }

  /**
   * Forgets the targets that are as good as new (nothing running or waiting, no pause or hold,
   * the latest start a spacing ago): a fan-out to thousands of people does not keep a target
   * per person. Runs when the count doubled since the last sweep, so it costs O(1) a target.
   */
  private sweep(): void {
    const now = performance.now();
    for (const [key, t] of this.targets)
      if (
        t.direct === 0 &&
        t.seed === undefined &&
        !this.resumeAt.has(key) &&
        (t.queue === undefined || (t.queue.size === 0 && t.queue.pending === 0 && !t.queue.isPaused)) &&
        now - t.last >= t.spacing &&
        t.windowMs === undefined
      )
        this.targets.delete(key);
    this.sweepAt = Math.max(SWEEP_MIN, 2 * this.targets.size);
  }

  private queueOf(target: Target): PQueue {
    let queue = target.queue;
    if (!queue) {
      queue =
        target.windowMs === undefined
          ? new PQueue({ intervalCap: 1, interval: target.spacing, strict: true })
          : new PQueue({
              concurrency: windowPlaces({ ...target, windowMs: target.windowMs }),
              // Whole milliseconds (timers fire on them): at most the limit's own pace.
              intervalCap: 1,
              interval: Math.max(1, Math.ceil(1_000 / target.perSecond)),
              strict: true,
            });
      target.queue = queue;
    }
    return queue;
  }
}

/** Below this many targets none is forgotten. */
const SWEEP_MIN = 1_024;

/** One target's state in the pacer. */
interface Target {
  readonly key: string;
  readonly perSecond: number;
  readonly windowMs: number | undefined;
  /** A bucket-like target's spacing between starts, in milliseconds. */
  readonly spacing: number;
  /** Made when a send has to wait (a windowed target: always). */
  queue?: PQueue;
  /** When the latest send started (`performance.now()`), by the queue or around it. */
  last: number;
  /** Whether that start went around the queue (which then does not know it). */
  lastDirect: boolean;
  /** Sends started around the queue and still running. */
  direct: number;
  /** While set, the queue is held until a spacing after `last` (see `hold`). */
  seed?: NodeJS.Timeout;
}
