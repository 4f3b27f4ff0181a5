import type { DeliveryOutcome } from "./deliveries.js";

/** One message a job wants sent now: sent through the deliverer, so exactly once. */
export interface DueSend {
  /** Deterministic (`reflection:2026-11-24T09:00:anna-de-vries:reminder`): the delivery's id. */
  deliveryId: string;
  /** The feature's own kind (`reflection`, `reflection-reminder`, …). */
  kind: string;
  occurrenceId: string;
  personId: string;
  /** When it was due; past the job's grace window it is recorded `missed` instead. */
  dueAt: Date;
  send(): Promise<DeliveryOutcome>;
}

/** What a job says is due at one moment. */
export interface JobPlan {
  send: DueSend[];
  /** Due longer ago than the grace window (the bot was down): recorded `missed`, not sent. */
  missed: DueSend[];
}

/**
 * Something a feature sends on its own at moments it plans (a weekly prompt, a session
 * reminder, a digest). The scheduler asks every job, every pass, what is due: `plan` is a
 * function of the programme, the clock and the store; the scheduler keeps the lock, the
 * claims and the exactly-once deliverer, and records what was missed.
 */
export interface Job {
  readonly id: string;
  plan(now: Date): Promise<JobPlan>;
  /** After a pass sent the job's messages (outcomes in the same order): reports and the like. */
  after?(sent: DueSend[], outcomes: DeliveryOutcome[]): Promise<void>;
  /** The next moments it will send after `from` (the console's clock, `kampvuur schedule`). */
  upcoming?(from: Date, count: number): Date[];
}
