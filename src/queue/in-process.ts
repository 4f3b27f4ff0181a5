import type { Deliverer, DeliveryHint, DeliveryOutcome, DeliveryRequest } from "../core/deliveries.js";
import type { DeliveryQueue } from "./queue.js";

/**
 * Today's behaviour, the embedded default (SQLite or memory, one process): every send runs in
 * this process, paced by the deliverer's own `Pacer`. Nothing to start or close.
 */
export class InProcessQueue implements DeliveryQueue {
  constructor(private readonly deliverer: Deliverer) {}

  deliver(req: DeliveryRequest, hint?: DeliveryHint): Promise<DeliveryOutcome> {
    return this.deliverer.deliverHere(req, hint);
  }

  async stop(): Promise<void> {}

  async close(): Promise<void> {}
}
