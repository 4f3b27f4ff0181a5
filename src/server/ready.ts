import type { ServerResponse } from "node:http";
import type { Route } from "./http.js";

/** What `/readyz` looks at: the app's store and content base (the server layer knows no more of the app). */
export interface ReadyParts {
  store: { keyv: { get(key: string): Promise<unknown> } };
  knowledge: { content: { docs: readonly unknown[] } };
}

/** How long `/readyz` waits for the store before it says the store is not reachable. */
const STORE_TIMEOUT_MS = 2_000;

/** What `/readyz` checks: each `true` when ready. */
export interface Readiness {
  store: boolean;
  content: boolean;
  scheduler: boolean;
}

/**
 * `/readyz`: 200 when the bot can do its work (the store answers, the content base is
 * loaded, the scheduler is running), else 503 with which part is not. `/healthz` only says
 * the process is up: a load balancer sends traffic on `/readyz`, a supervisor restarts on
 * `/healthz`.
 */
export function readyRoute(
  /** Every programme this process serves (`KAMPVUUR_PROGRAMMES`), each with its scheduler: all must be ready. */
  programmes: readonly { app: ReadyParts; scheduler: { readonly started: boolean } }[],
): Route {
  return async (_req, res: ServerResponse) => {
    const states = await Promise.all(programmes.map((p) => readiness(p.app, p.scheduler)));
    const state: Readiness = {
      store: states.every((s) => s.store),
      content: states.every((s) => s.content),
      scheduler: states.every((s) => s.scheduler),
    };
    const ok = state.store && state.content && state.scheduler;
    res
      .writeHead(ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" })
      .end(JSON.stringify({ status: ok ? "ready" : "not ready", ...state }));
  };
}

export async function readiness(
  app: ReadyParts,
  scheduler: { readonly started: boolean },
): Promise<Readiness> {
  const store = await Promise.race([
    app.store.keyv.get("readyz").then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STORE_TIMEOUT_MS).unref()),
  ]);
  return { store, content: app.knowledge.content.docs.length > 0, scheduler: scheduler.started };
}
