import type { Language } from "../config/programme-schema.js";
import { type ChatAdapter, SendError, type SentMessage } from "./adapter.js";
import type { Bot } from "./bot.js";
import type { Message } from "./messages.js";
import { type Delivery, type DeliveryKind, isFinal } from "../storage/records.js";
import { Pacer, type SendPriority } from "./pacing.js";
import type { Person } from "./people.js";
import {
  type DeliveryQueue,
  localLimits,
  type PreparedDelivery,
  type QueuedDelivery,
  SharedRateLimited,
} from "../queue/queue.js";

/** How long one process may hold a delivery while sending it. */
export const DEFAULT_SEND_LEASE_MS = 10 * 60_000;

export interface DeliveryRequest {
  /** Deterministic: the same message to the same person always has the same id. */
  id: string;
  kind: DeliveryKind;
  occurrenceId: string;
  person: Person;
  /**
   * Where to send it instead of the person's direct chat: a conversation address such as a
   * programme's channel (`slack:-:C0123ABC`). The delivery is still recorded under `person`
   * (who it is for or from), and is unreachable when no adapter owns the address.
   */
  conversation?: string;
  /** The message in the person's language; undefined when nothing fits them. */
  build(language: Language): Message | undefined;
  /** The feature's details, kept with the `sent` record (for a prompt: which one, as sent). Called after `build`. */
  details?(): Delivery["details"];
  /** `interactive` when one person waits for it (a mentor's reply): it goes before fan-outs. Default `bulk`. */
  priority?: SendPriority;
}

/** What a caller that has just read the store (the scheduler) already knows. */
export interface DeliveryHint {
  /** The delivery record as read (undefined: none). */
  known: Delivery | undefined;
  language?: Language;
}

export type DeliveryOutcome = "sent" | "already" | "busy" | "unreachable" | "failed" | "interrupted";

/** How many times one attempt waits out a "later" (429) before the delivery is left for a later tick. */
const RATE_LIMIT_WAITS = 8;
/** The longest wait for one "later". */
const MAX_WAIT_MS = 30_000;

/**
 * Sends one message to one person at most once, across restarts and across processes
 * sharing a store. It claims the delivery in the store (atomic, with a lease tied to this
 * process's heartbeat), calls the platform, and writes `sent`.
 *
 * Only the deliverer decides about sending again, because only it knows the delivery:
 * - the platform said "later" (429): it waits (`Retry-After`, or growing pauses with jitter)
 *   and tries again while holding the claim; that never counts as a failed attempt;
 * - the platform certainly did not take it: `failed`, the claim given back, a later tick
 *   tries again (up to `MAX_DELIVERY_ATTEMPTS`);
 * - it may have arrived (a 5xx or reset after the request left), or a process died while
 *   sending (its claim is taken over): the platform is asked whether the message is there
 *   (`findSent`, by the delivery id as idempotency key). Found: `sent`. Certainly not there:
 *   sent now. The platform cannot tell: `interrupted`, which counts as received (it can be
 *   answered, reminded and reported) but is never sent again, so nobody gets it twice.
 */
export class Deliverer {
  private attempts = 0;

  constructor(
    readonly bot: Bot,
    private readonly leaseMs = DEFAULT_SEND_LEASE_MS,
    /** Paces sends to the platforms' limits; shared by every fan-out of this deliverer. */
    readonly pacer = new Pacer(),
  ) {}

  /** This process's name on claims (each attempt adds its own token). */
  get owner(): string {
    return this.bot.store.claims.process;
  }

  private stopping = false;
  private readonly running = new Set<Promise<DeliveryOutcome>>();
  /** Where sends run: in this process (none set), or jobs on a shared queue (`useQueue`). */
  private queue?: DeliveryQueue;

  /**
   * Sends through a queue from now on (with a Redis store: BullMQ, shared by the replicas).
   * The queue's workers call `deliverQueued`; the exactly-once rules stay the deliverer's.
   */
  useQueue(queue: DeliveryQueue): void {
    this.queue = queue;
  }

  /**
   * Graceful shutdown (SIGTERM): no new send starts, a send still waiting for its turn at the
   * platform is handed back (its claim released, nothing recorded: the next pass on any
   * replica sends it), and the sends already on their way finish and are recorded. Resolves
   * when nothing is in flight any more.
   */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.stopping = true;
    await this.queue?.stop();
    // Not forever: a send stuck on an unreachable platform is left to its claim, which frees
    // when this process's heartbeat stops (the store closes next), and the next pass decides.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  async deliver(req: DeliveryRequest, hint?: DeliveryHint): Promise<DeliveryOutcome> {
    if (this.stopping) return "busy";
    return this.track(this.queue ? this.queue.deliver(req, hint) : this.attempt(req, hint));
  }

  /** Sends in this process, whatever the queue (a queue's fallback for what it cannot carry). */
  deliverHere(req: DeliveryRequest, hint?: DeliveryHint): Promise<DeliveryOutcome> {
    if (this.stopping) return Promise.resolve("busy");
    return this.track(this.attempt(req, hint));
  }

  /**
   * What a queue carries for one delivery: the address and the message built in the person's
   * language, and the limits its send counts against. `already` when it is settled; undefined
   * when there is nothing to queue (nobody to reach, no message for them): send it here, which
   * records it as unreachable.
   */
  async prepare(
    req: DeliveryRequest,
    hint?: DeliveryHint,
  ): Promise<PreparedDelivery | "already" | undefined> {
    const known = hint ? hint.known : await this.bot.store.deliveries.get(req.id);
    if (isFinal(known)) return "already";
    const owner = req.conversation ? this.bot.adapterFor(req.conversation) : undefined;
    const address = req.conversation
      ? owner && { adapter: owner, conversation: req.conversation }
      : await this.bot.addressOf(req.person);
    if (!address) return undefined;
    const language = hint?.language ?? (await this.bot.languageOf(req.person));
    const message = req.build(language);
    if (!message) return undefined;
    const { details } = detailsOf(req);
    return {
      job: {
        id: req.id,
        kind: req.kind,
        occurrenceId: req.occurrenceId,
        personId: req.person.id,
        conversation: address.conversation,
        message,
        ...(details ? { details } : {}),
        ...(req.priority ? { priority: req.priority } : {}),
      },
      limits: address.adapter.pacing?.(address.conversation) ?? [],
    };
  }

  /**
   * A queue's worker sends one queued delivery, with the same claim and the same rules as
   * `deliver`. The shared limit is the queue's: the narrower ones are paced here, and a
   * "later" (429) gives the claim back and throws `SharedRateLimited` for the queue to pause.
   */
  deliverQueued(job: QueuedDelivery, gate: () => Promise<void>): Promise<DeliveryOutcome> {
    if (this.stopping) return Promise.resolve("busy");
    const person = this.bot.directory.get(job.personId);
    if (!person) return Promise.resolve("unreachable");
    const req: DeliveryRequest = {
      id: job.id,
      kind: job.kind,
      occurrenceId: job.occurrenceId,
      person,
      conversation: job.conversation,
      build: () => job.message,
      ...(job.details ? { details: () => job.details } : {}),
      ...(job.priority ? { priority: job.priority } : {}),
    };
    return this.track(this.attempt(req, undefined, gate));
  }

  private track(run: Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    this.running.add(run);
    const done = () => {
      this.running.delete(run);
    };
    run.then(done, done);
    return run;
  }

  /** `queued`: run by a queue's worker, `gate` waiting for the shared limit's turn right before the send. */
  private async attempt(
    req: DeliveryRequest,
    hint?: DeliveryHint,
    queued?: () => Promise<void>,
  ): Promise<DeliveryOutcome> {
    const { store, logger } = this.bot;
    const known = hint ? hint.known : await store.deliveries.get(req.id);
    if (isFinal(known)) return "already";
    const claimKey = `delivery:${req.id}`;
    // One token per attempt: two sends of the same delivery in one process exclude each other too.
    const token = `${this.owner}:${++this.attempts}`;
    const acquired = await store.claims.acquire(claimKey, token, this.leaseMs);
    if (acquired === "busy") return "busy";

    let attempts = (known?.attempts ?? 0) + 1;
    if (acquired === "takeover") {
      const current = await store.deliveries.get(req.id);
      if (isFinal(current)) return "already";
      attempts = (current?.attempts ?? known?.attempts ?? 0) + 1;
    }

    const owner = req.conversation ? this.bot.adapterFor(req.conversation) : undefined;
    const address = req.conversation
      ? owner && { adapter: owner, conversation: req.conversation }
      : await this.bot.addressOf(req.person);
    const language = hint?.language ?? (await this.bot.languageOf(req.person));
    const message = address ? req.build(language) : undefined;
    if (!address || !message) {
      await store.deliveries.write(req.id, {
        ...baseOf(req),
        status: "unreachable",
        at: this.at(),
        attempts,
      });
      return "unreachable";
    }
    const { adapter, conversation } = address;

    if (acquired === "takeover") {
      // The process that held this delivery died (or hung) while sending it.
      const found = await this.look(adapter, conversation, req);
      if (found) {
        await this.recordSent(req, attempts, found);
        return "sent";
      }
      if (found === undefined)
        return this.interrupted(req, attempts, conversation, "the process sending it stopped");
    }

    const published = adapter.pacing?.(conversation) ?? [];
    // Queued: the queue paces the shared (broadest) limit across replicas; the rest is paced here.
    const limits = queued ? localLimits(published) : published;
    let waits = 0;
    for (;;) {
      try {
        const sent = await this.pacer.run(
          limits,
          async () => {
            if (queued) await queued();
            // Stopping while this send waited for its turn: hand it back, unsent.
            if (this.stopping) throw new HandedBack();
            return adapter.send(conversation, message, { idempotencyKey: req.id });
          },
          req.priority,
        );
        this.pacer.succeeded(limits);
        await this.recordSent(req, attempts, sent);
        return "sent";
      } catch (error) {
        if (error instanceof HandedBack || (this.stopping && !(error instanceof SendError))) {
          await store.claims.release(claimKey, token);
          return "busy";
        }
        const sendError = error instanceof SendError ? error : undefined;
        if (sendError?.certainty === "uncertain") {
          const found = await this.look(adapter, conversation, req);
          if (found) {
            await this.recordSent(req, attempts, found);
            return "sent";
          }
          if (found === undefined) return this.interrupted(req, attempts, conversation, sendError.message);
          // Certainly not there: sending again cannot make a duplicate.
          if (waits++ < RATE_LIMIT_WAITS) continue;
        } else if (sendError?.rateLimited && this.stopping) {
          // Certainly not sent, and the process is stopping: the next pass sends it.
          await store.claims.release(claimKey, token);
          return "busy";
        } else if (sendError?.rateLimited && queued) {
          // Certainly not sent: the queue pauses the target on every replica and runs it again.
          await store.claims.release(claimKey, token);
          throw new SharedRateLimited(sendError.retryAfterMs);
        } else if (sendError?.rateLimited && waits < RATE_LIMIT_WAITS) {
          waits++;
          // Paced: the whole target pauses, and this send waits its turn in it after the pause.
          if (limits.length > 0) this.pacer.pause(limits, sendError.retryAfterMs);
          else await sleep(waitFor(sendError, waits - 1));
          continue;
        }
        const counted = sendError?.rateLimited ? attempts - 1 : attempts;
        logger.warn({ delivery: req.id, attempts: counted, err: error }, "send failed; will try again");
        await store.deliveries.write(req.id, {
          ...baseOf(req),
          status: "failed",
          at: this.at(),
          attempts: counted,
          error: (error as Error).message?.slice(0, 500),
        });
        await store.claims.release(claimKey, token);
        return "failed";
      }
    }
  }

  /** Now, as a record's `at`. */
  private at(): string {
    return isoTime(this.bot.clock.now());
  }

  /**
   * The `sent` record: the same fields in the same order as ever (`messageId` present, perhaps
   * undefined), built in one go rather than from spreads, since every send writes one.
   */
  private recordSent(req: DeliveryRequest, attempts: number, sent: SentMessage): Promise<void> {
    const record: Delivery = {
      id: req.id,
      kind: req.kind,
      occurrenceId: req.occurrenceId,
      personId: req.person.id,
      status: "sent",
      at: this.at(),
      attempts,
      conversation: sent.conversation,
      messageId: sent.messageId,
    };
    const details = req.details?.();
    if (details && Object.keys(details).length > 0) record.details = details;
    return this.bot.store.deliveries.write(req.id, record);
  }

  /** What is kept when nobody can tell whether the message arrived: enough to answer it. */
  private async interrupted(
    req: DeliveryRequest,
    attempts: number,
    conversation: string,
    why: string,
  ): Promise<"interrupted"> {
    this.bot.logger.warn(
      { delivery: req.id, why },
      "a send may or may not have arrived; not sending again so nobody gets it twice",
    );
    await this.bot.store.deliveries.write(req.id, {
      ...baseOf(req),
      status: "interrupted",
      at: this.at(),
      attempts,
      conversation,
      ...detailsOf(req),
    });
    return "interrupted";
  }

  /** Asks the platform whether the message is there: a SentMessage, null (certainly not), or undefined (cannot tell). */
  private async look(
    adapter: ChatAdapter,
    conversation: string,
    req: DeliveryRequest,
  ): Promise<SentMessage | null | undefined> {
    if (!adapter.findSent) return undefined;
    try {
      return await adapter.findSent(conversation, req.id);
    } catch (error) {
      this.bot.logger.warn({ delivery: req.id, err: error }, "could not check whether a message arrived");
      return undefined;
    }
  }
}

/** How long a graceful stop waits for the sends on their way (orchestrators allow 30 s by default). */
const STOP_GRACE_MS = 10_000;

/** A send not started because the deliverer is stopping (`Deliverer.stop`). */
class HandedBack extends Error {
  constructor() {
    super("the process is stopping; the send is left for the next pass");
  }
}

/** How long to wait after the n-th "later": the platform's Retry-After, else 1, 2, 4 … s (with jitter). */
function waitFor(error: SendError, n: number): number {
  const base = error.retryAfterMs ?? 1_000 * 2 ** n;
  return Math.min(MAX_WAIT_MS, base) * (1 + Math.random() * 0.25);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The fields every record of a delivery starts with. */
function baseOf(req: DeliveryRequest) {
  return { id: req.id, kind: req.kind, occurrenceId: req.occurrenceId, personId: req.person.id };
}

/** A request's details as fields of its record (none when the feature keeps nothing). */
function detailsOf(req: DeliveryRequest): Pick<Delivery, "details"> {
  const details = req.details?.();
  return details && Object.keys(details).length > 0 ? { details } : {};
}

/** The last moment written as an ISO string, and that string: the records of one fan-out share a few moments. */
let lastIsoMs = Number.NaN;
let lastIso = "";

/** `date.toISOString()`, made once per millisecond (a pure function of the time). */
export function isoTime(date: Date): string {
  const ms = date.getTime();
  if (ms !== lastIsoMs) {
    lastIso = date.toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}
