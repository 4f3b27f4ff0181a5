import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "../core/log.js";

/** The request an error belongs to, if any: set for everything a request starts (timers, promises). */
interface RequestScope {
  method: string;
  path: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ProcessGuard {
  /** Takes the handlers off again (and the server's listeners back to what they were). */
  uninstall(): void;
}

export interface GuardOptions {
  /** How the process ends after an exception outside any request (default `process.exit`). */
  exit?: (code: number) => void;
}

/**
 * The server's last line of defence. One failed request must not end the process for
 * everyone else: an error thrown or rejected in work a request started (in its handler,
 * its timers, its promises, after its answer) is logged and the server keeps serving.
 *
 * - `unhandledRejection`: logged; the process keeps serving (request-scoped or not: a
 *   rejected promise leaves no half-done synchronous state behind);
 * - `uncaughtException` inside a request's work: logged; the process keeps serving;
 * - `uncaughtException` outside any request (start-up, the scheduler's own state): logged,
 *   then the process exits with code 1, because its state is unknown; a supervisor starts
 *   it again and the deliveries' claims make sure nobody gets a message twice.
 *
 * The server's request listeners run inside an `AsyncLocalStorage` scope, which Node keeps
 * for everything a request starts, so the handlers can tell the two apart.
 */
export function installProcessGuard(
  logger: Logger,
  server?: Server,
  options: GuardOptions = {},
): ProcessGuard {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const original = server ? (server.listeners("request") as RequestListener[]) : [];
  if (server) {
    server.removeAllListeners("request");
    for (const listener of original)
      server.on("request", (req: IncomingMessage, res: ServerResponse) =>
        scope.run({ method: req.method ?? "", path: pathOf(req.url) }, () => listener.call(server, req, res)),
      );
  }
  const onRejection = (reason: unknown) => {
    const request = scope.getStore();
    logger.error(
      { err: reason, ...(request ? { request } : {}) },
      request
        ? "a request's work failed without being handled; still serving"
        : "a promise failed without being handled; still serving",
    );
  };
  const onException = (error: unknown) => {
    const request = scope.getStore();
    if (request) {
      logger.error({ err: error, request }, "a request's work threw outside its handler; still serving");
      return;
    }
    logger.error({ err: error }, "an exception outside any request; stopping (state unknown)");
    exit(1);
  };
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return {
    uninstall() {
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
      if (server) {
        server.removeAllListeners("request");
        for (const listener of original) server.on("request", listener);
      }
    },
  };
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname.slice(0, 200);
  } catch {
    return "(unreadable)";
  }
}
