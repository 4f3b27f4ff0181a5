import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  App,
  HTTPReceiver,
  LogLevel,
  SocketModeReceiver,
  webApi,
  type Logger as BoltLogger,
  type ReceiverProcessEventErrorHandlerArgs,
} from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import {
  type ChatAdapter,
  type Responder,
  SendError,
  type SendOptions,
  type SentMessage,
} from "../../core/adapter.js";
import type { Bot } from "../../core/bot.js";
import type { InboundEvent } from "../../core/events.js";
import { messages } from "../../core/i18n/index.js";
import type { Logger } from "../../core/log.js";
import type { Form, Message } from "../../core/messages.js";
import type { Person } from "../../domain/people.js";
import type { Route } from "../../server/http.js";
import { classifyBody, DEDUPE_TTL_MS, slackEdge } from "./inbound.js";
import type { KeyvInstallationStore } from "./installations.js";
import { coreActionId, slackErrors, toBlockKit, toModal, valuesOf } from "./render.js";
import { toSendError } from "./send-errors.js";

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
  "im:history",
  /** `conversations.open`: after a restart, to find the DM where an uncertain send may have landed. */
  "im:write",
  "users:read",
  "users:read.email",
];

export interface SlackOptions {
  /** What a person sees on the App Home tab; no home tab without it. */
  home?: (person: Person) => Promise<Message>;
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

/** The workspace part of an address when there is only one workspace (a bot token). */
const SINGLE = "-";

/**
 * `slack:<team>:<channel>` (a DM channel, a user id to DM, or a channel), optionally
 * `:<thread ts>`; the team is `-` with a single bot token.
 */
export function slackAddress(team: string | undefined, channel: string, threadTs?: string): string {
  return `slack:${team || SINGLE}:${channel}${threadTs ? `:${threadTs}` : ""}`;
}

function parseAddress(conversation: string): { team: string; channel: string; threadTs?: string } {
  const [, team = SINGLE, channel = "", threadTs] = conversation.split(":");
  return { team, channel, ...(threadTs ? { threadTs } : {}) };
}

/**
 * The Slack side of the bot: a Bolt app on the bot's own HTTP server, listeners that turn
 * Slack events into core events, and a `ChatAdapter` for messages the bot starts itself.
 *
 * Every request to `/slack/events` passes the edge in `inbound.ts` first (timestamp both
 * ways, signature, a zod check of the body as Bolt will read it, Slack's retries dropped
 * by id in the store); Bolt's `HTTPReceiver` then acknowledges within Slack's 3 seconds.
 *
 * Two Web API clients: Bolt's own (`app.client`) for reads and idempotent calls, which may
 * retry; and one for `chat.postMessage` that makes exactly one attempt (`retries: 0`) and
 * gets a 429 back at once (`rejectRateLimitedCalls`) instead of resending it after the
 * wait: a message Slack may already have taken is never posted again by the client.
 */
export function createSlack(bot: Bot, options: SlackOptions): Slack {
  const { auth, logger } = options;
  const apiUrl = options.apiUrl ? `${options.apiUrl.replace(/\/$/, "")}/` : undefined;
  const clientOptions = {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    // Reads and idempotent calls (users.info, chat.update, views.publish, conversations.history).
    retryConfig: { retries: 5, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
    timeout: 30_000,
  };
  const oauth = "clientId" in auth ? auth : undefined;
  const appToken = "appToken" in auth ? auth.appToken : undefined;
  const receiver = appToken
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
  const app = new App({
    receiver,
    ...(oauth ? {} : { token: (auth as { botToken: string }).botToken }),
    // No auth.test at start: a Slack outage then would crash the process. Our own listeners
    // ignore bot messages and strip any leading mention instead.
    tokenVerificationEnabled: false,
    logger: boltLogger(logger),
    clientOptions,
  });
  const sender = new webApi.WebClient(oauth ? undefined : (auth as { botToken: string }).botToken, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.sendTimeoutMs ?? 30_000,
    logger: boltLogger(logger),
  });
  const tokens: Tokens = oauth
    ? { forTeam: (team) => oauth.installations.tokenFor(team), all: () => oauth.installations.tokens() }
    : { forTeam: async () => undefined, all: async () => [{ teamId: SINGLE, token: "" }] };
  const adapter = new SlackAdapter(app.client, tokens, sender, {
    findSettleMs: options.findSettleMs ?? 1_000,
  });
  registerListeners(app, bot, adapter, options);
  if (receiver instanceof SocketModeReceiver) {
    // No HTTP edge in Socket Mode: Slack's redeliveries (`retry_attempt`) are dropped here.
    app.use(async (args) => {
      const { body, next } = args as unknown as { body: unknown; next: () => Promise<void> };
      const key = dedupeKeyOf(body);
      if (key && !(await bot.store.claims.mark(`slack:${key}`, DEDUPE_TTL_MS).catch(() => true))) {
        const ack = (args as { ack?: () => Promise<void> }).ack;
        await ack?.().catch(() => {});
        return;
      }
      await next();
    });
    return {
      adapter,
      routes: {},
      app,
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
  const events = slackEdge(bolt, { signingSecret: options.signingSecret, marks: bot.store.claims, logger });
  return {
    adapter,
    routes: oauth
      ? { "/slack/events": events, "/slack/install": bolt, "/slack/oauth_redirect": bolt }
      : { "/slack/events": events },
    app,
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

/** Bot tokens per workspace; with a single bot token the client already carries it. */
interface Tokens {
  forTeam(teamId: string): Promise<string | undefined>;
  all(): Promise<{ teamId: string; token: string }[]>;
}

/** The metadata event type of a delivery's message: how `findSent` recognises it later. */
export const DELIVERY_EVENT_TYPE = "kampvuur_delivery";
/** The metadata event type of a reply, so a reply whose answer got lost can be looked for too. */
const REPLY_EVENT_TYPE = "kampvuur_reply";
/** How many of the latest messages of a DM `findSent` reads, and how many of the bot's it looks through. */
const HISTORY_LIMIT = 50;
const BOT_MESSAGES_LOOKED_AT = 20;
/** A reply in a live conversation waits out a 429 at most this often, at most 30 s each time. */
const REPLY_RATE_LIMIT_WAITS = 3;

/** What `chat.postMessage` answers, as far as we use it. */
const postedSchema = z.looseObject({ channel: z.string().optional(), ts: z.string().optional() });
const openedSchema = z.looseObject({ channel: z.looseObject({ id: z.string() }) });
const historySchema = z.looseObject({ messages: z.array(z.unknown()) });
const historyMessageSchema = z.looseObject({
  ts: z.string(),
  bot_id: z.string().nullish(),
  metadata: z
    .looseObject({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).nullish() })
    .nullish(),
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackAdapter implements ChatAdapter {
  readonly platform = "slack";
  /** Person id → their DM address (found once per process). */
  private readonly addresses = new Map<string, string | null>();
  private readonly userEmails = new Map<string, string | null>();
  /** `team:user` → the id of the DM channel with them (`D…`), learnt from sends and events. */
  private readonly dms = new Map<string, string>();

  /**
   * @param client Bolt's client (retries on): reads and idempotent calls.
   * @param sender One attempt per call, 429s given back at once: `chat.postMessage`.
   */
  constructor(
    readonly client: WebClient,
    private readonly tokens: Tokens,
    private readonly sender: WebClient = client,
    private readonly options: { findSettleMs?: number } = {},
  ) {}

  /** The token argument for a call in a workspace; none with a single bot token. */
  private async token(team: string): Promise<{ token?: string }> {
    if (team === SINGLE) return {};
    const token = await this.tokens.forTeam(team);
    return token ? { token } : {};
  }

  /**
   * A person's DM address: their Slack id from the programme file, else found by e-mail
   * (`users.lookupByEmail`), in the workspace that knows them. Posting to a user id
   * delivers in the DM with the bot, so no `conversations.open` is needed per person.
   */
  async directAddress(person: Person): Promise<string | undefined> {
    if (!this.addresses.has(person.id)) this.addresses.set(person.id, (await this.find(person)) ?? null);
    return this.addresses.get(person.id) ?? undefined;
  }

  private async find(person: Person): Promise<string | undefined> {
    const { slack, email } = person.identities;
    for (const { teamId, token } of await this.tokens.all()) {
      const auth = token ? { token } : {};
      if (slack) {
        // With one workspace the id from the programme is enough; with several, ask which one knows it.
        if (teamId === SINGLE) return slackAddress(SINGLE, slack);
        const known = await this.client.users.info({ user: slack, ...auth }).then(
          (r) => r.ok === true,
          () => false,
        );
        if (known) return slackAddress(teamId, slack);
      } else if (email) {
        const id = await this.client.users.lookupByEmail({ email, ...auth }).then(
          (r) => r.user?.id,
          () => undefined,
        );
        if (id) return slackAddress(teamId, id);
      }
    }
    return undefined;
  }

  /** The e-mail address of a Slack user (`users.info`), for people the programme lists by e-mail only. */
  async emailOf(userId: string, team = SINGLE): Promise<string | undefined> {
    const key = `${team}:${userId}`;
    if (!this.userEmails.has(key)) {
      const email = await this.client.users
        .info({ user: userId, ...(await this.token(team)) })
        .then((r) => r.user?.profile?.email ?? null)
        .catch(() => null);
      this.userEmails.set(key, email);
    }
    return this.userEmails.get(key) ?? undefined;
  }

  /** Remembers which DM channel belongs to a user (from an event in it), for `findSent`. */
  rememberDm(team: string, userId: string, channel: string): void {
    if (channel.startsWith("D")) this.dms.set(`${team}:${userId}`, channel);
  }

  /**
   * Posts one message, once: the send client never repeats a request (see `createSlack`).
   * With an idempotency key (the delivery id) the message carries it in its metadata, so
   * `findSent` can tell later whether a send that failed half-way arrived after all.
   * Failures are `SendError`s: `not-sent` for a 429 (with `retryAfterMs`), a refused
   * connection or an `ok: false`; `uncertain` for a 5xx, a reset or a time-out.
   */
  send(conversation: string, message: Message, options: SendOptions = {}): Promise<SentMessage> {
    return this.post(
      conversation,
      message,
      options.idempotencyKey
        ? { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery: options.idempotencyKey } }
        : undefined,
    );
  }

  private async post(
    conversation: string,
    message: Message,
    metadata: { event_type: string; event_payload: Record<string, string> } | undefined,
  ): Promise<SentMessage> {
    const { team, channel, threadTs } = parseAddress(conversation);
    let args: Parameters<WebClient["chat"]["postMessage"]>[0];
    try {
      args = {
        channel,
        ...toBlockKit(message),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        ...(metadata ? { metadata } : {}),
        ...(await this.token(team)),
      };
    } catch (error) {
      throw new SendError("not-sent", "could not prepare the Slack message", { cause: error });
    }
    let result: unknown;
    try {
      result = await this.sender.chat.postMessage(args);
    } catch (error) {
      throw toSendError(error);
    }
    // Posting to a user id answers with the DM channel: that is where the message can be updated.
    const posted = postedSchema.safeParse(result);
    const dm = posted.success ? posted.data.channel : undefined;
    if (dm && dm !== channel) this.rememberDm(team, channel, dm);
    return {
      conversation: slackAddress(team, dm ?? channel, threadTs),
      ...(posted.success && posted.data.ts ? { messageId: posted.data.ts } : {}),
    };
  }

  /**
   * A reply in a live conversation: a 429 is waited out a few times; nothing else is
   * repeated. When Slack fails after the request left, the reply is looked for by its own
   * id (in its metadata): if it arrived, that is a success, so nobody gets an apology for an
   * answer they can read.
   */
  async reply(conversation: string, message: Message): Promise<void> {
    const id = randomUUID();
    for (let waits = 0; ; waits++) {
      try {
        await this.post(conversation, message, {
          event_type: REPLY_EVENT_TYPE,
          event_payload: { reply: id },
        });
        return;
      } catch (error) {
        if (error instanceof SendError && error.certainty === "uncertain") {
          if (await this.lookFor(conversation, REPLY_EVENT_TYPE, "reply", id)) return;
          throw error;
        }
        const later = error instanceof SendError && error.rateLimited;
        if (!later || waits >= REPLY_RATE_LIMIT_WAITS) throw error;
        await sleep(Math.min(error.retryAfterMs ?? 1_000 * 2 ** waits, 30_000));
      }
    }
  }

  /**
   * Looks in the DM for the message sent with this delivery id (its metadata), among the
   * bot's latest messages there (`conversations.history` with `include_all_metadata`).
   * Found: where it is. Certainly not there: null. Slack could not be asked (no DM channel
   * known, an error, a thread): undefined, so the caller does not send it again.
   */
  findSent(conversation: string, idempotencyKey: string): Promise<SentMessage | null | undefined> {
    return this.lookFor(conversation, DELIVERY_EVENT_TYPE, "delivery", idempotencyKey);
  }

  /** The bot's message in a DM whose metadata says `{ event_type: type, event_payload: { [field]: id } }`. */
  private async lookFor(
    conversation: string,
    type: string,
    field: string,
    id: string,
  ): Promise<SentMessage | null | undefined> {
    const { team, channel, threadTs } = parseAddress(conversation);
    if (threadTs) return undefined;
    // A message Slack took just before it failed may take a moment to show in the history.
    if (this.options.findSettleMs) await sleep(this.options.findSettleMs);
    try {
      const auth = await this.token(team);
      const dm = await this.dmChannel(team, channel, auth);
      if (!dm) return undefined;
      const history = historySchema.safeParse(
        await this.client.conversations.history({
          channel: dm,
          limit: HISTORY_LIMIT,
          include_all_metadata: true,
          ...auth,
        }),
      );
      if (!history.success) return undefined;
      const fromBot = history.data.messages
        .flatMap((m) => {
          const parsed = historyMessageSchema.safeParse(m);
          return parsed.success ? [parsed.data] : [];
        })
        .filter((m) => m.bot_id || m.metadata)
        .slice(0, BOT_MESSAGES_LOOKED_AT);
      const hit = fromBot.find(
        (m) => m.metadata?.event_type === type && m.metadata.event_payload?.[field] === id,
      );
      return hit ? { conversation: slackAddress(team, dm, threadTs), messageId: hit.ts } : null;
    } catch {
      return undefined;
    }
  }

  /**
   * The channel whose history holds a DM: the address itself when it is a channel id, else
   * the DM channel learnt earlier, else `conversations.open` (which needs `im:write`;
   * without it Slack answers `missing_scope` and `findSent` cannot tell).
   */
  private async dmChannel(
    team: string,
    channel: string,
    auth: { token?: string },
  ): Promise<string | undefined> {
    if (/^[CDG]/.test(channel)) return channel;
    const known = this.dms.get(`${team}:${channel}`);
    if (known) return known;
    const opened = openedSchema.safeParse(
      await this.client.conversations.open({ users: channel, ...auth }).catch(() => undefined),
    );
    if (!opened.success) return undefined;
    this.rememberDm(team, channel, opened.data.channel.id);
    return opened.data.channel.id;
  }

  async update(sent: SentMessage, message: Message): Promise<void> {
    if (!sent.messageId) return;
    const { team, channel } = parseAddress(sent.conversation);
    await this.client.chat.update({
      channel,
      ts: sent.messageId,
      ...toBlockKit(message),
      ...(await this.token(team)),
    });
  }

  async openForm(team: string, triggerId: string, form: Form): Promise<void> {
    await this.client.views.open({
      trigger_id: triggerId,
      view: toModal(form) as never,
      ...(await this.token(team)),
    });
  }

  async publishHome(team: string, userId: string, message: Message): Promise<void> {
    await this.client.views.publish({
      user_id: userId,
      view: { type: "home", blocks: toBlockKit(message).blocks } as never,
      ...(await this.token(team)),
    });
  }
}

function registerListeners(app: App, bot: Bot, adapter: SlackAdapter, options: SlackOptions) {
  const { logger, home } = options;
  const oauth = "clientId" in options.auth;
  /** The workspace part of addresses: the team with OAuth, `-` with a single bot token. */
  const teamOf = (context: { teamId?: string; enterpriseId?: string }) =>
    oauth ? (context.teamId ?? context.enterpriseId ?? SINGLE) : SINGLE;

  /** Adds the e-mail address when the Slack id is not in the programme, so the bot can match by e-mail. */
  const withEmail = async <E extends InboundEvent>(event: E, team: string): Promise<E> =>
    bot.resolve(event.platform, event.userId)
      ? event
      : { ...event, email: await adapter.emailOf(event.userId, team) };

  const responder = (
    team: string,
    channel: string,
    threadTs: string | undefined,
    triggerId?: string,
    source?: { channel: string; ts: string },
  ): Responder => ({
    reply: (m) => adapter.reply(slackAddress(team, channel, threadTs), m),
    openForm: async (f) => {
      if (triggerId) await adapter.openForm(team, triggerId, f);
      else logger.warn({ formId: f.formId }, "a form without a trigger id cannot be opened in Slack");
    },
    ...(source
      ? {
          updateSource: async (m: Message) =>
            adapter.update({ conversation: slackAddress(team, source.channel), messageId: source.ts }, m),
        }
      : {}),
  });

  // Direct messages. Bolt acknowledges events itself before the listener runs.
  app.message(async ({ message, context }) => {
    if (message.subtype !== undefined || !("user" in message) || message.channel_type !== "im") return;
    if ("bot_id" in message && message.bot_id) return; // our own messages come back as events too
    const team = teamOf(context);
    adapter.rememberDm(team, message.user, message.channel);
    const event = await withEmail(
      {
        platform: "slack",
        userId: message.user,
        conversation: slackAddress(team, message.channel),
        direct: true,
        kind: "message" as const,
        text: message.text ?? "",
      },
      team,
    );
    await bot.handle(event, responder(team, message.channel, undefined));
  });

  // A mention in a channel: answered in the thread of the message that mentioned the bot.
  app.event("app_mention", async ({ event, context }) => {
    if (!event.user) return;
    const team = teamOf(context);
    const text = event.text
      .replace(context.botUserId ? new RegExp(`<@${context.botUserId}>`, "g") : /^\s*<@[A-Z0-9]+>/, "")
      .trim();
    const thread = event.thread_ts ?? event.ts;
    const inbound = await withEmail(
      {
        platform: "slack",
        userId: event.user,
        conversation: slackAddress(team, event.channel, thread),
        direct: false,
        kind: "message" as const,
        text,
      },
      team,
    );
    await bot.handle(inbound, responder(team, event.channel, thread));
  });

  // `/kampvuur …`: acknowledged at once; the answer follows as a DM (it may take a model's time).
  app.command("/kampvuur", async ({ command, ack, context }) => {
    await ack();
    const team = teamOf(context);
    const event = await withEmail(
      {
        platform: "slack",
        userId: command.user_id,
        conversation: slackAddress(team, command.user_id),
        direct: true,
        kind: "command" as const,
        text: command.text,
      },
      team,
    );
    await bot.handle(event, responder(team, command.user_id, undefined, command.trigger_id));
  });

  // Buttons: acknowledged at once; the message they sit under can be replaced (no dead buttons).
  app.action(/.*/, async ({ action, body, ack, context }) => {
    await ack();
    if (body.type !== "block_actions" || !("action_id" in action) || action.type !== "button") return;
    const team = teamOf(context);
    const channel = body.channel?.id ?? body.user.id;
    const ts = body.message?.ts;
    const event = await withEmail(
      {
        platform: "slack",
        userId: body.user.id,
        conversation: slackAddress(team, channel),
        direct: body.channel?.id?.startsWith("D") ?? true,
        kind: "action" as const,
        actionId: coreActionId(action.action_id),
        ...(action.value !== undefined ? { value: action.value } : {}),
      },
      team,
    );
    await bot.handle(
      event,
      responder(team, channel, undefined, body.trigger_id, ts ? { channel, ts } : undefined),
    );
  });

  // Modals: the handler runs before the ack, so field errors can be shown in the modal.
  app.view(/.*/, async ({ view, body, ack, context }) => {
    const team = teamOf(context);
    const event = await withEmail(
      {
        platform: "slack",
        userId: body.user.id,
        conversation: slackAddress(team, body.user.id),
        direct: true,
        kind: "submit" as const,
        formId: view.callback_id,
        values: valuesOf(view.state.values as Record<string, Record<string, unknown>>),
        ...(view.private_metadata ? { metadata: view.private_metadata } : {}),
      },
      team,
    );
    const result = await bot.handle(event, responder(team, body.user.id, undefined));
    if (result.errors && Object.keys(result.errors).length > 0)
      await ack({ response_action: "errors", errors: slackErrors(result.errors) });
    else await ack();
  });

  // The App Home tab: published each time someone opens it, so it is never stale.
  app.event("app_home_opened", async ({ event, context }) => {
    const team = teamOf(context);
    if (event.channel) adapter.rememberDm(team, event.user, event.channel);
    if (event.tab !== "home" || !home) return;
    const person = bot.resolve("slack", event.user, await adapter.emailOf(event.user, team));
    const view = person
      ? await home(person)
      : {
          text: "",
          blocks: [{ type: "text" as const, text: messages(bot.programme.language).unknownPerson() }],
        };
    await adapter.publishHome(team, event.user, view);
  });

  app.error(async (error) => {
    logger.error({ err: error }, "slack listener failed");
  });
}

/** Bolt's logger interface on top of ours (pino). */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => logger.debug({ slack: m }, "slack"),
    info: (...m: unknown[]) => logger.info({ slack: m }, "slack"),
    warn: (...m: unknown[]) => logger.warn({ slack: m }, "slack"),
    error: (...m: unknown[]) => logger.error({ slack: m }, "slack"),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}
