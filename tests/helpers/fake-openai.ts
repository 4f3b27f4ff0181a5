import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    input?: string | string[];
  };
}

type Behaviour =
  | { kind: "ok" }
  /** Answer 429 with `Retry-After` to every chat request. */
  | { kind: "rate-limited" }
  /** Hold every chat request this long before answering. */
  | { kind: "slow"; ms: number };

/**
 * A loopback OpenAI-compatible server: `/v1/chat/completions` and `/v1/embeddings`, as the
 * real `openai` client calls them. Records every request. The chat reply is made by
 * `reply` from the request (default: cite the first passage it was given); embeddings are
 * hashed bags of words, so texts that share words are close.
 */
export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  behaviour: Behaviour = { kind: "ok" };
  reply: (request: RecordedRequest) => string = defaultReply;
  private readonly server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith("/chat/completions"));
  }

  embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith("/embeddings"));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const request: RecordedRequest = {
      path: new URL(req.url ?? "/", "http://x").pathname,
      headers: req.headers,
      body: JSON.parse(raw || "{}"),
    };
    this.requests.push(request);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (request.path.endsWith("/embeddings")) {
      const input = [request.body.input ?? []].flat();
      send(200, {
        object: "list",
        model: request.body.model,
        data: input.map((text, index) => ({ object: "embedding", index, embedding: bagOfWords(text) })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
      return;
    }
    if (!request.path.endsWith("/chat/completions")) {
      send(404, { error: { message: "not found", type: "invalid_request_error" } });
      return;
    }
    if (this.behaviour.kind === "rate-limited") {
      send(
        429,
        { error: { message: "Rate limit reached", type: "rate_limit_error" } },
        { "retry-after": "0" },
      );
      return;
    }
    if (this.behaviour.kind === "slow") {
      const ms = this.behaviour.ms;
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (res.destroyed) return;
    }
    send(200, {
      id: "chatcmpl-fake",
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: request.body.model,
      choices: [
        { index: 0, finish_reason: "stop", message: { role: "assistant", content: this.reply(request) } },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }
}

/** The passage ids in the user message the bot sent. */
export function passageIds(request: RecordedRequest): string[] {
  const user = request.body.messages?.find((m) => m.role === "user")?.content ?? "";
  return [...user.matchAll(/<passage id="([^"]+)"/g)].map((m) => m[1] as string);
}

function defaultReply(request: RecordedRequest): string {
  const [first] = passageIds(request);
  return first ? `Dat gaat over samen beginnen met wat bewoners zelf willen [${first}].` : "NOT_IN_CONTENT";
}

const DIMENSIONS = 256;

/** A deterministic vector: each word adds to a dimension picked by its hash. */
export function bagOfWords(text: string): number[] {
  const v = new Array<number>(DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/\p{L}{4,}/gu) ?? []) {
    const h = createHash("md5").update(word.slice(0, 6)).digest();
    const i = h.readUInt16BE(0) % DIMENSIONS;
    v[i] = (v[i] ?? 0) + 1;
  }
  return v;
}
