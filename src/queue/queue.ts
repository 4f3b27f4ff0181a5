import type { DeliveryHint, DeliveryOutcome, DeliveryRequest } from "../core/deliveries.js";
import type { Message } from "../core/messages.js";
import type { PaceLimit, SendPriority } from "../core/pacing.js";
import type { Delivery, DeliveryKind } from "../storage/records.js";

/**
 * Where the deliverer's sends run. `InProcessQueue`: in this process, paced by its own
 * `Pacer` (the embedded default: SQLite or memory, one process). `BullDeliveryQueue`: jobs on
 * Redis (BullMQ) that any replica's workers take, paced by one limit shared by all replicas.
 */
export interface DeliveryQueue {
  /** Sends one delivery (at most once) and resolves with its outcome, as `Deliverer.deliver` does. */
  deliver(req: DeliveryRequest, hint?: DeliveryHint): Promise<DeliveryOutcome>;
  /** This process serves (`kampvuur start`): take jobs any replica queued, not only its own. */
  serve?(): void;
  /** Graceful shutdown: take no new job, let the active ones finish. */
  stop(): Promise<void>;
  /** Releases the queue's connections (after `stop`). */
  close(): Promise<void>;
}

/**
 * One delivery as a job: everything a worker on any replica needs to send it, built by the
 * replica that planned it (the message in the person's language, the address, the details).
 */
export interface QueuedDelivery {
  id: string;
  kind: DeliveryKind;
  occurrenceId: string;
  personId: string;
  conversation: string;
  message: Message;
  details?: Delivery["details"];
  priority?: SendPriority;
}

/** A delivery ready to be queued, with the limits its send counts against. */
export interface PreparedDelivery {
  job: QueuedDelivery;
  limits: PaceLimit[];
}

/**
 * The platform said "later" to a queued send (certainly not sent, its claim given back): the
 * queue pauses the whole target, on every replica, and runs the job again after the pause.
 */
export class SharedRateLimited extends Error {
  constructor(readonly retryAfterMs: number | undefined) {
    super("the platform asked to wait (429); the target pauses on every replica");
  }
}

/**
 * The limit a queue paces globally: the broadest target of a send (adapters list the most
 * specific first: a Slack channel, then its workspace). Narrower ones are paced in-process.
 */
export function sharedLimit(limits: readonly PaceLimit[]): PaceLimit | undefined {
  return limits.at(-1);
}

/** The limits paced in the worker's own process (all but the shared one). */
export function localLimits(limits: readonly PaceLimit[]): PaceLimit[] {
  return limits.slice(0, -1);
}
