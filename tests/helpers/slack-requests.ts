import { createHmac } from "node:crypto";
import { createSlack, type Slack } from "../../src/adapters/slack/index.js";
import { silentLogger } from "../../src/core/log.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import type { FakeSlack } from "./fake-slack.js";
import { startTestApp, type TestApp } from "./harness.js";

export const SECRET = "kampvuur-signing-secret";
export const ANNA = "U0KV0ANNA";

/** The bot with Slack over real HTTP (Bolt's receiver behind our edge) against the fake Web API. */
export interface SlackBot {
  t: TestApp;
  slack: Slack;
  http: HttpServer;
  close(): Promise<void>;
}

export async function startSlackBot(
  apiUrl: string,
  options: { now?: Date; storeUrl?: string; findSettleMs?: number; sendTimeoutMs?: number } = {},
): Promise<SlackBot> {
  const t = await startTestApp({
    recording: false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.storeUrl ? { storeUrl: options.storeUrl } : {}),
  });
  const slack = createSlack(t.app.bot, {
    auth: { botToken: "xoxb-test" },
    signingSecret: SECRET,
    apiUrl,
    logger: silentLogger,
    findSettleMs: options.findSettleMs ?? 0,
    ...(options.sendTimeoutMs ? { sendTimeoutMs: options.sendTimeoutMs } : {}),
  });
  t.app.bot.addAdapter(slack.adapter);
  const http = await startHttpServer(0, slack.routes, silentLogger);
  return {
    t,
    slack,
    http,
    close: async () => {
      await http.close();
      await t.close();
    },
  };
}

/** Makes every participant findable in the fake (by e-mail when the programme has no Slack id). */
export function everyoneFindable(t: TestApp, fake: FakeSlack): string[] {
  const ids: string[] = [];
  for (const p of t.programme.participants) {
    if (p.identities.slack) ids.push(p.identities.slack);
    else if (p.identities.email) {
      const id = `U0${p.id.toUpperCase().replace(/-/g, "")}`;
      fake.users.set(id, p.identities.email);
      ids.push(id);
    }
  }
  return ids;
}

export interface SignOptions {
  secret?: string;
  /** The exact `x-slack-request-timestamp` header (default: now, signed with it). */
  timestamp?: string;
  /** Seconds added to now for the timestamp (negative: in the past). */
  offsetSeconds?: number;
  headers?: Record<string, string>;
}

/** POSTs a body to /slack/events, signed like Slack unless told otherwise. */
export function post(
  port: number,
  body: string,
  contentType: string | undefined,
  sign: SignOptions = {},
): Promise<Response> {
  const timestamp = sign.timestamp ?? String(Math.floor(Date.now() / 1000) + (sign.offsetSeconds ?? 0));
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      ...(contentType ? { "content-type": contentType } : {}),
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signatureOf(body, sign.secret ?? SECRET, timestamp),
      ...sign.headers,
    },
    body,
  });
}

/** Slack's signature over `v0:<timestamp>:<body>`, with the timestamp exactly as sent. */
function signatureOf(body: string, secret: string, timestamp: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

let counter = 0;
/** An Events API body around one event. */
export function eventBody(event: Record<string, unknown>, eventId = `EvReliability${++counter}`): string {
  return JSON.stringify({
    type: "event_callback",
    team_id: "TKAMPVUUR",
    api_app_id: "AKAMPVUUR",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
}

/** An interaction as Slack posts it: `payload=<json>`, form-encoded. */
export function interactionBody(payload: unknown): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A direct message from someone to the bot. */
export function dmEvent(user: string, text: string): Record<string, unknown> {
  return {
    type: "message",
    channel: `D${user.slice(1)}`,
    channel_type: "im",
    user,
    text,
    ts: `${Date.now() / 1000}`,
  };
}

/** Waits until `read` gives (or resolves to) something truthy. */
export async function until<T>(
  read: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  ms = 5_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most arrivals (times in ms) within any one second: a rate limit held, or doubled. */
export function busiestSecond(times: readonly number[]): number {
  const ats = [...times].sort((x, y) => x - y);
  let busiest = 0;
  for (let i = 0, j = 0; i < ats.length; i++) {
    while ((ats[i] as number) - (ats[j] as number) >= 1_000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return busiest;
}
