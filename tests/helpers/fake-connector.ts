import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ConnectorCall {
  method: string;
  path: string;
  /** The conversation id in the path, decoded. */
  conversation?: string;
  /** The activity id in the path (what a reply answers, or what an update replaces). */
  activityId?: string;
  body: Record<string, unknown>;
  authorization?: string;
}

/**
 * A loopback fake of the Bot Connector service that botbuilder's connector client calls:
 * send, reply, update and members. Records every call. `members` maps Teams user ids to
 * e-mail addresses; `throttle(n)` answers the next n sends with 429.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  members = new Map<string, string>();
  private throttled = 0;
  private counter = 0;
  private readonly server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  throttle(times: number): void {
    this.throttled = times;
  }

  reset(): void {
    this.calls.length = 0;
    this.throttled = 0;
  }

  /** Activities the bot sent (new messages and replies), in order. */
  sent(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === "POST" && c.path.includes("/activities"));
  }

  updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === "PUT");
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const match = /^\/v3\/conversations\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?/.exec(path);
    const call: ConnectorCall = {
      method: req.method ?? "GET",
      path,
      ...(match?.[1] ? { conversation: decodeURIComponent(match[1]) } : {}),
      ...(match?.[2] === "activities" && match[3] ? { activityId: decodeURIComponent(match[3]) } : {}),
      body: raw ? JSON.parse(raw) : {},
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (call.method === "POST" && match?.[2] === "activities" && this.throttled > 0) {
      this.throttled--;
      this.calls.push({ ...call, method: "POST (429)" });
      send(429, { error: { code: "Throttled", message: "Too many requests" } }, { "retry-after": "1" });
      return;
    }
    this.calls.push(call);
    if (match?.[2] === "members" && match[3]) {
      const id = decodeURIComponent(match[3]);
      const email = this.members.get(id);
      if (!email) return send(404, { error: { code: "MemberNotFoundInConversation", message: "not found" } });
      return send(200, { id, name: email, email, userPrincipalName: email });
    }
    if (match?.[2] === "activities") return send(200, { id: `reply-${++this.counter}` });
    send(200, {});
  }
}
