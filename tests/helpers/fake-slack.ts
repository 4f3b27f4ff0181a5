import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SLACK_CHECKED_METHODS, slackPayloadIssues } from "./payload-rules.js";

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** The bot token the call was made with (`Authorization: Bearer …`). */
  token?: string;
  at: number;
}

/** A message as the fake keeps it in a conversation, the way `conversations.history` returns it. */
export interface StoredMessage {
  type: "message";
  ts: string;
  text: string;
  blocks?: unknown;
  thread_ts?: string;
  user: string;
  bot_id: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/**
 * What happens to a `chat.postMessage` after Slack has taken it (the message is in the
 * conversation): `503` answers HTTP 503, `reset` destroys the connection without an
 * answer, `hang` never answers (until `stop` or `reset`).
 */
export type AfterAccept = "503" | "reset" | "hang";

/** A file shared through `files.getUploadURLExternal`, the upload address and `files.completeUploadExternal`. */
export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  /** What was sent to the upload address. */
  bytes: Buffer;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

/** Slack's published limits, when a test asks for them (token buckets). */
export interface RateLimits {
  /** `chat.postMessage`: about one message per second per channel, with a small burst. */
  perChannel?: { perSecond: number; burst: number };
  /** All Web API calls of one workspace (token): default 600 a minute with a small burst. */
  workspace?: { perMinute: number; burst: number };
  /**
   * Whether a 429 past these limits carries `Retry-After` (seconds until there is room).
   * Default true, as Slack documents; false: a bare 429, so the client must back off on its own.
   */
  retryAfter?: boolean;
  /** Tier 3 methods (`users.lookupByEmail`): Slack publishes 50+ a minute per workspace. */
  tier3?: { perMinute: number; burst: number };
}

interface Bucket {
  tokens: number;
  at: number;
}

const BOT_USER = "UKAMPVUUR";
/** Slack's Tier 4 (100+ calls a minute): the file upload methods. */
/** Slack's Tier 3 (50+ calls a minute): finding people by e-mail. */
const TIER_3 = new Set(["users.lookupByEmail"]);
const TIER_4 = new Set(["files.getUploadURLExternal", "files.completeUploadExternal"]);
const BOT_ID = "BKAMPVUUR";

/**
 * A loopback fake of the Slack Web API (`POST /api/<method>`), as the real WebClient calls
 * it. Records every call with its arguments (JSON fields such as `blocks` decoded), and
 * keeps the messages it took per conversation, with their metadata.
 * - `users` maps Slack ids to e-mail addresses for `users.info` / `users.lookupByEmail`;
 * - `rateLimit(n)` answers the next n `chat.postMessage` calls with 429 and `Retry-After: 1`;
 * - `failAfterAccept(mode, …)` takes the next messages and then fails (503, reset, hang);
 * - `enforceRateLimits(…)` applies Slack's published limits, answering 429 with `Retry-After`
 *   (or, with `retryAfter: false`, without it);
 * - `latencyMs` delays every answer (the message is taken when the request arrives);
 * - `conversations.open` and `conversations.history` (with `include_all_metadata`) work on
 *   the conversations it keeps; a user id is not a conversation (`channel_not_found`);
 * - `scopes`, when set, makes methods without their scope answer `missing_scope`;
 * - files: `files.getUploadURLExternal` (`filename` and `length` required, `files:write`)
 *   hands out an upload address on this server that takes exactly `length` bytes once;
 *   `files.completeUploadExternal` (`files` required: ids that were uploaded; `thread_ts`
 *   only with `channel_id`; `files:write`) shares them, as a message in the channel when
 *   `channel_id` is given. Both are Tier 4 (100 a minute) under `enforceRateLimits`.
 * - payloads: `chat.postMessage`, `chat.update`, `chat.postEphemeral` and `views.*` that break
 *   Slack's published Block Kit limits (see `payload-rules.ts`) are refused as Slack does,
 *   `invalid_blocks` (or `msg_too_long` for `text`) with the problems in
 *   `response_metadata.messages`; every problem seen is kept in `problems`.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Every payload problem seen, as "<method>: <problem>", so a test can assert there were none. */
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
  users = new Map<string, string>();
  /** What `apps.connections.open` hands out: the Socket Mode WebSocket address. */
  socketUrl = "";
  /** Milliseconds before each answer (the call is recorded, and a message kept, at once). */
  latencyMs = 0;
  /**
   * The bot token's scopes, when a test wants them checked (`conversations.open` needs
   * `im:write`, `conversations.history` in a DM `im:history`); undefined: everything allowed.
   */
  scopes?: Set<string>;
  /** Channels that do not exist: `chat.postMessage` there answers `channel_not_found`. */
  readonly missingChannels = new Set<string>();
  /** Conversation id → its messages, oldest first. */
  readonly conversations = new Map<string, StoredMessage[]>();
  private limited = 0;
  private flaky?: { mode: AfterAccept; remaining: number; every: number; seen: number };
  private limits: RateLimits = {};
  private readonly buckets = new Map<string, Bucket>();
  private readonly hung = new Set<ServerResponse>();
  private ts = 1_700_000_000;
  /** Files asked for with `files.getUploadURLExternal`, by id, until completed. */
  private readonly pendingFiles = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  /** Files shared with `files.completeUploadExternal`, oldest first. */
  readonly files: UploadedFile[] = [];
  private fileIds = 0;
  private base = "";
  private readonly server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return `${this.base}/api`;
  }

  async stop(): Promise<void> {
    this.releaseHung();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    // What the bot sent that the platform would refuse fails the file that sent it.
    if (this.refusedPayloads.length > 0 && !this.refusalsExpected)
      throw new Error(`The bot sent payloads the platform refuses:\n${this.refusedPayloads.join("\n")}`);
  }

  rateLimit(times: number): void {
    this.limited = times;
  }

  /**
   * The next `times` messages (of every `every`-th one, counting from now) are taken and
   * then the answer fails as `mode` says.
   */
  failAfterAccept(mode: AfterAccept, options: { times?: number; every?: number } = {}): void {
    this.flaky = { mode, remaining: options.times ?? 1, every: Math.max(1, options.every ?? 1), seen: 0 };
  }

  /** Slack's limits: per channel for `chat.postMessage`, and per workspace (default 600/min). */
  enforceRateLimits(limits: RateLimits = {}): void {
    this.limits = {
      perChannel: limits.perChannel ?? { perSecond: 1, burst: 3 },
      workspace: limits.workspace ?? { perMinute: 600, burst: 20 },
      retryAfter: limits.retryAfter ?? true,
      tier3: limits.tier3 ?? { perMinute: 50, burst: 50 },
    };
    this.buckets.clear();
  }

  of(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** The messages in a conversation (a user id means their DM with the bot), oldest first. */
  messagesIn(channel: string): StoredMessage[] {
    return this.conversations.get(conversationOf(channel)) ?? [];
  }

  reset(): void {
    this.calls.length = 0;
    this.problems.length = 0;
    this.limited = 0;
    this.flaky = undefined;
    this.limits = {};
    this.buckets.clear();
    this.conversations.clear();
    this.missingChannels.clear();
    this.scopes = undefined;
    this.latencyMs = 0;
    this.pendingFiles.clear();
    this.files.length = 0;
    this.releaseHung();
  }

  /** The files shared in a conversation (a user id means their DM with the bot), oldest first. */
  filesIn(channel: string): UploadedFile[] {
    return this.files.filter((f) => f.channel === conversationOf(channel));
  }

  private releaseHung(): void {
    for (const res of this.hung) res.socket?.destroy();
    this.hung.clear();
  }

  /** Takes one token from a bucket, or says how many ms until there is one. */
  private take(key: string, perMs: number, burst: number): number {
    const now = Date.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / perMs);
  }

  /** Milliseconds to wait when a limit is reached, else 0 (and the call counts). */
  private throttled(method: string, token: string | undefined, channel: string | undefined): number {
    const { workspace, perChannel } = this.limits;
    if (perChannel && method === "chat.postMessage" && channel) {
      const wait = this.take(`channel:${channel}`, perChannel.perSecond / 1000, perChannel.burst);
      if (wait > 0) return wait;
    }
    if (workspace) {
      const wait = this.take(`workspace:${token ?? "-"}`, workspace.perMinute / 60_000, workspace.burst);
      if (wait > 0) return wait;
    }
    const { tier3 } = this.limits;
    if (tier3 && TIER_3.has(method)) {
      const wait = this.take(`tier3:${method}:${token ?? "-"}`, tier3.perMinute / 60_000, tier3.burst);
      if (wait > 0) return wait;
    }
    // Tier 4 methods: 100+ a minute per workspace, with bursts.
    if ((workspace || perChannel) && TIER_4.has(method)) {
      const wait = this.take(`tier4:${method}:${token ?? "-"}`, 100 / 60_000, 20);
      if (wait > 0) return wait;
    }
    return 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk as Buffer));
    const body = Buffer.concat(chunks);
    const raw = body.toString();
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path.startsWith("/upload/")) {
      this.upload(path.slice("/upload/".length), req, body, res);
      return;
    }
    const method = path.replace(/^\/api\//, "");
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
      const answer = () => {
        if (res.writableEnded || res.destroyed) return;
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      if (this.latencyMs > 0) setTimeout(answer, this.latencyMs);
      else answer();
    };
    const token =
      /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? (args.token as string | undefined);
    if (method === "chat.postMessage" && this.limited > 0) {
      this.limited--;
      this.calls.push({ method: `${method} (429)`, args, at: Date.now() });
      send(429, { ok: false, error: "ratelimited" }, { "retry-after": "1" });
      return;
    }
    const channelArg = typeof args.channel === "string" ? conversationOf(args.channel) : undefined;
    const wait = this.throttled(method, token, channelArg);
    if (wait > 0) {
      this.calls.push({ method: `${method} (429)`, args, at: Date.now() });
      send(
        429,
        { ok: false, error: "ratelimited" },
        this.limits.retryAfter === false
          ? {}
          : { "retry-after": String(Math.max(1, Math.ceil(wait / 1000))) },
      );
      return;
    }
    this.calls.push({ method, args, ...(token ? { token } : {}), at: Date.now() });
    const needed = {
      "conversations.open": "im:write",
      "conversations.history": "im:history",
      "files.getUploadURLExternal": "files:write",
      "files.completeUploadExternal": "files:write",
    }[method];
    if (this.scopes && needed && !this.scopes.has(needed)) {
      send(200, { ok: false, error: "missing_scope", needed, provided: [...this.scopes].join(",") });
      return;
    }
    if ((SLACK_CHECKED_METHODS as readonly string[]).includes(method)) {
      const issues = slackPayloadIssues(method, args);
      if (issues.length > 0) {
        this.refuse(...issues.map((i) => `${method}: ${i.problem}`));
        // Slack names one error; the block problems come first, as it checks them first.
        const error = issues.find((i) => i.error === "invalid_blocks")?.error ?? (issues[0]?.error as string);
        send(200, { ok: false, error, response_metadata: { messages: issues.map((i) => i.problem) } });
        return;
      }
    }
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
        send(200, { ok: true, user_id: BOT_USER, bot_id: BOT_ID, team_id: "TKAMPVUUR", user: "kampvuur" });
        return;
      case "chat.postMessage": {
        // Posting to a user id lands in the DM with the bot.
        const channel = conversationOf(String(args.channel));
        if (this.missingChannels.has(channel)) {
          send(200, { ok: false, error: "channel_not_found" });
          return;
        }
        const metadata = args.metadata as StoredMessage["metadata"] | undefined;
        const message: StoredMessage = {
          type: "message",
          ts: `${++this.ts}.000100`,
          text: String(args.text ?? ""),
          ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
          ...(typeof args.thread_ts === "string" ? { thread_ts: args.thread_ts } : {}),
          user: BOT_USER,
          bot_id: BOT_ID,
          ...(metadata && typeof metadata === "object" ? { metadata } : {}),
        };
        this.conversation(channel).push(message);
        const flaky = this.flaky;
        if (flaky && flaky.remaining > 0 && ++flaky.seen % flaky.every === 0) {
          flaky.remaining--;
          if (flaky.mode === "503") send(503, { ok: false, error: "service_unavailable" });
          else if (flaky.mode === "reset") req.socket.destroy();
          else this.hung.add(res);
          return;
        }
        send(200, { ok: true, channel, ts: message.ts, message });
        return;
      }
      case "chat.update": {
        const found = this.conversations.get(String(args.channel))?.find((m) => m.ts === args.ts);
        if (!found) {
          send(200, { ok: false, error: "message_not_found" });
          return;
        }
        found.text = String(args.text ?? found.text);
        if (args.blocks !== undefined) found.blocks = args.blocks;
        send(200, { ok: true, channel: args.channel, ts: args.ts });
        return;
      }
      case "conversations.open": {
        const users = String(args.users ?? "")
          .split(",")
          .filter(Boolean);
        if (users.length !== 1 || !/^[UW]/.test(users[0] as string)) {
          send(200, { ok: false, error: "user_not_found" });
          return;
        }
        const id = conversationOf(users[0] as string);
        this.conversation(id);
        send(200, { ok: true, channel: { id } });
        return;
      }
      case "conversations.history": {
        const messages = this.conversations.get(String(args.channel));
        if (!messages) {
          send(200, { ok: false, error: "channel_not_found" });
          return;
        }
        const limit = Math.min(999, Math.max(1, Number(args.limit ?? 100) || 100));
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === "true";
        const newestFirst = [...messages].reverse();
        send(200, {
          ok: true,
          messages: newestFirst
            .slice(0, limit)
            .map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m)),
          has_more: newestFirst.length > limit,
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
      case "files.getUploadURLExternal": {
        const length = Number(args.length);
        if (
          typeof args.filename !== "string" ||
          args.filename === "" ||
          !Number.isInteger(length) ||
          length < 1
        ) {
          send(200, { ok: false, error: "invalid_arguments" });
          return;
        }
        const id = `F0KV${String(++this.fileIds).padStart(6, "0")}`;
        this.pendingFiles.set(id, { filename: args.filename, length });
        send(200, { ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id });
        return;
      }
      case "files.completeUploadExternal": {
        const files = args.files;
        const channel = typeof args.channel_id === "string" ? conversationOf(args.channel_id) : undefined;
        const list = Array.isArray(files) ? (files as { id?: unknown; title?: unknown }[]) : undefined;
        if (!list || list.length === 0 || (args.thread_ts !== undefined && !channel)) {
          send(200, { ok: false, error: "invalid_arguments" });
          return;
        }
        if (list.some((f) => typeof f.id !== "string" || !this.pendingFiles.get(f.id)?.bytes)) {
          send(200, { ok: false, error: "file_not_found" });
          return;
        }
        if (channel && this.missingChannels.has(channel)) {
          send(200, { ok: false, error: "channel_not_found" });
          return;
        }
        const shared = list.map((f) => {
          const id = f.id as string;
          const pending = this.pendingFiles.get(id) as { filename: string; bytes: Buffer };
          this.pendingFiles.delete(id);
          const file: UploadedFile = {
            id,
            filename: pending.filename,
            title: typeof f.title === "string" ? f.title : pending.filename,
            bytes: pending.bytes,
            ...(channel ? { channel } : {}),
            ...(typeof args.thread_ts === "string" ? { threadTs: args.thread_ts } : {}),
            ...(typeof args.initial_comment === "string" ? { initialComment: args.initial_comment } : {}),
          };
          this.files.push(file);
          return file;
        });
        if (channel)
          this.conversation(channel).push({
            type: "message",
            ts: `${++this.ts}.000100`,
            text: typeof args.initial_comment === "string" ? args.initial_comment : "",
            ...(typeof args.thread_ts === "string" ? { thread_ts: args.thread_ts } : {}),
            user: BOT_USER,
            bot_id: BOT_ID,
          });
        send(200, { ok: true, files: shared.map((f) => ({ id: f.id, title: f.title, name: f.filename })) });
        return;
      }
      default:
        send(200, { ok: true });
    }
  }

  /**
   * The upload address of one file: a POST of exactly the announced number of bytes, once,
   * as raw bytes or as the file part of multipart form data (what WebClient sends).
   */
  private upload(id: string, req: IncomingMessage, body: Buffer, res: ServerResponse) {
    const pending = this.pendingFiles.get(id);
    const bytes = fileBytes(req.headers["content-type"] ?? "", body);
    this.calls.push({ method: "upload", args: { id, bytes: bytes?.length ?? 0 }, at: Date.now() });
    const answer = (status: number, text: string) => {
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(text);
    };
    if (req.method !== "POST" || !pending || pending.bytes) return answer(404, "Not Found");
    if (!bytes || bytes.length !== pending.length)
      return answer(400, `length ${bytes?.length ?? 0} is not ${pending.length}`);
    pending.bytes = bytes;
    answer(200, `OK - ${bytes.length}`);
  }

  private conversation(id: string): StoredMessage[] {
    let messages = this.conversations.get(id);
    if (!messages) this.conversations.set(id, (messages = []));
    return messages;
  }
}

/** The conversation a channel argument means: a user id is their DM with the bot (`U…` → `D…`). */
export function conversationOf(channel: string): string {
  return channel.startsWith("U") ? `D${channel.slice(1)}` : channel;
}

/** The file in an upload: the body itself, or the part of multipart form data that carries a file name. */
function fileBytes(contentType: string, body: Buffer): Buffer | undefined {
  const boundary = /multipart\/form-data;\s*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return body;
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(at + delimiter.length + 2, next - 2); // past CRLF, before CRLF
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1 && /filename=/i.test(part.subarray(0, split).toString()))
      return part.subarray(split + 4);
    at = next;
  }
  return undefined;
}

/** Signs a request body the way Slack does (`v0:<timestamp>:<body>`, HMAC-SHA256). */
export function slackSignature(body: string, secret: string, timestamp: number): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}
