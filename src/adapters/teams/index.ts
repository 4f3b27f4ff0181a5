import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type Activity,
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  MessageFactory,
  type Request as BotRequest,
  type Response as BotResponse,
  TeamsInfo,
  TurnContext,
} from "botbuilder";
import { z } from "zod";
import type { ChatAdapter, Responder, SentMessage } from "../../core/adapter.js";
import type { Bot } from "../../core/bot.js";
import type { InboundEvent } from "../../core/events.js";
import { messages } from "../../core/i18n/index.js";
import type { Logger } from "../../core/log.js";
import type { Form, Message } from "../../core/messages.js";
import type { Person } from "../../domain/people.js";
import type { Route } from "../../server/http.js";
import type { Store } from "../../storage/store.js";
import type { teamsConversationSchema } from "../../storage/records.js";

type TeamsReference = z.input<typeof teamsConversationSchema>;
import { needsCard, toCard, toFormCard, toTeamsMarkdown } from "./cards.js";

export interface TeamsOptions {
  /** botbuilder's usual settings; without an app id the endpoint runs unauthenticated, for local testing. */
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
  store: Store;
  logger: Logger;
}

export interface Teams {
  adapter: TeamsAdapter;
  /** The handler for `/api/messages`. */
  route: Route;
}

/** The fields of an inbound activity kampvuur relies on; the rest is botbuilder's business. */
const activitySchema = z
  .object({
    type: z.string(),
    serviceUrl: z.string().url(),
    conversation: z.object({ id: z.string().min(1) }).loose(),
    from: z
      .object({ id: z.string().min(1) })
      .loose()
      .optional(),
  })
  .loose();

const submitSchema = z.union([
  z.object({ kampvuur: z.literal("action"), actionId: z.string(), value: z.string().optional() }),
  z.object({ kampvuur: z.literal("submit"), formId: z.string(), metadata: z.string().optional() }).loose(),
]);

const MAX_BODY = 256 * 1024;

/** `teams:<conversation id>`: where the bot can write (a personal chat, a channel, a group chat). */
export const teamsAddress = (conversationId: string) => `teams:${conversationId}`;
const conversationIdOf = (address: string) => address.slice("teams:".length);

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "[::1]" || host === "::1" || /^127\./.test(host);
  } catch {
    return false;
  }
}

/**
 * The Teams side of the bot: botbuilder's `CloudAdapter` at `/api/messages`. With an app
 * id every request needs a valid Bot Framework token (botbuilder checks it). Without one
 * it runs unauthenticated, like the Bot Framework Emulator, and accepts only activities
 * whose `serviceUrl` is on loopback, so an open endpoint cannot be made to call out.
 */
export function createTeams(bot: Bot, options: TeamsOptions): Teams {
  const authenticated = Boolean(options.appId);
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: options.appId ?? "",
    MicrosoftAppPassword: options.appPassword ?? "",
    MicrosoftAppType: options.appType ?? (options.appId ? "MultiTenant" : ""),
    MicrosoftAppTenantId: options.tenantId ?? "",
  });
  const cloud = new CloudAdapter(auth);
  cloud.onTurnError = async (context, error) => {
    options.logger.error({ err: error }, "teams turn failed");
    await context.sendActivity(messages(bot.programme.language).internalError).catch(() => {});
  };
  if (!authenticated)
    options.logger.warn(
      "Teams runs without MicrosoftAppId: unauthenticated, for local testing only; only activities from a loopback serviceUrl are accepted",
    );
  const adapter = new TeamsAdapter(cloud, options.store, options.appId ?? "");

  const route: Route = async (req, res) => {
    if (req.method !== "POST") return void res.writeHead(405).end();
    const body = await readJson(req);
    const parsed = activitySchema.safeParse(body);
    if (!parsed.success) {
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "not an activity" }));
      return;
    }
    if (!authenticated && !isLoopback(parsed.data.serviceUrl)) {
      options.logger.warn(
        { serviceUrl: parsed.data.serviceUrl },
        "refused an unauthenticated activity from outside loopback",
      );
      res.writeHead(401).end();
      return;
    }
    await cloud.process(
      {
        body: body as Record<string, unknown>,
        headers: req.headers as BotRequest["headers"],
        method: req.method,
      },
      wrapResponse(res),
      (context) => turn(context, bot, adapter),
    );
  };
  return { adapter, route };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return undefined;
  }
}

/** botbuilder's express-like response on a plain Node response. */
function wrapResponse(res: ServerResponse): BotResponse {
  let status = 200;
  const wrapped: BotResponse = {
    socket: res.socket,
    status: (code: number) => {
      status = code;
      return wrapped;
    },
    header: (name: string, value: unknown) => {
      res.setHeader(name, String(value));
      return wrapped;
    },
    send: (body?: unknown) => {
      if (res.headersSent) return wrapped;
      res.statusCode = status;
      if (body === undefined) res.end();
      else if (typeof body === "string" || Buffer.isBuffer(body)) res.end(body);
      else {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(body));
      }
      return wrapped;
    },
    end: () => {
      if (!res.headersSent) res.statusCode = status;
      if (!res.writableEnded) res.end();
      return wrapped;
    },
  };
  return wrapped;
}

/** An activity for a neutral message: text for plain text, an Adaptive Card otherwise. */
function activityFor(message: Message): Partial<Activity> {
  if (!needsCard(message)) return MessageFactory.text(toTeamsMarkdown(message.text));
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(toCard(message)));
  activity.summary = message.text.slice(0, 200);
  return activity;
}

export class TeamsAdapter implements ChatAdapter {
  readonly platform = "teams";
  /** Forms sent as cards, to show them again with errors (by conversation, form and metadata). */
  readonly forms = new Map<string, Form>();

  /** Keeps a sent form, the newest 1,000 at most (an old form's errors then come as text). */
  rememberForm(key: string, form: Form): void {
    this.forms.delete(key);
    this.forms.set(key, form);
    if (this.forms.size > 1_000) this.forms.delete(this.forms.keys().next().value as string);
  }

  constructor(
    readonly cloud: CloudAdapter,
    private readonly store: Store,
    private readonly appId: string,
  ) {}

  /** Keeps where a conversation is, and for a personal chat whose user it is with. */
  async remember(activity: Activity): Promise<void> {
    const reference = TurnContext.getConversationReference(activity);
    const id = activity.conversation.id;
    await this.store.teamsConversations.set(id, reference as unknown as TeamsReference);
    if (
      activity.conversation.conversationType === "personal" &&
      activity.from?.id &&
      activity.from.id !== activity.recipient?.id
    )
      await this.store.teamsUsers.set(activity.from.id, { conversationId: id, at: new Date().toISOString() });
  }

  /** A person's personal chat with the bot, once they installed the app (or wrote to it). */
  async directAddress(person: Person): Promise<string | undefined> {
    const teamsId = person.identities.teams;
    const user = teamsId ? await this.store.teamsUsers.get(teamsId) : undefined;
    return user ? teamsAddress(user.conversationId) : undefined;
  }

  /** Starts a message in a stored conversation (proactive): scheduled prompts, reminders, digests. */
  async send(conversation: string, message: Message): Promise<SentMessage> {
    const reference = await this.store.teamsConversations.get(conversationIdOf(conversation));
    if (!reference)
      throw new Error(`no conversation reference for ${conversation}: the app is not installed there`);
    let id: string | undefined;
    await this.cloud.continueConversationAsync(
      this.appId,
      reference as unknown as Partial<ConversationReference>,
      async (context) => {
        id = (await context.sendActivity(activityFor(message)))?.id;
      },
    );
    return { conversation, ...(id ? { messageId: id } : {}) };
  }

  async update(sent: SentMessage, message: Message): Promise<void> {
    const reference = await this.store.teamsConversations.get(conversationIdOf(sent.conversation));
    if (!reference || !sent.messageId) return;
    await this.cloud.continueConversationAsync(
      this.appId,
      reference as unknown as Partial<ConversationReference>,
      async (context) => {
        await context.updateActivity({ ...activityFor(message), id: sent.messageId });
      },
    );
  }
}

/** One inbound activity: remember where it came from, then hand it to the core. */
async function turn(context: TurnContext, bot: Bot, adapter: TeamsAdapter): Promise<void> {
  const activity = context.activity;
  await adapter.remember(activity);
  const direct = activity.conversation.conversationType === "personal";
  const from = activity.from?.id ?? "";

  // Installed for a person or a team: say hello, so people know the bot is there.
  const installed =
    (activity.type === ActivityTypes.InstallationUpdate && activity.action === "add") ||
    (activity.type === ActivityTypes.ConversationUpdate &&
      (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id));
  if (installed) {
    const person = bot.resolve("teams", from);
    const language = person ? await bot.languageOf(person) : bot.programme.language;
    const t = messages(language);
    await context.sendActivity(
      toTeamsMarkdown(
        person && direct ? t.teams.welcome(person.firstName) : t.teams.welcomeTeam(bot.programme.name),
      ),
    );
    return;
  }
  if (activity.type !== ActivityTypes.Message) return;

  let email: string | undefined;
  if (!bot.resolve("teams", from)) {
    email = await TeamsInfo.getMember(context, from).then(
      (m) => m.email ?? m.userPrincipalName ?? undefined,
      () => undefined,
    );
  }
  const base = {
    platform: "teams",
    userId: from,
    conversation: teamsAddress(activity.conversation.id),
    direct,
    ...(email ? { email } : {}),
  };
  const responder: Responder = {
    reply: async (m) => void (await context.sendActivity(activityFor(m))),
    openForm: async (form) => {
      adapter.rememberForm(formKey(activity.conversation.id, form.formId, form.metadata), form);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(toFormCard(form))));
    },
    ...(activity.replyToId
      ? {
          updateSource: async (m: Message) =>
            void (await context.updateActivity({ ...activityFor(m), id: activity.replyToId })),
        }
      : {}),
  };

  const submitted = submitSchema.safeParse(activity.value);
  let event: InboundEvent;
  if (submitted.success && submitted.data.kampvuur === "action") {
    event = {
      ...base,
      kind: "action",
      actionId: submitted.data.actionId,
      ...(submitted.data.value !== undefined ? { value: submitted.data.value } : {}),
    };
  } else if (submitted.success && submitted.data.kampvuur === "submit") {
    const values = Object.fromEntries(
      Object.entries(activity.value as Record<string, unknown>)
        .filter(([k, v]) => !["kampvuur", "formId", "metadata"].includes(k) && typeof v === "string")
        .map(([k, v]) => [k, v as string]),
    );
    event = {
      ...base,
      kind: "submit",
      formId: submitted.data.formId,
      values,
      ...(submitted.data.metadata ? { metadata: submitted.data.metadata } : {}),
    };
  } else {
    // In a channel the bot only hears what mentions it; the mention itself is not part of the question.
    const text = (TurnContext.removeRecipientMention(activity) ?? activity.text ?? "").trim();
    event = { ...base, kind: "message", text };
  }
  const result = await bot.handle(event, responder);
  if (event.kind === "submit" && !(result.errors && Object.keys(result.errors).length > 0))
    adapter.forms.delete(formKey(activity.conversation.id, event.formId, event.metadata));
  if (event.kind === "submit" && result.errors && Object.keys(result.errors).length > 0) {
    // The form card shows the problems next to the fields, with what was typed kept.
    const form = adapter.forms.get(formKey(activity.conversation.id, event.formId, event.metadata));
    if (form && activity.replyToId)
      await context.updateActivity({
        ...MessageFactory.attachment(CardFactory.adaptiveCard(toFormCard(form, result.errors, event.values))),
        id: activity.replyToId,
      });
    else
      await context.sendActivity(
        Object.values(result.errors)
          .map((e) => `⚠ ${e}`)
          .join("\n"),
      );
  }
}

const formKey = (conversationId: string, formId: string, metadata?: string) =>
  `${conversationId}|${formId}|${metadata ?? ""}`;
