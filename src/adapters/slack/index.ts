/** The Slack side of the bot, composed: the receiver, the Bolt app, the listeners and the ChatAdapter. */
import { App } from "@slack/bolt";
import type { Inbound } from "../../core/inbound.js";
import type { Logger } from "../../core/log.js";
import type { Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import type { Route } from "../../server/http.js";
import { boltLogger } from "./bolt-logger.js";
import { registerListeners } from "./listeners.js";
import { createAdapter, readClientOptions, type SlackAdapter } from "./outbound.js";
import { createReceiver, mountReceiver, type SlackAuth } from "./receiver.js";

export { DELIVERY_EVENT_TYPE, SlackAdapter, slackAddress } from "./outbound.js";
export { SLACK_SCOPES, type SlackAuth } from "./receiver.js";

export interface SlackOptions {
  /** What a person sees on the App Home tab; no home tab without it. */
  home?: (person: Person, userId: string) => Promise<Message>;
  auth: SlackAuth;
  /** Checks HTTP requests; not used in Socket Mode. */
  signingSecret: string;
  /** The Web API base address (`SLACK_API_URL`): a test's fake, or Slack's government cloud. */
  apiUrl?: string;
  logger: Logger;
  /** How long one send may take before it counts as uncertain (default 30 s). */
  sendTimeoutMs?: number;
  /** How long `findSent` lets a message Slack may just have taken settle before it looks (default 1 s). */
  findSettleMs?: number;
  /** `chat.postMessage` per workspace per minute that sends are paced to (default 600). */
  messagesPerMinute?: number;
}

export interface Slack {
  adapter: SlackAdapter;
  /** Connects Socket Mode (nothing to do over HTTP); `stop` disconnects. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Handlers for the bot's HTTP server: `/slack/events`, and with OAuth `/slack/install` and `/slack/oauth_redirect`. */
  routes: Record<string, Route>;
  app: App;
}

/**
 * The Slack side of the bot: a Bolt app on the bot's own HTTP server (`receiver.ts`; every
 * request to `/slack/events` passes the edge in `inbound.ts` first), listeners that turn
 * Slack events into core events (`listeners.ts`), and a `ChatAdapter` for messages the bot
 * starts itself (`outbound.ts`, with its two Web API clients).
 */
export function createSlack(bot: Inbound, options: SlackOptions): Slack {
  const { auth, logger } = options;
  const apiUrl = options.apiUrl ? `${options.apiUrl.replace(/\/$/, "")}/` : undefined;
  const clientOptions = readClientOptions(apiUrl);
  const oauth = "clientId" in auth ? auth : undefined;
  const botToken = oauth ? undefined : (auth as { botToken: string }).botToken;
  const receiver = createReceiver({
    auth,
    signingSecret: options.signingSecret,
    apiUrl,
    clientOptions,
    logger,
  });
  const app = new App({
    receiver,
    ...(oauth ? {} : { token: botToken }),
    // No auth.test at start: a Slack outage then would crash the process. Our own listeners
    // ignore bot messages and strip any leading mention instead.
    tokenVerificationEnabled: false,
    logger: boltLogger(logger),
    clientOptions,
  });
  const adapter = createAdapter(app.client, {
    botToken,
    installations: oauth?.installations,
    apiUrl,
    logger,
    sendTimeoutMs: options.sendTimeoutMs,
    findSettleMs: options.findSettleMs,
    messagesPerMinute: options.messagesPerMinute,
  });
  registerListeners(app, bot, adapter, { home: options.home, oauth: oauth !== undefined, logger });
  const mounted = mountReceiver(app, receiver, {
    oauth: oauth !== undefined,
    signingSecret: options.signingSecret,
    marks: bot.store.claims,
    logger,
  });
  return { adapter, app, ...mounted };
}
