import { randomUUID } from "node:crypto";
import type { Language } from "../config/programme-schema.js";
import type { SentMessage } from "../core/adapter.js";
import type { Bot } from "../core/bot.js";
import type { Message } from "../core/messages.js";
import { type DeliveryKind, isFinal } from "../storage/records.js";
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
  /** Runs once the platform accepted the message. */
  afterSend?(sent: SentMessage, language: Language): Promise<void>;
}

export type DeliveryOutcome = "sent" | "already" | "busy" | "unreachable" | "failed" | "interrupted";

/**
 * Sends one message to one person at most once, across restarts and across processes
 * sharing a store. The order is: claim the delivery in the store (atomic), write
 * `sending`, call the platform, write `sent`. A call that throws is written as `failed`
 * and the claim released, so a later tick tries again. A process that dies in the
 * middle leaves `sending` behind; once its lease runs out, the delivery is marked
 * `interrupted` and not repeated: the message may have arrived, and nobody gets it twice.
 */
export class Deliverer {
  /** This process's name on claims (each attempt adds its own token). */
  readonly owner = `proc-${randomUUID()}`;

  constructor(
    private readonly bot: Bot,
    private readonly leaseMs = DEFAULT_SEND_LEASE_MS,
  ) {}

  async deliver(req: DeliveryRequest): Promise<DeliveryOutcome> {
    const { store, clock, logger } = this.bot;
    if (isFinal(await store.deliveries.get(req.id))) return "already";
    const claimKey = `delivery:${req.id}`;
    // One token per attempt: two sends of the same delivery in one process must exclude each other too.
    const token = `${this.owner}:${randomUUID()}`;
    if (!(await store.claims.claim(claimKey, token, this.leaseMs))) return "busy";

    const previous = await store.deliveries.get(req.id);
    if (isFinal(previous)) return "already";
    const base = { id: req.id, kind: req.kind, occurrenceId: req.occurrenceId, personId: req.person.id };
    const at = () => clock.now().toISOString();
    if (previous?.status === "sending") {
      logger.warn({ delivery: req.id }, "a send was interrupted; not sending again so nobody gets it twice");
      await store.deliveries.set(req.id, {
        ...base,
        status: "interrupted",
        at: at(),
        attempts: previous.attempts,
      });
      return "interrupted";
    }
    const attempts = (previous?.attempts ?? 0) + 1;

    const address = await this.bot.addressOf(req.person);
    const language = await this.bot.languageOf(req.person);
    const message = address ? req.build(language) : undefined;
    if (!address || !message) {
      await store.deliveries.set(req.id, { ...base, status: "unreachable", at: at(), attempts });
      return "unreachable";
    }
    await store.deliveries.set(req.id, { ...base, status: "sending", at: at(), attempts });
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
    });
    await req.afterSend?.(sent, language);
    return "sent";
  }
}
