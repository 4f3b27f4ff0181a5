import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * The bot's HTTP port, opened before anything else is loaded (`kampvuur start` in server
 * mode): `/healthz` answers within a fraction of a second of `npm start`, while the SDKs,
 * the store and the content base still load. Until the app takes the server over
 * (`takeEarlyServer`), `/readyz` says "starting" and every other path answers 503 with
 * `Retry-After: 1`, which Slack and the Bot Connector retry, so nothing sent meanwhile is lost.
 *
 * Only `node:http` here: this module must load in milliseconds.
 */
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Early {
  server: Server;
  port: number;
  handle?: Handler;
}

let early: Early | undefined;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

/** Listens on `port` with the starting-up answers; resolves undefined when the port cannot be opened (the app then reports it). */
export async function listenEarly(port: number): Promise<Server | undefined> {
  const state: Early = { server: createServer(), port };
  state.server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (state.handle) return state.handle(req, res);
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/healthz") return json(res, 200, { status: "ok" });
    if (path === "/readyz") return json(res, 503, { status: "starting" });
    return json(res, 503, { error: "starting" }, { "retry-after": "1" });
  });
  const opened = await new Promise<boolean>((resolve) => {
    state.server.once("error", () => resolve(false));
    state.server.listen(port, () => resolve(true));
  });
  if (!opened) return undefined;
  early = state;
  return state.server;
}

/**
 * The early server for this port, handed over once: requests go to `handle` from now on.
 * Undefined when there is none (tests, the console, another port).
 */
export function takeEarlyServer(port: number, handle: Handler): Server | undefined {
  if (!early || early.port !== port) return undefined;
  const taken = early;
  early = undefined;
  taken.handle = handle;
  return taken.server;
}

/** Closes the early server if nobody took it (the start failed): the process can then exit. */
export async function closeEarlyServer(): Promise<void> {
  const left = early;
  early = undefined;
  if (left) await new Promise<void>((resolve) => left.server.close(() => resolve()));
}
