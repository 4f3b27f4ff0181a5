import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "../core/log.js";
import { takeEarlyServer } from "./early.js";

/** A request handler for one path; the Slack and Teams adapters add theirs. */
export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServer {
  server: Server;
  /** The port actually listened on (useful with port 0 in tests). */
  port: number;
  close(): Promise<void>;
}

/**
 * The bot's one HTTP server: `/healthz` answers 200; other paths come from `routes`
 * (`/slack/events`, `/api/messages`). Unknown paths get 404, failures 500 without details.
 */
export async function startHttpServer(
  port: number,
  routes: Record<string, Route>,
  logger: Logger,
): Promise<HttpServer> {
  const table: Record<string, Route> = {
    "/healthz": (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
    },
    ...routes,
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    // A route whose path ends in "/" also takes the paths directly under it (`/charts/<token>.png`).
    const route = table[path] ?? table[path.slice(0, path.lastIndexOf("/") + 1)];
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    try {
      await route(req, res);
    } catch (error) {
      logger.error({ err: error, path }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal error" }));
    }
  };
  // The port `kampvuur start` opened first, if it did (`listenEarly`); else a new server.
  const opened = takeEarlyServer(port, (req, res) => void handle(req, res));
  const server = opened ?? createServer((req, res) => void handle(req, res));
  if (!opened)
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, () => resolve());
    });
  const address = server.address();
  return {
    server,
    port: typeof address === "object" && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
