import { randomUUID } from "node:crypto";
import { type ScheduledTask, schedule } from "node-cron";
import pMap from "p-map";
import type { App } from "../app.js";
import type { DeliveryOutcome } from "../domain/deliveries.js";
import type { Person } from "../domain/people.js";
import {
  deliveryIdsFor,
  occurrencesInView,
  type PlanSettings,
  type PlannedSend,
  type PlanSnapshot,
  planSends,
  reflectionOccurrences,
  type ScheduledOccurrence,
} from "./plan.js";

const LOCK_KEY = "lock:scheduler";
const SEND_CONCURRENCY = 64;

export interface TickResult {
  /** Another process holds the scheduler lock; this one did nothing. */
  locked: boolean;
  sent: number;
  missed: number;
  failed: number;
  /** Deliveries another process was sending at the same moment. */
  busy: number;
}

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
    this.lockTtlMs = options.lockTtlMs ?? 5 * 60_000;
  }

  /** One pass. Safe to call at any time, from any number of processes. */
  async tick(now: Date = this.app.bot.clock.now()): Promise<TickResult> {
    // Within one process, ticks never overlap.
    if (this.running) await this.running.catch(() => {});
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
        logger.warn({ missed: missed.length }, "sends past the grace window were dropped");
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
      await store.claims.release(LOCK_KEY, this.owner);
    }
  }

  /** What is due at `now`, from the store as it is. */
  async plan(now: Date): Promise<{ send: PlannedSend[]; missed: PlannedSend[]; snapshot?: PlanSnapshot }> {
    const { store, directory } = this.app.bot;
    const occurrences = occurrencesInView(this.occurrences, now, this.settings);
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

  /** Ticks every minute until `stop`. */
  start(): void {
    this.task ??= schedule("* * * * *", async () => {
      try {
        await this.tick();
      } catch (error) {
        this.app.bot.logger.error({ err: error }, "scheduler tick failed; trying again next minute");
      }
    });
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = undefined;
    await this.running?.catch(() => {});
  }

  /** The next `count` sends of the programme's rhythm after `from` (programme time). */
  upcoming(from: Date, count: number): ScheduledOccurrence[] {
    return this.occurrences.filter((o) => o.at.getTime() > from.getTime()).slice(0, count);
  }
}
