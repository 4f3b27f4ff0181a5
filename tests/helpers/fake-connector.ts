import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { adaptiveCardSchema } from "./card-schema.js";
import { teamsActivityIssues } from "./payload-rules.js";

export interface ConnectorCall {
  /** `POST`, `PUT`, `GET`; a refused send is `POST (429)`, `POST (503)` and so on. */
  method: string;
  path: string;
  /** The HTTP status answered. */
  status: number;
  /** A new message or reply the connector kept (also when it then answered an error). */
  delivered: boolean;
  /** The conversation id in the path, decoded. */
  conversation?: string;
  /** The activity id in the path (what a reply answers, or what an update replaces). */
  activityId?: string;
  body: Record<string, unknown>;
  authorization?: string;
}

/** How the connector answers sends it does not simply take. */
export interface Failure {
  /** The HTTP status, such as 429, 503 or 403. */
  status: number;
  /** Seconds for a `Retry-After` header; without it, none is sent (Microsoft documents backoff, not a header). */
  retryAfter?: number;
  /** The message is kept (delivered) and then the error is answered, like a 503 after the service took it. */
  accepted?: boolean;
  /** Only sends to this conversation. */
  conversation?: string;
  /** How many sends it applies to; without it, until `clearFailures()`. */
  times?: number;
  /** Instead of answering: `reset` closes the connection, `hang` never answers. */
  mode?: "reset" | "hang";
}

export interface RateLimit {
  /** Requests per second per tenant (Teams: 50 per app per tenant). */
  perSecond: number;
  /** Seconds for a `Retry-After` header on the 429; without it, none is sent. */
  retryAfter?: number;
}

/**
 * A loopback fake of the Bot Connector service that botbuilder's connector client calls:
 * send, reply, update and members. Records every call. `members` maps Teams user ids to
 * e-mail addresses. Limits, only when asked for:
 * - `throttle(n)` answers the next n sends with 429 (`Retry-After: 1` unless told otherwise);
 * - `rateLimit({ perSecond })` answers 429 past N requests in any second, per tenant (Teams
 *   documents 50 per second per app per tenant), with or without `Retry-After`;
 * - `fail({ status, accepted, conversation, times, mode })` answers other errors, such as a
 *   503 after keeping the message, or resets the connection or never answers.
 * `delivered(conversation)` counts the messages it kept per conversation.
 * A send, reply or update whose activity breaks Teams' rules (see `payload-rules.ts`) is
 * refused as Teams does: 413 `RequestEntityTooLarge` past 28 KB, else 400 `BadArgument`,
 * the problems in the message; every problem seen is kept in `problems`.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Every activity problem seen, as "<method> <path>: <problem>", so a test can assert there were none. */
  readonly problems: string[] = [];
  /** Every problem since the start, across resets: `stop()` fails the test file when there are any. */
  private readonly refusedPayloads: string[] = [];
  private refusalsExpected = false;

  /** For tests that send broken payloads on purpose: `stop()` then does not fail over them. */
  expectRefusals(): void {
    this.refusalsExpected = true;
  }

  private refuse(...problems: string[]): void {
    this.problems.push(...problems);
    this.refusedPayloads.push(...problems);
  }
  members = new Map<string, string>();
  private throttled = 0;
  private throttleRetryAfter: number | undefined = 1;
  private limit: RateLimit | undefined;
  /** Request times within the last second, per tenant. */
  private readonly window = new Map<string, number[]>();
  private failures: Failure[] = [];
  private counter = 0;
  private readonly server = createServer((req, res) => void this.handle(req, res));

  /** Listens on 127.0.0.1 (or `host`, such as 0.0.0.0) and returns the serviceUrl. */
  async start(host = "127.0.0.1"): Promise<string> {
    // The card schema is compiled before the first send, not while it is in flight: the real
    // service does not spend the bot's CPU on it (benches measure from the first send on).
    adaptiveCardSchema();
    await new Promise<void>((resolve) => this.server.listen(0, host, resolve));
    return `http://127.0.0.1:${this.port}/`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    // What the bot sent that the platform would refuse fails the file that sent it.
    if (this.refusedPayloads.length > 0 && !this.refusalsExpected)
      throw new Error(`The bot sent payloads the platform refuses:\n${this.refusedPayloads.join("\n")}`);
  }

  /** The next `times` sends get 429; `retryAfter` seconds in the header (default 1; undefined: no header). */
  throttle(times: number, options: { retryAfter?: number } = { retryAfter: 1 }): void {
    this.throttled = times;
    this.throttleRetryAfter = options.retryAfter;
  }

  /** At most `perSecond` requests in any second per tenant; past it, 429. Undefined: no limit. */
  rateLimit(limit: RateLimit | undefined): void {
    this.limit = limit;
    this.window.clear();
  }

  fail(failure: Failure): void {
    this.failures.push({ ...failure });
  }

  clearFailures(): void {
    this.failures = [];
  }

  reset(): void {
    this.calls.length = 0;
    this.problems.length = 0;
    this.throttled = 0;
    this.throttleRetryAfter = 1;
    this.limit = undefined;
    this.window.clear();
    this.failures = [];
  }

  /** Activities the bot sent (new messages and replies) that the connector kept, in order. */
  sent(): ConnectorCall[] {
    return this.calls.filter((c) => c.delivered);
  }

  /** How many messages the connector kept in a conversation, or per conversation. */
  delivered(conversation: string): number;
  delivered(): Map<string, number>;
  delivered(conversation?: string): number | Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of this.sent())
      counts.set(c.conversation ?? "", (counts.get(c.conversation ?? "") ?? 0) + 1);
    return conversation === undefined ? counts : (counts.get(conversation) ?? 0);
  }

  /** Sends it refused with this status (429: throttled or over the rate limit). */
  refused(status = 429): ConnectorCall[] {
    return this.calls.filter((c) => c.status === status && c.method.startsWith("POST"));
  }

  updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === "PUT");
  }

  private overLimit(tenant: string): boolean {
    if (!this.limit) return false;
    const now = Date.now();
    const recent = (this.window.get(tenant) ?? []).filter((t) => now - t < 1_000);
    const over = recent.length >= this.limit.perSecond;
    if (!over) recent.push(now);
    this.window.set(tenant, recent);
    return over;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const match = /^\/v3\/conversations\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?/.exec(path);
    let body: Record<string, unknown>;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = { raw };
    }
    const method = req.method ?? "GET";
    const call: ConnectorCall = {
      method,
      path,
      status: 200,
      delivered: false,
      ...(match?.[1] ? { conversation: decodeURIComponent(match[1]) } : {}),
      ...(match?.[2] === "activities" && match[3] ? { activityId: decodeURIComponent(match[3]) } : {}),
      body,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      this.calls.push(call);
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    const retryAfter = (seconds: number | undefined): Record<string, string> =>
      seconds === undefined ? {} : { "retry-after": String(seconds) };
    const tooMany = (seconds: number | undefined) => {
      call.method = `${method} (429)`;
      answer(429, { error: { code: "Throttled", message: "Too many requests" } }, retryAfter(seconds));
    };
    const conversationBody = body.conversation as { tenantId?: string } | undefined;
    if (this.overLimit(conversationBody?.tenantId ?? "")) return tooMany(this.limit?.retryAfter);

    const isSend = method === "POST" && match?.[2] === "activities";
    if (isSend && this.throttled > 0) {
      this.throttled--;
      return tooMany(this.throttleRetryAfter);
    }
    const failure = isSend
      ? this.failures.find((f) => f.conversation === undefined || f.conversation === call.conversation)
      : undefined;
    if (failure) {
      if (failure.times !== undefined && --failure.times <= 0)
        this.failures = this.failures.filter((f) => f !== failure);
      if (failure.status === 429) return tooMany(failure.retryAfter);
      call.method = `${method} (${failure.mode ?? failure.status})`;
      call.delivered = Boolean(failure.accepted);
      if (failure.accepted) ++this.counter;
      if (failure.mode) {
        call.status = 0;
        this.calls.push(call);
        if (failure.mode === "reset") req.socket.destroy();
        return;
      }
      return answer(
        failure.status,
        { error: { code: "ServiceError", message: "failed" } },
        retryAfter(failure.retryAfter),
      );
    }
    if (match?.[2] === "members" && match[3]) {
      const id = decodeURIComponent(match[3]);
      const email = this.members.get(id);
      if (!email)
        return answer(404, { error: { code: "MemberNotFoundInConversation", message: "not found" } });
      return answer(200, { id, name: email, email, userPrincipalName: email });
    }
    if (match?.[2] === "activities" && (method === "POST" || method === "PUT")) {
      const { problems, tooLarge } = teamsActivityIssues(body);
      if (problems.length > 0) {
        this.refuse(...problems.map((p) => `${method} ${path}: ${p}`));
        call.method = `${method} (${tooLarge ? 413 : 400})`;
        return tooLarge
          ? answer(413, { error: { code: "RequestEntityTooLarge", message: problems.join("; ") } })
          : answer(400, { error: { code: "BadArgument", message: problems.join("; ") } });
      }
    }
    if (isSend) {
      call.delivered = true;
      return answer(200, { id: `reply-${++this.counter}` });
    }
    if (match?.[2] === "activities") return answer(200, { id: `reply-${++this.counter}` });
    answer(200, {});
  }
}
