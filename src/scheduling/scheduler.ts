import { randomUUID } from "node:crypto";
import { type ScheduledTask, schedule } from "node-cron";
import pMap from "p-map";
import type { Bot } from "../core/bot.js";
import type { Job, JobPlan } from "../core/jobs.js";
import { HEARTBEAT_TTL_MS } from "../storage/claims.js";

const LOCK_KEY = "lock:scheduler";
const SEND_CONCURRENCY = 64;
/** The lock's lease; the pass renews it while it runs, and a dead holder's heartbeat frees it sooner. */
const DEFAULT_LOCK_TTL_MS = 2 * 60_000;

export interface TickResult {
  /** Another process holds the scheduler lock; this one did nothing. */
  locked: boolean;
  sent: number;
  missed: number;
  failed: number;
  /** Deliveries another process was sending at the same moment. */
  busy: number;
}

const EMPTY: TickResult = { locked: false, sent: 0, missed: 0, failed: 0, busy: 0 };

export interface SchedulerOptions {
  /** How long the scheduler lock lasts if a process dies holding it (a live holder renews it). */
  lockTtlMs?: number;
}

/** What the scheduler runs: the bot and the jobs of every feature. */
export interface Scheduled {
  bot: Bot;
  jobs: Job[];
}

/**
 * Runs the features' jobs: every pass it takes the scheduler lock in the store, asks each
 * job what is due, records what is past its grace window as `missed`, and sends the rest
 * through the exactly-once deliverer. node-cron only does the ticking (every minute).
 */
export class Scheduler {
  private readonly owner = `scheduler-${randomUUID()}`;
  private readonly lockTtlMs: number;
  private readonly jobs: Job[];
  private task?: ScheduledTask;
  private running?: Promise<TickResult>;
  /** A pass asked for while one runs: it runs once, after it, at the latest moment asked for. */
  private queued?: { promise: Promise<TickResult>; now?: Date };
  private followUp?: NodeJS.Timeout;

  constructor(
    private readonly app: Scheduled,
    options: SchedulerOptions = {},
  ) {
    this.jobs = app.jobs;
    this.lockTtlMs = options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS;
  }

  /**
   * One pass. Safe to call at any time, from any number of processes. Within one process
   * passes never overlap: a tick that comes while one runs is folded into a single pass
   * after it (ticks queued behind a long pass do not start together).
   */
  async tick(now?: Date): Promise<TickResult> {
    if (this.running) {
      if (this.queued) {
        if (now && (!this.queued.now || now > this.queued.now)) this.queued.now = now;
        return this.queued.promise;
      }
      const queued: { promise: Promise<TickResult>; now?: Date } = { promise: Promise.resolve(EMPTY), now };
      queued.promise = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.run(queued.now ?? this.app.bot.clock.now());
        });
      this.queued = queued;
      return queued.promise;
    }
    return this.run(now ?? this.app.bot.clock.now());
  }

  private async run(now: Date): Promise<TickResult> {
    this.running = this.pass(now);
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async pass(now: Date): Promise<TickResult> {
    const { store, logger } = this.app.bot;
    const result: TickResult = { locked: false, sent: 0, missed: 0, failed: 0, busy: 0 };
    if (!(await store.claims.claim(LOCK_KEY, this.owner, this.lockTtlMs))) return { ...result, locked: true };
    // A long pass keeps its lock: renewed well before the lease runs out.
    const renew = setInterval(
      () => {
        store.claims.claim(LOCK_KEY, this.owner, this.lockTtlMs).catch(() => {});
      },
      Math.max(250, this.lockTtlMs / 3),
    );
    renew.unref();
    try {
      const plans = await this.plans(now);
      const missed = plans.flatMap((p) => p.missed);
      const send = plans.flatMap((p) => p.send);
      if (missed.length > 0) {
        await store.deliveries.setMany(
          missed.map((m) => ({
            id: m.deliveryId,
            value: {
              id: m.deliveryId,
              kind: m.kind,
              occurrenceId: m.occurrenceId,
              personId: m.personId,
              status: "missed",
              at: now.toISOString(),
              attempts: 0,
            },
          })),
        );
        result.missed = missed.length;
        logger.info({ missed: missed.length }, "sends past the grace window were dropped");
      }
      const outcomes = await pMap(send, (s) => s.send(), { concurrency: SEND_CONCURRENCY });
      let at = 0;
      for (const [i, job] of this.jobs.entries()) {
        const own = (plans[i] as JobPlan).send;
        await job.after?.(own, outcomes.slice(at, at + own.length));
        at += own.length;
      }
      for (const o of outcomes) {
        if (o === "sent") result.sent++;
        else if (o === "busy") result.busy++;
        else if (o === "failed" || o === "interrupted") result.failed++;
      }
      if (send.length > 0) logger.info({ at: now.toISOString(), ...result }, "scheduler tick");
      return result;
    } finally {
      clearInterval(renew);
      await store.claims.release(LOCK_KEY, this.owner);
    }
  }

  /** What each job says is due at `now`, from the store as it is (in the order of the jobs). */
  async plans(now: Date): Promise<JobPlan[]> {
    const plans: JobPlan[] = [];
    for (const job of this.jobs) plans.push(await job.plan(now));
    return plans;
  }

  /**
   * Ticks every minute until `stop`, and once right away (a restart picks up what is due
   * at once). When a pass found the lock or some deliveries held by another process (one
   * that may have died), it looks again as soon as a dead process's heartbeat has run out,
   * instead of a minute later.
   */
  start(options: { passNow?: boolean } = {}): void {
    if (this.task) return;
    this.task = schedule("* * * * *", () => this.background());
    if (options.passNow ?? true) this.background();
  }

  private background(): void {
    this.tick()
      .then((result) => {
        if (!this.task || !(result.locked || result.busy > 0 || result.failed > 0)) return;
        if (this.followUp) return;
        this.followUp = setTimeout(() => {
          this.followUp = undefined;
          if (this.task) this.background();
        }, HEARTBEAT_TTL_MS + 1_000);
        this.followUp.unref();
      })
      .catch((error: unknown) => {
        this.app.bot.logger.error({ err: error }, "scheduler tick failed; trying again next minute");
      });
  }

  /** Whether it is ticking (started and not stopped): part of `/readyz`. */
  get started(): boolean {
    return this.task !== undefined;
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = undefined;
    if (this.followUp) clearTimeout(this.followUp);
    this.followUp = undefined;
    await this.running?.catch(() => {});
    await this.queued?.promise.catch(() => {});
  }

  /** The next moments any job sends after `from`, soonest first. */
  upcoming(from: Date, count: number): Date[] {
    return this.jobs
      .flatMap((job) => job.upcoming?.(from, count) ?? [])
      .sort((a, b) => a.getTime() - b.getTime())
      .slice(0, count);
  }
}
