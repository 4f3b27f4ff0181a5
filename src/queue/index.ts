import type { Deliverer } from "../core/deliveries.js";
import type { Logger } from "../core/log.js";
import { InProcessQueue } from "./in-process.js";
import type { DeliveryQueue } from "./queue.js";

export type { BullDeliveryQueue, BullQueueOptions } from "./bull.js";
export { InProcessQueue } from "./in-process.js";
export * from "./queue.js";

/** Which queue a store calls for: `bull` (BullMQ) on Redis, `in-process` otherwise. */
export type QueueKind = "bull" | "in-process";

export function queueKindFor(storeUrl: string): QueueKind {
  return /^rediss?:\/\//.test(storeUrl) ? "bull" : "in-process";
}

/**
 * The deliverer's queue for a store: with a Redis store, fan-outs are BullMQ jobs shared by
 * every replica (one rate limit for all of them); otherwise sends run in this process.
 */
export async function deliveryQueueFor(
  deliverer: Deliverer,
  options: { storeUrl: string; programmeId: string; paceScope?: string; logger: Logger; kind?: QueueKind },
): Promise<DeliveryQueue> {
  const kind = options.kind ?? queueKindFor(options.storeUrl);
  if (kind === "in-process") return new InProcessQueue(deliverer);
  // BullMQ and ioredis load only for a Redis store: SQLite deployments start without them.
  const { BullDeliveryQueue } = await import("./bull.js");
  return new BullDeliveryQueue(deliverer, {
    url: options.storeUrl,
    programmeId: options.programmeId,
    ...(options.paceScope ? { paceScope: options.paceScope } : {}),
    logger: options.logger,
  });
}
