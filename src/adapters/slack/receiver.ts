/** The Slack receiver: `/slack/events` behind the edge in inbound.ts and the OAuth install routes, or Socket Mode. */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type App,
  HTTPReceiver,
  type ReceiverProcessEventErrorHandlerArgs,
  SocketModeReceiver,
} from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import type { Logger } from "../../core/log.js";
import type { Route } from "../../server/http.js";
import { boltLogger } from "./bolt-logger.js";
import { classifyBody, DEDUPE_TTL_MS, type EdgeOptions, slackEdge } from "./inbound.js";
import type { KeyvInstallationStore } from "./installations.js";

/** One workspace with a bot token, or any number through Slack's OAuth install flow. */
export type SlackAuth =
  /** `appToken` (xapp-…): Socket Mode, no public URL needed. */
  | { botToken: string; appToken?: string }
  | { clientId: string; clientSecret: string; stateSecret: string; installations: KeyvInstallationStore };

/** The bot scopes kampvuur asks for: the same list as `deploy/slack-app-manifest.json`. */
export const SLACK_SCOPES = [
  "app_mentions:read",
  "chat:write",
  "commands",
  /** `files.getUploadURLExternal` and `files.completeUploadExternal`: exports and the chart as files. */
  "files:write",
  "im:history",
  /** `conversations.open`: after a restart, to find the DM where an uncertain send may have landed. */
  "im:write",
  "users:read",
  "users:read.email",
];

export interface ReceiverOptions {
  auth: SlackAuth;
  /** Checks HTTP requests; not used in Socket Mode. */
  signingSecret: string;
  /** The Web API base address, ending in `/`. */
  apiUrl?: string;
  /** The OAuth installer's client options (the same as Bolt's own client). */
  clientOptions: WebClientOptions;
  logger: Logger;
}

export type SlackReceiver = HTTPReceiver | SocketModeReceiver;

/**
 * Socket Mode with an app token; else Bolt's `HTTPReceiver`, which acknowledges within
 * Slack's 3 seconds (with OAuth it also serves the install flow).
 */
export function createReceiver(options: ReceiverOptions): SlackReceiver {
  const { auth, apiUrl, clientOptions, logger } = options;
  const oauth = "clientId" in auth ? auth : undefined;
  const appToken = "appToken" in auth ? auth.appToken : undefined;
  return appToken
    ? new SocketModeReceiver({
        appToken,
        logger: boltLogger(logger),
        installerOptions: { clientOptions },
      })
    : new HTTPReceiver({
        signingSecret: options.signingSecret,
        endpoints: "/slack/events",
        logger: boltLogger(logger),
        // Slack retries a request it saw no answer to within 3 s; the listener's work continues after the ack.
        processBeforeResponse: false,
        // A listener that fails after the checks at the edge is our fault, not Slack's: logged, never a 500.
        processEventErrorHandler: async ({ error, response }: ReceiverProcessEventErrorHandlerArgs) => {
          logger.error({ err: error }, "slack request failed");
          if (!response.headersSent) response.writeHead(200).end();
          return true;
        },
        ...(oauth
          ? {
              clientId: oauth.clientId,
              clientSecret: oauth.clientSecret,
              stateSecret: oauth.stateSecret,
              scopes: SLACK_SCOPES,
              installationStore: oauth.installations,
              installerOptions: {
                directInstall: true,
                installPath: "/slack/install",
                redirectUriPath: "/slack/oauth_redirect",
                clientOptions,
                ...(apiUrl
                  ? { authorizationUrl: `${apiUrl.replace(/\/api\/$/, "")}/oauth/v2/authorize` }
                  : {}),
              },
            }
          : {}),
      });
}

export interface Mounted {
  /** Handlers for the bot's HTTP server: `/slack/events`, and with OAuth `/slack/install` and `/slack/oauth_redirect`. */
  routes: Record<string, Route>;
  /** Connects Socket Mode (nothing to do over HTTP); `stop` disconnects. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Over HTTP: the routes, every request to `/slack/events` through the edge in `inbound.ts`
 * first. In Socket Mode there is no HTTP edge: Slack's redeliveries are dropped by a
 * middleware with the same keys and marks.
 */
export function mountReceiver(
  app: App,
  receiver: SlackReceiver,
  options: { oauth: boolean; signingSecret: string; marks: EdgeOptions["marks"]; logger: Logger },
): Mounted {
  const { marks, logger } = options;
  if (receiver instanceof SocketModeReceiver) {
    // No HTTP edge in Socket Mode: Slack's redeliveries (`retry_attempt`) are dropped here.
    app.use(async (args) => {
      const { body, next } = args as unknown as { body: unknown; next: () => Promise<void> };
      const key = dedupeKeyOf(body);
      if (key && !(await marks.mark(`slack:${key}`, DEDUPE_TTL_MS).catch(() => true))) {
        const ack = (args as { ack?: () => Promise<void> }).ack;
        await ack?.().catch(() => {});
        return;
      }
      await next();
    });
    return {
      routes: {},
      start: async () => void (await app.start()),
      stop: async () => void (await app.stop()),
    };
  }
  /** Bolt's handler; a path or method it does not serve is a 404, not a thrown error (a 500). */
  const bolt = (req: IncomingMessage, res: ServerResponse) => {
    try {
      receiver.requestListener(req, res);
    } catch (error) {
      logger.debug({ err: error }, "a request Bolt does not serve");
      if (!res.headersSent) res.writeHead(404).end();
    }
  };
  const events = slackEdge(bolt, { signingSecret: options.signingSecret, marks, logger });
  return {
    routes: options.oauth
      ? { "/slack/events": events, "/slack/install": bolt, "/slack/oauth_redirect": bolt }
      : { "/slack/events": events },
    start: async () => {},
    stop: async () => {},
  };
}

/** The key a Socket Mode delivery is handled once by (the same keys as over HTTP). */
function dedupeKeyOf(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as { type?: unknown; command?: unknown };
  const origin = b.type === "event_callback" ? "json" : typeof b.command === "string" ? "form" : "payload";
  const verdict = classifyBody(body, origin);
  return verdict.kind === "bolt" ? verdict.dedupe : undefined;
}
