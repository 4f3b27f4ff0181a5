/** Bolt's listeners: Slack's DMs, mentions, slash command, buttons, modals and App Home, turned into core events. */
import type { App } from "@slack/bolt";
import type { Responder } from "../../core/adapter.js";
import type { Inbound } from "../../core/inbound.js";
import type { InboundEvent } from "../../core/events.js";
import { messages } from "../../core/i18n/index.js";
import type { Logger } from "../../core/log.js";
import type { Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { SINGLE, type SlackAdapter, slackAddress } from "./outbound.js";
import { coreActionId, slackErrors, valuesOf } from "./render.js";

export interface ListenerOptions {
  /** What a person sees on the App Home tab; no home tab without it. */
  home?: (person: Person, userId: string) => Promise<Message>;
  /** OAuth (many workspaces): addresses carry the team; with a single bot token it is `-`. */
  oauth: boolean;
  logger: Logger;
}

/** Where a Slack event comes from: its address is `slack:<team>:<channel>[:<thread ts>]`, and replies go there. */
interface Origin {
  team: string;
  userId: string;
  channel: string;
  threadTs?: string;
  direct: boolean;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What is particular to one kind of event: everything but the base `slackEvent` fills in. */
type EventPayload = DistributiveOmit<
  InboundEvent,
  "platform" | "userId" | "conversation" | "direct" | "email"
>;

/**
 * The one place a Slack event becomes a core `InboundEvent`: the base every event shares
 * (platform, user, conversation address, direct), and the e-mail address when the Slack id
 * is not in the programme, so the bot can match the person by e-mail.
 */
async function slackEvent(
  bot: Inbound,
  adapter: SlackAdapter,
  origin: Origin,
  payload: EventPayload,
): Promise<InboundEvent> {
  const event: InboundEvent = {
    platform: "slack",
    userId: origin.userId,
    conversation: slackAddress(origin.team, origin.channel, origin.threadTs),
    direct: origin.direct,
    ...payload,
  };
  return bot.resolve(event.platform, event.userId)
    ? event
    : { ...event, email: await adapter.emailOf(event.userId, origin.team) };
}

export function registerListeners(
  app: App,
  bot: Inbound,
  adapter: SlackAdapter,
  options: ListenerOptions,
): void {
  const { logger, home, oauth } = options;
  /** The workspace part of addresses: the team with OAuth, `-` with a single bot token. */
  const teamOf = (context: { teamId?: string; enterpriseId?: string }) =>
    oauth ? (context.teamId ?? context.enterpriseId ?? SINGLE) : SINGLE;

  /** Answers in the event's own conversation; forms need a trigger id, `source` is the message a button sits under. */
  const responder = (
    origin: Origin,
    triggerId?: string,
    source?: { channel: string; ts: string },
  ): Responder => {
    const address = slackAddress(origin.team, origin.channel, origin.threadTs);
    const reply = (m: Message) => adapter.reply(address, m);
    return {
      reply,
      sendFile: (file) => adapter.uploadFile(address, file),
      openForm: async (f) => {
        if (triggerId) await adapter.openForm(origin.team, triggerId, f);
        else logger.warn({ formId: f.formId }, "a form without a trigger id cannot be opened in Slack");
      },
      replace: source
        ? (m) =>
            adapter.update(
              { conversation: slackAddress(origin.team, source.channel), messageId: source.ts },
              m,
            )
        : reply,
      canReplace: source !== undefined,
    };
  };

  // Direct messages. Bolt acknowledges events itself before the listener runs.
  app.message(async ({ message, context }) => {
    if (message.subtype !== undefined || !("user" in message) || message.channel_type !== "im") return;
    if ("bot_id" in message && message.bot_id) return; // our own messages come back as events too
    const team = teamOf(context);
    adapter.rememberDm(team, message.user, message.channel);
    const origin = { team, userId: message.user, channel: message.channel, direct: true };
    const event = await slackEvent(bot, adapter, origin, { kind: "message", text: message.text ?? "" });
    await bot.handle(event, responder(origin));
  });

  // A mention in a channel: answered in the thread of the message that mentioned the bot.
  app.event("app_mention", async ({ event, context }) => {
    if (!event.user) return;
    const team = teamOf(context);
    const text = event.text
      .replace(context.botUserId ? new RegExp(`<@${context.botUserId}>`, "g") : /^\s*<@[A-Z0-9]+>/, "")
      .trim();
    const threadTs = event.thread_ts ?? event.ts;
    const origin = { team, userId: event.user, channel: event.channel, threadTs, direct: false };
    const inbound = await slackEvent(bot, adapter, origin, { kind: "message", text });
    await bot.handle(inbound, responder(origin));
  });

  // `/kampvuur …`: acknowledged at once; the answer follows as a DM (it may take a model's time).
  app.command("/kampvuur", async ({ command, ack, context }) => {
    await ack();
    const origin = { team: teamOf(context), userId: command.user_id, channel: command.user_id, direct: true };
    const event = await slackEvent(bot, adapter, origin, { kind: "command", text: command.text });
    await bot.handle(event, responder(origin, command.trigger_id));
  });

  // Buttons: acknowledged at once; the message they sit under can be replaced (no dead buttons).
  app.action(/.*/, async ({ action, body, ack, context }) => {
    await ack();
    if (body.type !== "block_actions" || !("action_id" in action) || action.type !== "button") return;
    const channel = body.channel?.id ?? body.user.id;
    const ts = body.message?.ts;
    const origin = {
      team: teamOf(context),
      userId: body.user.id,
      channel,
      direct: body.channel?.id?.startsWith("D") ?? true,
    };
    const event = await slackEvent(bot, adapter, origin, {
      kind: "action",
      actionId: coreActionId(action.action_id),
      ...(action.value !== undefined ? { value: action.value } : {}),
    });
    await bot.handle(event, responder(origin, body.trigger_id, ts ? { channel, ts } : undefined));
  });

  // Modals: the handler runs before the ack, so field errors can be shown in the modal.
  app.view(/.*/, async ({ view, body, ack, context }) => {
    const origin = { team: teamOf(context), userId: body.user.id, channel: body.user.id, direct: true };
    const event = await slackEvent(bot, adapter, origin, {
      kind: "submit",
      formId: view.callback_id,
      values: valuesOf(view.state.values as Record<string, Record<string, unknown>>),
      ...(view.private_metadata ? { metadata: view.private_metadata } : {}),
    });
    const result = await bot.handle(event, responder(origin));
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
      ? await home(person, event.user)
      : { blocks: [{ type: "text" as const, text: messages(bot.language).unknownPerson() }] };
    await adapter.publishHome(team, event.user, view);
  });

  app.error(async (error) => {
    logger.error({ err: error }, "slack listener failed");
  });
}
