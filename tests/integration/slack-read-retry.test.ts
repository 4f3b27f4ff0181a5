import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readClientOptions } from "../../src/adapters/slack/outbound.js";

/**
 * Slack answers "later" with 429 and (mostly) a Retry-After. Without the header the WebClient
 * would give up at once; the bot's read client (chat.update, views.publish, users.info, the
 * findSent look-ups) waits a second and tries again instead. A loopback server stands in for
 * the Web API: its first answer to each call is a bare 429.
 */
let port = 0;
const seen: { method: string; at: number }[] = [];
const server = createServer((req, res) => {
  const method = (req.url ?? "").split("/").pop() ?? "";
  const first = !seen.some((s) => s.method === method);
  seen.push({ method, at: Date.now() });
  req.resume();
  req.on("end", () => {
    if (first)
      res.writeHead(429, { "content-type": "application/json" }).end('{"ok":false,"error":"ratelimited"}');
    else
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true,"ts":"1.2","channel":"D1"}');
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the Slack read client and a 429 without Retry-After", () => {
  it("waits and tries again instead of failing the update", async () => {
    const client = new WebClient("xoxb-test", readClientOptions(`http://127.0.0.1:${port}/api/`));
    const result = await client.chat.update({ channel: "D1", ts: "1.2", text: "bijgewerkt" });
    expect(result.ok).toBe(true);
    const calls = seen.filter((s) => s.method === "chat.update");
    expect(calls).toHaveLength(2);
    // It waited (about a second) before the second try: it did not hammer.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });
});
