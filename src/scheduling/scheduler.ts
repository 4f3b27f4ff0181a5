import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { type ScheduledTask, schedule } from "node-cron";
import { HEARTBEAT_TTL_MS } from "../storage/claims.js";
import pMap from "p-map";
import type { App } from "../app.js";
import type { DeliveryOutcome } from "../core/deliveries.js";
import type { Person } from "../core/people.js";
import {
  deliveryIdsFor,
  occurrencesInView,
  type PlanSettings,
  type PlannedSend,
  type PlanSnapshot,
  planSends,
  reflectionOccurrences,
  type ScheduledOccurrence,
} from "../features/reflections/plan.js";

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
  graceMs?: number;
  /** How long the scheduler lock lasts if a process dies holding it. */
  lockTtlMs?: number;
}

/**
 * Runs the reflection plan: every tick it takes the scheduler lock in the store, reads
 * what it needs, asks the pure planner what is due, and sends it through the
 * exactly-once deliverer. node-cron only does the ticking (every minute).
 */
export class Scheduler {
  readonly occurrences: ScheduledOccurrence[];
  readonly settings: PlanSettings;
  private readonly owner = `scheduler-${randomUUID()}`;
  private readonly lockTtlMs: number;
  private task?: ScheduledTask;
  private running?: Promise<TickResult>;
  /** A pass asked for while one runs: it runs once, after it, at the latest moment asked for. */
  private queued?: { promise: Promise<TickResult>; now?: Date };
  private followUp?: NodeJS.Timeout;

  constructor(
    private readonly app: App,
    options: SchedulerOptions = {},
  ) {
    const { programme } = app.bot;
    this.occurrences = reflectionOccurrences(programme, app.reflections.bank);
    this.settings = {
      graceMs: options.graceMs ?? programme.reflection.graceHours * 3_600_000,
      reminderAfterMs: programme.reflection.reminderAfterHours * 3_600_000,
    };
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
      const { send, missed, snapshot } = await this.plan(now);
      if (missed.length > 0) {
        await store.deliveries.setMany(
          missed.map((m) => ({
            id: m.deliveryId,
            value: {
              id: m.deliveryId,
              kind: m.kind,
              occurrenceId: m.occurrence.id,
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
      const outcomes = await this.execute(send, snapshot);
      await this.reportUnreachable(send, outcomes);
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

  /** What is due at `now`, from the store as it is. */
  async plan(now: Date): Promise<{ send: PlannedSend[]; missed: PlannedSend[]; snapshot?: PlanSnapshot }> {
    const { store, directory } = this.app.bot;
    const occurrences = occurrencesInView(
      [...this.occurrences, ...(await this.manualOccurrences())].sort(
        (a, b) => a.at.getTime() - b.at.getTime(),
      ),
      now,
      this.settings,
    );
    if (occurrences.length === 0) return { send: [], missed: [] };
    const participants = directory.withRole("participant");
    const ids = participants.map((p) => p.id);
    const [stateList, books] = await Promise.all([store.people.getMany(ids), store.answers.getMany(ids)]);
    const states = new Map(ids.map((id, i) => [id, stateList[i]]));
    const deliveryIds = deliveryIdsFor({ occurrences, participants, states });
    const deliveryList = await store.deliveries.getMany(deliveryIds);
    const deliveries = new Map(deliveryIds.map((id, i) => [id, deliveryList[i]]));
    const answered = new Set<string>();
    for (const book of books)
      for (const a of book?.answers ?? []) answered.add(`${a.occurrenceId}:${book?.personId}`);
    const snapshot = { occurrences, participants, states, deliveries, answered };
    return { ...planSends(snapshot, now, this.settings), snapshot };
  }

  /**
   * Coordinators' "send now" occurrences, so the scheduler finishes what a send left undone
   * (a failure, a crash half-way) and reminds and brings back snoozed prompts like any other.
   */
  private async manualOccurrences(): Promise<ScheduledOccurrence[]> {
    const { store, programme } = this.app.bot;
    const index = (await store.occurrenceIndex.get("all"))?.occurrences ?? [];
    const manual = index.filter((o) => o.id.startsWith("manual:"));
    if (manual.length === 0) return [];
    const records = await store.occurrences.getMany(manual.map((o) => o.id));
    return records.flatMap((o) => {
      if (!o) return [];
      const at = DateTime.fromISO(o.createdAt, { zone: programme.timezone });
      const prompt = this.app.reflections.bank.get(o.promptId, programme.language);
      return [
        {
          id: o.id,
          date: at.toISODate() as string,
          hour: at.hour,
          minute: at.minute,
          at: at.toJSDate(),
          phase: prompt?.phase ?? "midway",
          promptId: o.promptId,
          fixed: true,
        } satisfies ScheduledOccurrence,
      ];
    });
  }

  private async execute(sends: PlannedSend[], snapshot?: PlanSnapshot): Promise<DeliveryOutcome[]> {
    const { store, directory, programme } = this.app.bot;
    const recorded = new Set<string>();
    for (const s of sends) {
      if (s.kind !== "reflection" || recorded.has(s.occurrence.id)) continue;
      recorded.add(s.occurrence.id);
      await store.recordOccurrence({
        id: s.occurrence.id,
        kind: "reflection",
        promptId: s.occurrence.promptId,
        createdAt: s.occurrence.at.toISOString(),
      });
    }
    return pMap(
      sends,
      (s) => {
        const person = directory.get(s.personId) as Person;
        // The store was read just now: no need to read the delivery and the language again.
        const hint = snapshot && {
          known: snapshot.deliveries.get(s.deliveryId),
          language: snapshot.states.get(s.personId)?.language ?? person.language ?? programme.language,
        };
        return this.app.reflections.sendPrompt(
          {
            id: s.occurrence.id,
            kind: "reflection",
            promptId: s.occurrence.promptId,
            createdAt: s.occurrence.at.toISOString(),
          },
          person,
          s.kind,
          s.extra,
          hint,
        );
      },
      { concurrency: SEND_CONCURRENCY },
    );
  }

  /** Coordinators hear, once per occurrence, who could not be reached for its prompt. */
  private async reportUnreachable(sends: PlannedSend[], outcomes: DeliveryOutcome[]): Promise<void> {
    const byOccurrence = new Map<string, Person[]>();
    sends.forEach((s, i) => {
      if (s.kind !== "reflection" || outcomes[i] !== "unreachable") return;
      const person = this.app.bot.directory.get(s.personId) as Person;
      byOccurrence.set(s.occurrence.id, [...(byOccurrence.get(s.occurrence.id) ?? []), person]);
    });
    for (const [occurrenceId, people] of byOccurrence)
      await this.app.reflections.reportUnreachable(occurrenceId, people);
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

  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = undefined;
    if (this.followUp) clearTimeout(this.followUp);
    this.followUp = undefined;
    await this.running?.catch(() => {});
    await this.queued?.promise.catch(() => {});
  }

  /** The next `count` sends of the programme's rhythm after `from` (programme time). */
  upcoming(from: Date, count: number): ScheduledOccurrence[] {
    return this.occurrences.filter((o) => o.at.getTime() > from.getTime()).slice(0, count);
  }
}
