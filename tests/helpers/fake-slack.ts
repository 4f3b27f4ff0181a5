import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** The bot token the call was made with (`Authorization: Bearer …`). */
  token?: string;
  at: number;
}

/**
 * A loopback fake of the Slack Web API (`POST /api/<method>`), as the real WebClient calls
 * it. Records every call with its arguments (JSON fields such as `blocks` decoded).
 * `users` maps Slack ids to e-mail addresses for `users.info` / `users.lookupByEmail`;
 * `rateLimit(n)` answers the next n `chat.postMessage` calls with 429 and `Retry-After: 1`.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  users = new Map<string, string>();
  /** What `apps.connections.open` hands out: the Socket Mode WebSocket address. */
  socketUrl = "";
  private limited = 0;
  private ts = 1_700_000_000;
  private readonly server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  rateLimit(times: number): void {
    this.limited = times;
  }

  of(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  reset(): void {
    this.calls.length = 0;
    this.limited = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const method = new URL(req.url ?? "/", "http://x").pathname.replace(/^\/api\//, "");
    const args: Record<string, unknown> = {};
    if ((req.headers["content-type"] ?? "").includes("application/json"))
      Object.assign(args, JSON.parse(raw || "{}"));
    else
      for (const [k, v] of new URLSearchParams(raw)) {
        try {
          args[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
        } catch {
          args[k] = v;
        }
      }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (method === "chat.postMessage" && this.limited > 0) {
      this.limited--;
      this.calls.push({ method: `${method} (429)`, args, at: Date.now() });
      send(429, { ok: false, error: "ratelimited" }, { "retry-after": "1" });
      return;
    }
    const token =
      /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? (args.token as string | undefined);
    this.calls.push({ method, args, ...(token ? { token } : {}), at: Date.now() });
    switch (method) {
      case "oauth.v2.access":
        // The install of workspace T2: what Slack answers when the OAuth code is exchanged.
        send(200, {
          ok: true,
          app_id: "AKAMPVUUR",
          authed_user: { id: "U0KV0ANNA" },
          scope: "chat:write,commands",
          token_type: "bot",
          access_token: "xoxb-workspace-two",
          bot_user_id: "UKAMPVUUR2",
          team: { id: "T2", name: "Gemeente Twee" },
          enterprise: null,
          is_enterprise_install: false,
        });
        return;
      case "apps.connections.open":
        send(200, { ok: true, url: this.socketUrl });
        return;
      case "auth.test":
        send(200, {
          ok: true,
          user_id: "UKAMPVUUR",
          bot_id: "BKAMPVUUR",
          team_id: "TKAMPVUUR",
          user: "kampvuur",
        });
        return;
      case "chat.postMessage": {
        const channel = String(args.channel);
        // Posting to a user id lands in the DM with the bot.
        send(200, {
          ok: true,
          channel: channel.startsWith("U") ? `D${channel.slice(1)}` : channel,
          ts: `${++this.ts}.000100`,
        });
        return;
      }
      case "users.info": {
        const user = String(args.user);
        const email = this.users.get(user);
        send(200, { ok: true, user: { id: user, profile: email ? { email } : {} } });
        return;
      }
      case "users.lookupByEmail": {
        const hit = [...this.users].find(([, email]) => email === args.email);
        send(200, hit ? { ok: true, user: { id: hit[0] } } : { ok: false, error: "users_not_found" });
        return;
      }
      default:
        send(200, { ok: true });
    }
  }
}

/** Signs a request body the way Slack does (`v0:<timestamp>:<body>`, HMAC-SHA256). */
export function slackSignature(body: string, secret: string, timestamp: number): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}
