import { type Job, Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Deliverer, DeliveryHint, DeliveryOutcome, DeliveryRequest } from "../core/deliveries.js";
import type { Logger } from "../core/log.js";
import { PACE_MARGIN, type PaceLimit, windowPlaces } from "../core/pacing.js";
import { isFinal } from "../storage/records.js";
import { SharedPlaces } from "./places.js";
import { type DeliveryQueue, type QueuedDelivery, SharedRateLimited, sharedLimit } from "./queue.js";

export interface BullQueueOptions {
  /** The Redis store's URL (`redis://…`): the queues live next to the records. */
  url: string;
  /** Namespaces the queues, as the store namespaces its keys. */
  programmeId: string;
  /**
   * Who shares the pace of a platform target in Redis: the programme (default), or every
   * programme of one deployment (`KAMPVUUR_PROGRAMMES`: they send to the same workspace).
   */
  paceScope?: string;
  logger: Logger;
  /** Sends one worker runs at once per target (the limiter decides how many start per second). */
  concurrency?: number;
  /** The share of a published limit used (default `PACE_MARGIN`, 0.97). */
  margin?: number;
  /** How long a worker holds a job without renewing its lock before another replica takes it over. */
  lockDurationMs?: number;
  /** The longest a caller waits for its job's outcome before reporting `busy`. */
  waitMs?: number;
  /** How often a replica looks for targets other replicas queued for (to run workers for them). */
  discoverMs?: number;
}

/** What a job returns: the outcome, and which enqueuer's add created it. */
interface JobResult {
  outcome: DeliveryOutcome;
  by: string;
}

interface JobData {
  delivery: QueuedDelivery;
  /** The add that created the job (a second add of the same id is a no-op). */
  by: string;
}

interface Target {
  limit: PaceLimit;
  queue: Queue<JobData, JobResult>;
  events: QueueEvents;
  worker?: Worker<JobData, JobResult>;
  /** Consecutive pauses without Retry-After, for the growing pause. */
  strikes: number;
  /**
   * Until when this replica knows the target is paused. A "later" for a send that left before
   * the pause began (it held an earlier slot) is the same overload, not a new one: it does not
   * lengthen the pause or count as a strike.
   */
  pausedUntil: number;
  /** For a limit counted per window (Teams): the places shared by every replica. */
  places?: SharedPlaces;
}

/** Failed sends (certainly not sent) are tried again this often, with exponential backoff from 1 s. */
const JOB_ATTEMPTS = 3;
const BACKOFF_MS = 1_000;
const MAX_PAUSE_MS = 30_000;
/** Priorities: 0 (none) goes first in BullMQ, so interactive sends carry none. */
const BULK_PRIORITY = 1;

/**
 * Fan-outs as BullMQ jobs on the Redis store, shared by every replica of the programme.
 *
 * - One queue per platform target (a Slack workspace, a Teams app and tenant: the broadest
 *   limit of a send, `sharedLimit`), paced at the published limit × margin by one slot counter
 *   on Redis (`NEXT_SLOT`): each send reserves the next start, one `1 / rate` after the last,
 *   on Redis's clock, whichever replica's worker runs it, so two replicas share the limit
 *   instead of doubling it. (BullMQ's own limiter is a fixed window restarted after each
 *   fetch, which loses a few ms per window: at 50 a second that is well over 5 % of the rate.)
 *   Narrower limits (a Slack channel's one a second) are paced in the worker's process.
 * - A job's id is the delivery id: however many replicas plan the same fan-out, the job is
 *   added once; every caller waits for the same job (QueueEvents) and only the replica whose
 *   add created it reports `sent` (the others `already`). The claim in the store still guards
 *   exactly-once (a job that runs again after a worker died meets its claim and the record).
 * - A "later" (429) pauses the whole queue on every replica (`Queue.rateLimit`) and the job
 *   waits its turn again (`Worker.RateLimitError`), never counted as an attempt.
 * - A send that certainly did not go (`failed`) is retried by BullMQ with exponential
 *   backoff; one that may have arrived is never retried (the deliverer records it `interrupted`
 *   and the job completes).
 * - Jobs are removed when they finish, so the next pass can plan a delivery left `failed` or
 *   `busy` again; the delivery record says whether it is settled.
 */
export class BullDeliveryQueue implements DeliveryQueue {
  private readonly targets = new Map<string, Target>();
  private readonly clients: Redis[] = [];
  private readonly prefix: string;
  private registryClient?: Redis;
  private discoverTimer?: NodeJS.Timeout;
  private adds = 0;
  private stopped = false;
  private readonly stopping: Promise<"busy">;
  private signalStop!: () => void;

  constructor(
    private readonly deliverer: Deliverer,
    private readonly options: BullQueueOptions,
  ) {
    this.prefix = `kampvuur:${options.programmeId}:queue`;
    this.stopping = new Promise((resolve) => (this.signalStop = () => resolve("busy")));
  }

  /**
   * This process serves (`kampvuur start`): besides the targets it queues for itself, it runs
   * workers for every target any replica queued for, so any replica takes any job.
   */
  serve(): void {
    if (this.discoverTimer || this.stopped) return;
    void this.discover();
    this.discoverTimer = setInterval(() => void this.discover(), this.options.discoverMs ?? 5_000);
    this.discoverTimer.unref();
  }

  /** Connected on first use: a command that never sends opens no connection. */
  private get registry(): Redis {
    this.registryClient ??= this.client();
    return this.registryClient;
  }

  async deliver(req: DeliveryRequest, hint?: DeliveryHint): Promise<DeliveryOutcome> {
    if (this.stopped) return "busy";
    const prepared = await this.deliverer.prepare(req, hint);
    if (prepared === "already") return "already";
    const limit = prepared && sharedLimit(prepared.limits);
    // Nothing to queue (unreachable: recorded here), or a platform without limits to share.
    if (!prepared || !limit) return this.deliverer.deliverHere(req, hint);
    const target = await this.target(limit);
    const by = `${this.deliverer.owner}:${++this.adds}`;
    const job = await target.queue.add(
      "deliver",
      { delivery: prepared.job, by },
      {
        jobId: jobIdOf(prepared.job.id),
        attempts: JOB_ATTEMPTS,
        removeOnComplete: true,
        removeOnFail: true,
        backoff: { type: "exponential", delay: BACKOFF_MS },
        ...(prepared.job.priority === "interactive" ? {} : { priority: BULK_PRIORITY }),
      },
    );
    let result: JobResult | "busy";
    try {
      result = await Promise.race([
        job.waitUntilFinished(target.events, this.options.waitMs ?? 10 * 60_000) as Promise<JobResult>,
        this.stopping,
      ]);
    } catch {
      // Failed after its attempts, removed before we looked, or waited too long: the record says.
      const record = await this.deliverer.bot.store.deliveries.get(req.id);
      if (isFinal(record)) return "already";
      return record?.status === "failed" ? "failed" : "busy";
    }
    if (result === "busy") return "busy";
    if (result.by !== by && (result.outcome === "sent" || result.outcome === "interrupted")) return "already";
    return result.outcome;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.discoverTimer);
    // Callers waiting for jobs not started yet hear `busy`: the jobs stay queued for any replica.
    this.signalStop();
    await Promise.allSettled([...this.targets.values()].map((t) => t.worker?.close()));
  }

  async close(): Promise<void> {
    await this.stop();
    await Promise.allSettled([...this.targets.values()].flatMap((t) => [t.queue.close(), t.events.close()]));
    await Promise.allSettled(this.clients.map((c) => c.quit()));
  }

  /** Jobs waiting or running, over all targets (tests, health). */
  async pending(): Promise<number> {
    let n = 0;
    for (const t of this.targets.values()) n += await t.queue.count();
    return n;
  }

  private client(): Redis {
    const client = new Redis(this.options.url, { maxRetriesPerRequest: null });
    client.on("error", (err) => this.options.logger.warn({ err }, "queue connection error"));
    this.clients.push(client);
    return client;
  }

  /** The queue, events and worker of one target, created on first use (and announced to the other replicas). */
  private async target(limit: PaceLimit): Promise<Target> {
    let target = this.targets.get(limit.key);
    if (!target) {
      const name = queueNameOf(limit.key);
      const queue = new Queue<JobData, JobResult>(name, { connection: this.client(), prefix: this.prefix });
      const events = new QueueEvents(name, { connection: this.client(), prefix: this.prefix });
      // Every caller waiting for a job listens to the queue's closing.
      queue.setMaxListeners(0);
      events.setMaxListeners(0);
      target = { limit, queue, events, strikes: 0, pausedUntil: 0 };
      if (limit.windowMs !== undefined)
        target.places = new SharedPlaces(this.registry, this.paceKey(limit), {
          // As the in-process pacer: its places, starts at the limit's pace.
          places: windowPlaces({ ...limit, windowMs: limit.windowMs }),
          spacingMs: 1_000 / limit.perSecond,
          windowMs: limit.windowMs,
        });
      this.targets.set(limit.key, target);
      target.worker = this.worker(target);
      await this.registry.hset(
        `${this.prefix}:targets`,
        limit.key,
        limit.windowMs === undefined ? String(limit.perSecond) : `${limit.perSecond}/${limit.windowMs}`,
      );
      await events.waitUntilReady();
    }
    return target;
  }

  private worker(target: Target): Worker<JobData, JobResult> | undefined {
    if (this.stopped) return undefined;
    const { limit } = target;
    const worker = new Worker<JobData, JobResult>(
      queueNameOf(limit.key),
      (job) => this.process(target, job),
      {
        connection: this.client(),
        prefix: this.prefix,
        concurrency: this.options.concurrency ?? 16,
        lockDuration: this.options.lockDurationMs ?? 15_000,
        stalledInterval: Math.floor((this.options.lockDurationMs ?? 15_000) / 2),
        // A job whose worker died runs again (its claim then decides); it is never failed for that.
        maxStalledCount: 100,
        drainDelay: 1,
      },
    );
    worker.on("error", (err) => this.options.logger.warn({ err, target: limit.key }, "queue worker error"));
    return worker;
  }

  private async process(target: Target, job: Job<JobData, JobResult>): Promise<JobResult> {
    let outcome: DeliveryOutcome;
    // A windowed target's place, taken just before the send: freed once the send is over.
    let place: string | undefined;
    const turn = async () => {
      if (!target.places) return this.turn(target);
      // A second try of the same job (the first was certainly not there): that send is over.
      if (place) await target.places.free(place);
      place = await target.places.take();
    };
    try {
      outcome = await this.deliverer.deliverQueued(job.data.delivery, turn);
    } catch (error) {
      if (error instanceof SharedRateLimited) {
        const now = Date.now();
        if (now < target.pausedUntil) {
          // Already paused for this overload: wait out the same pause, count nothing.
          await target.queue.rateLimit(target.pausedUntil - now);
          throw Worker.RateLimitError();
        }
        const pause =
          error.retryAfterMs ?? Math.min(MAX_PAUSE_MS, BACKOFF_MS * 2 ** Math.min(target.strikes++, 10));
        target.pausedUntil = now + pause;
        await Promise.all([
          target.queue.rateLimit(pause),
          target.places ? target.places.pause(pause) : this.slot(target, pause),
        ]);
        throw Worker.RateLimitError();
      }
      throw error;
    } finally {
      if (place) await target.places?.free(place).catch(() => {});
    }
    if (outcome === "sent") target.strikes = 0;
    // Certainly not sent (the record says `failed`, the claim is back): BullMQ tries again later.
    if (outcome === "failed" && job.attemptsMade + 1 < JOB_ATTEMPTS)
      throw new Error("send failed; trying again");
    return { outcome, by: job.data.by };
  }

  /** Waits for this send's turn at the target's shared pace (a slot reserved in Redis). */
  private async turn(target: Target): Promise<void> {
    const spacingMs = 1_000 / (target.limit.perSecond * (this.options.margin ?? PACE_MARGIN));
    for (let tries = 0; ; tries++) {
      const wait = await this.slot(target, 0);
      const due = Date.now() + wait;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      // Woken well after its slot (a busy event loop): sends that leave late together would
      // go out in a burst past the limit. It takes a new slot instead (a few times at most).
      if (Date.now() - due <= spacingMs || tries >= 3) return;
    }
  }

  /** Reserves the next start at the shared pace (after `pauseMs` from now, when paused); resolves with the wait. */
  private slot(target: Target, pauseMs: number): Promise<number> {
    const spacingMs = 1_000 / (target.limit.perSecond * (this.options.margin ?? PACE_MARGIN));
    return this.registry.eval(
      NEXT_SLOT,
      1,
      this.paceKey(target.limit),
      String(spacingMs),
      String(pauseMs),
    ) as Promise<number>;
  }

  /** Where a target's shared pace lives: one for every replica, and for every programme of the deployment (`paceScope`). */
  private paceKey(limit: PaceLimit): string {
    return `${PACE_PREFIX}:${this.options.paceScope ?? this.options.programmeId}:${limit.key}`;
  }

  /** Runs workers for the targets other replicas queued for (so any replica takes any job). */
  private async discover(): Promise<void> {
    if (this.stopped) return;
    try {
      const known = await this.registry.hgetall(`${this.prefix}:targets`);
      for (const [key, limit] of Object.entries(known)) {
        const platform = key.split(":", 1)[0] ?? "";
        if (this.targets.has(key) || !this.deliverer.bot.adapterFor(`${platform}:`)) continue;
        const [perSecond, windowMs] = limit.split("/").map(Number);
        await this.target({ key, perSecond: perSecond ?? 1, ...(windowMs ? { windowMs } : {}) });
      }
    } catch (err) {
      this.options.logger.warn({ err }, "could not look for other replicas' queues");
    }
  }
}

/**
 * The shared pace of one target, on Redis's clock (so replicas' clocks do not matter): each
 * send reserves the next start, one spacing after the last one reserved (GCRA). Reserving on
 * absolute time keeps the stream at the rate whatever the latency of each worker's fetch. A
 * pause (after a 429) moves the next start to its end. Returns how long the caller waits.
 */
/** Where the shared pace of a platform target lives in Redis (one for all replicas of a deployment). */
const PACE_PREFIX = "kampvuur:pace";

const NEXT_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local spacing = tonumber(ARGV[1])
local pause = tonumber(ARGV[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
if pause > 0 then
  local resume = now + pause - spacing
  if resume > last then redis.call('SET', KEYS[1], string.format('%.3f', resume), 'PX', 600000) end
  return math.ceil(pause)
end
local slot = math.max(now, last + spacing)
redis.call('SET', KEYS[1], string.format('%.3f', slot), 'PX', 600000)
return math.ceil(slot - now)
`;

/** BullMQ names and ids cannot hold ':' (nor be integers): a reversible escape with a prefix. */
const escape = (s: string) => s.replace(/[%:]/g, (c) => (c === "%" ? "%25" : "%3A"));
const queueNameOf = (key: string) => `send-${escape(key)}`;
const jobIdOf = (deliveryId: string) => `d-${escape(deliveryId)}`;
