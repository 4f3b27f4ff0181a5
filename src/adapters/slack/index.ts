import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ChatAdapter, Responder, SentMessage } from "../../core/adapter.js";
import type { Bot } from "../../core/bot.js";
import type { InboundEvent } from "../../core/events.js";
import { messages } from "../../core/i18n/index.js";
import type { Logger } from "../../core/log.js";
import type { Form, Message } from "../../core/messages.js";
import type { Person } from "../../domain/people.js";
import type { Route } from "../../server/http.js";
import type { KeyvInstallationStore } from "./installations.js";
import { coreActionId, slackErrors, toBlockKit, toModal, valuesOf } from "./render.js";

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
 * The Slack side of the bot: a Bolt app on the bot's own HTTP server (its `HTTPReceiver`
 * checks every request's signature and age, and acknowledges within Slack's 3 seconds),
 * listeners that turn Slack events into core events, and a `ChatAdapter` for messages the
 * bot starts itself. Sends go through Bolt's WebClient, which waits out a 429's
 * `Retry-After` for the whole client and retries transient failures.
 */
export function createSlack(bot: Bot, options: SlackOptions): Slack {
  const { auth } = options;
  const apiUrl = options.apiUrl ? `${options.apiUrl.replace(/\/$/, "")}/` : undefined;
  const clientOptions = {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 5, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
  };
  const oauth = "clientId" in auth ? auth : undefined;
  const appToken = "appToken" in auth ? auth.appToken : undefined;
  const receiver = appToken
    ? new SocketModeReceiver({
        appToken,
        logger: boltLogger(options.logger),
        installerOptions: { clientOptions },
      })
    : new HTTPReceiver({
        signingSecret: options.signingSecret,
        endpoints: "/slack/events",
        logger: boltLogger(options.logger),
        // Slack retries a request it saw no answer to within 3 s; the listener's work continues after the ack.
        processBeforeResponse: false,
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
    logger: boltLogger(options.logger),
    clientOptions,
  });
  const tokens: Tokens = oauth
    ? { forTeam: (team) => oauth.installations.tokenFor(team), all: () => oauth.installations.tokens() }
    : { forTeam: async () => undefined, all: async () => [{ teamId: SINGLE, token: "" }] };
  const adapter = new SlackAdapter(app.client, tokens);
  registerListeners(app, bot, adapter, options);
  if (receiver instanceof SocketModeReceiver) {
    return {
      adapter,
      routes: {},
      app,
      start: async () => void (await app.start()),
      stop: async () => void (await app.stop()),
    };
  }
  const route: Route = (req, res) => receiver.requestListener(req, res);
  return {
    adapter,
    routes: oauth
      ? { "/slack/events": route, "/slack/install": route, "/slack/oauth_redirect": route }
      : { "/slack/events": route },
    app,
    start: async () => {},
    stop: async () => {},
  };
}

/** Bot tokens per workspace; with a single bot token the client already carries it. */
interface Tokens {
  forTeam(teamId: string): Promise<string | undefined>;
  all(): Promise<{ teamId: string; token: string }[]>;
}

export class SlackAdapter implements ChatAdapter {
  readonly platform = "slack";
  /** Person id → their DM address (found once per process). */
  private readonly addresses = new Map<string, string | null>();
  private readonly userEmails = new Map<string, string | null>();

  constructor(
    readonly client: WebClient,
    private readonly tokens: Tokens,
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

  async send(conversation: string, message: Message): Promise<SentMessage> {
    const { team, channel, threadTs } = parseAddress(conversation);
    const result = await this.client.chat.postMessage({
      channel,
      ...toBlockKit(message),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
      ...(await this.token(team)),
    });
    // Posting to a user id answers with the DM channel: that is where the message can be updated.
    return { conversation: slackAddress(team, result.channel ?? channel, threadTs), messageId: result.ts };
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
    reply: async (m) => void (await adapter.send(slackAddress(team, channel, threadTs), m)),
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
    if (event.tab !== "home" || !home) return;
    const team = teamOf(context);
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
