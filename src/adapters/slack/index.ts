import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ChatAdapter, Responder, SentMessage } from "../../core/adapter.js";
import type { Bot } from "../../core/bot.js";
import type { InboundEvent } from "../../core/events.js";
import { messages } from "../../core/i18n/index.js";
import type { Logger } from "../../core/log.js";
import type { Form, Message } from "../../core/messages.js";
import type { Person } from "../../domain/people.js";
import type { Route } from "../../server/http.js";
import { coreActionId, slackErrors, toBlockKit, toModal, valuesOf } from "./render.js";

export interface SlackOptions {
  /** What a person sees on the App Home tab; no home tab without it. */
  home?: (person: Person) => Promise<Message>;
  botToken: string;
  signingSecret: string;
  /** The Web API base address (`SLACK_API_URL`): a test's fake, or Slack's government cloud. */
  apiUrl?: string;
  logger: Logger;
}

export interface Slack {
  adapter: SlackAdapter;
  /** The handler for `/slack/events` on the bot's HTTP server. */
  route: Route;
  app: App;
}

/** `slack:<channel>` (a DM channel, a user id to DM, or a channel), optionally `:<thread ts>`. */
export function slackAddress(channel: string, threadTs?: string): string {
  return threadTs ? `slack:${channel}:${threadTs}` : `slack:${channel}`;
}

function parseAddress(conversation: string): { channel: string; threadTs?: string } {
  const [, channel = "", threadTs] = conversation.split(":");
  return { channel, ...(threadTs ? { threadTs } : {}) };
}

/**
 * The Slack side of the bot: a Bolt app on the bot's own HTTP server (its `HTTPReceiver`
 * checks every request's signature and age, and acknowledges within Slack's 3 seconds),
 * listeners that turn Slack events into core events, and a `ChatAdapter` for messages the
 * bot starts itself. Sends go through Bolt's WebClient, which waits out a 429's
 * `Retry-After` for the whole client and retries transient failures.
 */
export function createSlack(bot: Bot, options: SlackOptions): Slack {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: "/slack/events",
    logger: boltLogger(options.logger),
    // Slack retries a request it saw no answer to within 3 s; the listener's work continues after the ack.
    processBeforeResponse: false,
  });
  const app = new App({
    receiver,
    token: options.botToken,
    // No auth.test at start: a Slack outage then would crash the process. Our own listeners
    // ignore bot messages and strip any leading mention instead.
    tokenVerificationEnabled: false,
    logger: boltLogger(options.logger),
    clientOptions: {
      ...(options.apiUrl ? { slackApiUrl: `${options.apiUrl.replace(/\/$/, "")}/` } : {}),
      retryConfig: { retries: 5, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
    },
  });
  const adapter = new SlackAdapter(app.client);
  registerListeners(app, bot, adapter, options);
  return { adapter, route: (req, res) => receiver.requestListener(req, res), app };
}

export class SlackAdapter implements ChatAdapter {
  readonly platform = "slack";
  private readonly emailIds = new Map<string, string | null>();
  private readonly userEmails = new Map<string, string | null>();

  constructor(readonly client: WebClient) {}

  /**
   * A person's DM address: their Slack id from the programme file, else found by e-mail
   * (`users.lookupByEmail`, remembered). Posting to a user id delivers in the DM with the
   * bot, so no `conversations.open` is needed per person.
   */
  async directAddress(person: Person): Promise<string | undefined> {
    const id = person.identities.slack ?? (await this.idByEmail(person.identities.email));
    return id ? slackAddress(id) : undefined;
  }

  private async idByEmail(email: string | undefined): Promise<string | undefined> {
    if (!email) return undefined;
    if (!this.emailIds.has(email)) {
      const found = await this.client.users
        .lookupByEmail({ email })
        .then((r) => r.user?.id ?? null)
        .catch(() => null);
      this.emailIds.set(email, found);
    }
    return this.emailIds.get(email) ?? undefined;
  }

  /** The e-mail address of a Slack user (`users.info`), for people the programme lists by e-mail only. */
  async emailOf(userId: string): Promise<string | undefined> {
    if (!this.userEmails.has(userId)) {
      const email = await this.client.users
        .info({ user: userId })
        .then((r) => r.user?.profile?.email ?? null)
        .catch(() => null);
      this.userEmails.set(userId, email);
    }
    return this.userEmails.get(userId) ?? undefined;
  }

  async send(conversation: string, message: Message): Promise<SentMessage> {
    const { channel, threadTs } = parseAddress(conversation);
    const result = await this.client.chat.postMessage({
      channel,
      ...toBlockKit(message),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
    });
    // Posting to a user id answers with the DM channel: that is where the message can be updated.
    const sentIn = result.channel ?? channel;
    return { conversation: slackAddress(sentIn, threadTs), messageId: result.ts };
  }

  async update(sent: SentMessage, message: Message): Promise<void> {
    if (!sent.messageId) return;
    await this.client.chat.update({
      channel: parseAddress(sent.conversation).channel,
      ts: sent.messageId,
      ...toBlockKit(message),
    });
  }

  async openForm(triggerId: string, form: Form): Promise<void> {
    await this.client.views.open({ trigger_id: triggerId, view: toModal(form) as never });
  }
}

function registerListeners(app: App, bot: Bot, adapter: SlackAdapter, options: SlackOptions) {
  const { logger, home } = options;
  /** Adds the e-mail address when the Slack id is not in the programme, so the bot can match by e-mail. */
  const withEmail = async <E extends InboundEvent>(event: E): Promise<E> =>
    bot.resolve(event.platform, event.userId)
      ? event
      : { ...event, email: await adapter.emailOf(event.userId) };

  const responder = (
    channel: string,
    threadTs: string | undefined,
    triggerId?: string,
    source?: { channel: string; ts: string },
  ): Responder => ({
    reply: async (m) => void (await adapter.send(slackAddress(channel, threadTs), m)),
    openForm: async (f) => {
      if (triggerId) await adapter.openForm(triggerId, f);
      else logger.warn({ formId: f.formId }, "a form without a trigger id cannot be opened in Slack");
    },
    ...(source
      ? {
          updateSource: async (m: Message) =>
            adapter.update({ conversation: slackAddress(source.channel), messageId: source.ts }, m),
        }
      : {}),
  });

  // Direct messages. Bolt acknowledges events itself before the listener runs.
  app.message(async ({ message }) => {
    if (message.subtype !== undefined || !("user" in message) || message.channel_type !== "im") return;
    if ("bot_id" in message && message.bot_id) return; // our own messages come back as events too
    const event = await withEmail({
      platform: "slack",
      userId: message.user,
      conversation: slackAddress(message.channel),
      direct: true,
      kind: "message" as const,
      text: message.text ?? "",
    });
    await bot.handle(event, responder(message.channel, undefined));
  });

  // A mention in a channel: answered in the thread of the message that mentioned the bot.
  app.event("app_mention", async ({ event, context }) => {
    if (!event.user) return;
    const text = event.text
      .replace(context.botUserId ? new RegExp(`<@${context.botUserId}>`, "g") : /^\s*<@[A-Z0-9]+>/, "")
      .trim();
    const thread = event.thread_ts ?? event.ts;
    const inbound = await withEmail({
      platform: "slack",
      userId: event.user,
      conversation: slackAddress(event.channel, thread),
      direct: false,
      kind: "message" as const,
      text,
    });
    await bot.handle(inbound, responder(event.channel, thread));
  });

  // `/kampvuur …`: acknowledged at once; the answer follows as a DM (it may take a model's time).
  app.command("/kampvuur", async ({ command, ack }) => {
    await ack();
    const event = await withEmail({
      platform: "slack",
      userId: command.user_id,
      conversation: slackAddress(command.user_id),
      direct: true,
      kind: "command" as const,
      text: command.text,
    });
    await bot.handle(event, responder(command.user_id, undefined, command.trigger_id));
  });

  // Buttons: acknowledged at once; the message they sit under can be replaced (no dead buttons).
  app.action(/.*/, async ({ action, body, ack }) => {
    await ack();
    if (body.type !== "block_actions" || !("action_id" in action) || action.type !== "button") return;
    const channel = body.channel?.id ?? body.user.id;
    const ts = body.message?.ts;
    const event = await withEmail({
      platform: "slack",
      userId: body.user.id,
      conversation: slackAddress(channel),
      direct: body.channel?.id?.startsWith("D") ?? true,
      kind: "action" as const,
      actionId: coreActionId(action.action_id),
      ...(action.value !== undefined ? { value: action.value } : {}),
    });
    await bot.handle(event, responder(channel, undefined, body.trigger_id, ts ? { channel, ts } : undefined));
  });

  // Modals: the handler runs before the ack, so field errors can be shown in the modal.
  app.view(/.*/, async ({ view, body, ack }) => {
    const event = await withEmail({
      platform: "slack",
      userId: body.user.id,
      conversation: slackAddress(body.user.id),
      direct: true,
      kind: "submit" as const,
      formId: view.callback_id,
      values: valuesOf(view.state.values as Record<string, Record<string, unknown>>),
      ...(view.private_metadata ? { metadata: view.private_metadata } : {}),
    });
    const result = await bot.handle(event, responder(body.user.id, undefined));
    if (result.errors && Object.keys(result.errors).length > 0)
      await ack({ response_action: "errors", errors: slackErrors(result.errors) });
    else await ack();
  });

  // The App Home tab: published each time someone opens it, so it is never stale.
  app.event("app_home_opened", async ({ event }) => {
    if (event.tab !== "home" || !home) return;
    const person = bot.resolve("slack", event.user, await adapter.emailOf(event.user));
    const view = person
      ? await home(person)
      : {
          text: "",
          blocks: [{ type: "text" as const, text: messages(bot.programme.language).unknownPerson() }],
        };
    await adapter.client.views.publish({
      user_id: event.user,
      view: { type: "home", blocks: toBlockKit(view).blocks } as never,
    });
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
