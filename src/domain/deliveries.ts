import { randomUUID } from "node:crypto";
import type { Language } from "../config/programme-schema.js";
import type { SentMessage } from "../core/adapter.js";
import type { Bot } from "../core/bot.js";
import type { Message } from "../core/messages.js";
import { type Delivery, type DeliveryKind, isFinal } from "../storage/records.js";
import type { Person } from "./people.js";

/** How long one process may hold a delivery while sending it. */
export const DEFAULT_SEND_LEASE_MS = 10 * 60_000;

export interface DeliveryRequest {
  /** Deterministic: the same message to the same person always has the same id. */
  id: string;
  kind: DeliveryKind;
  occurrenceId: string;
  person: Person;
  /** The message in the person's language; undefined when nothing fits them. */
  build(language: Language): Message | undefined;
  /** Kept with the `sent` record (for a prompt: which one, as sent). Called after `build`. */
  record?(): Pick<Delivery, "prompt">;
}

/** What a caller that has just read the store (the scheduler) already knows. */
export interface DeliveryHint {
  /** The delivery record as read (undefined: none). */
  known: Delivery | undefined;
  language?: Language;
}

export type DeliveryOutcome = "sent" | "already" | "busy" | "unreachable" | "failed" | "interrupted";

/**
 * Sends one message to one person at most once, across restarts and across processes
 * sharing a store. It claims the delivery in the store (atomic, with a lease), calls the
 * platform, and writes `sent`. A call that throws is written as `failed` and the claim
 * given back, so a later tick tries again. A claim that ran out without being given back
 * and without a `sent` record means a process died while sending: the delivery is marked
 * `interrupted` and not repeated, because the message may have arrived, and nobody gets
 * it twice. Two store operations per message in the common case: the claim and the record.
 */
export class Deliverer {
  /** This process's name on claims (each attempt adds its own token). */
  readonly owner = `proc-${randomUUID()}`;

  constructor(
    private readonly bot: Bot,
    private readonly leaseMs = DEFAULT_SEND_LEASE_MS,
  ) {}

  async deliver(req: DeliveryRequest, hint?: DeliveryHint): Promise<DeliveryOutcome> {
    const { store, clock, logger } = this.bot;
    const known = hint ? hint.known : await store.deliveries.get(req.id);
    if (isFinal(known)) return "already";
    const claimKey = `delivery:${req.id}`;
    // One token per attempt: two sends of the same delivery in one process exclude each other too.
    const token = `${this.owner}:${randomUUID()}`;
    const acquired = await store.claims.acquire(claimKey, token, this.leaseMs);
    if (acquired === "busy") return "busy";

    const base = { id: req.id, kind: req.kind, occurrenceId: req.occurrenceId, personId: req.person.id };
    const at = () => clock.now().toISOString();
    if (acquired === "takeover") {
      const current = await store.deliveries.get(req.id);
      if (isFinal(current)) return "already";
      logger.warn({ delivery: req.id }, "a send was interrupted; not sending again so nobody gets it twice");
      await store.deliveries.set(req.id, {
        ...base,
        status: "interrupted",
        at: at(),
        attempts: current?.attempts ?? 1,
      });
      return "interrupted";
    }
    const attempts = (known?.attempts ?? 0) + 1;

    const address = await this.bot.addressOf(req.person);
    const language = hint?.language ?? (await this.bot.languageOf(req.person));
    const message = address ? req.build(language) : undefined;
    if (!address || !message) {
      await store.deliveries.set(req.id, { ...base, status: "unreachable", at: at(), attempts });
      return "unreachable";
    }
    let sent: SentMessage;
    try {
      sent = await address.adapter.send(address.conversation, message);
    } catch (error) {
      logger.warn({ delivery: req.id, attempts, err: error }, "send failed; will try again");
      await store.deliveries.set(req.id, {
        ...base,
        status: "failed",
        at: at(),
        attempts,
        error: (error as Error).message?.slice(0, 500),
      });
      await store.claims.release(claimKey, token);
      return "failed";
    }
    await store.deliveries.set(req.id, {
      ...base,
      status: "sent",
      at: at(),
      attempts,
      conversation: sent.conversation,
      messageId: sent.messageId,
      ...req.record?.(),
    });
    return "sent";
  }
}
