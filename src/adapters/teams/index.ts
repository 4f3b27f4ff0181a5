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
import {
  type AdapterPersonalData,
  type ChatAdapter,
  type Responder,
  SendError,
  type SentMessage,
} from "../../core/adapter.js";
import type { PaceLimit } from "../../core/pacing.js";
import type { Inbound } from "../../core/inbound.js";
import { KampvuurError } from "../../kernel/errors.js";
import type { InboundEvent } from "../../core/events.js";
import { messages } from "../../core/i18n/index.js";
import type { Logger } from "../../core/log.js";
import {
  cutAtWord,
  type Form,
  type Message,
  notificationText,
  plainText,
  stripMarkup,
} from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import type { Route } from "../../server/http.js";
import type { Store } from "../../storage/store.js";
import type { Collection } from "../../storage/collection.js";
import { needsCard, toCard, toDoneFormCard, toFormCard, toTeamsMarkdown } from "./cards.js";
import { fitActivity } from "./fit.js";
import { isLoopbackAddress, isLoopbackUrl } from "./loopback.js";
import { teamsConversations, type teamsConversationSchema, teamsUsers } from "./records.js";
import { toSendError } from "./send-errors.js";

type TeamsReference = z.input<typeof teamsConversationSchema>;

export interface TeamsOptions {
  /** botbuilder's usual settings; with an app id every request needs a valid Bot Framework token. */
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
  /**
   * Without an app id: run unauthenticated for local testing (`KAMPVUUR_TEAMS_LOCAL=1`), for
   * requests from loopback with a loopback `serviceUrl` only. It has to be asked for: with
   * neither an app id nor this, `createTeams` refuses. Ignored when there is an app id.
   */
  local?: boolean;
  /** How long a proactive send may take; after that it counts as uncertain (default 30 s). */
  sendTimeoutMs?: number;
  /** The Bot Connector's limit per app and tenant (`TEAMS_REQUESTS_PER_SECOND`, default 50). */
  requestsPerSecond?: number;
  store: Store;
  logger: Logger;
}

export interface Teams {
  adapter: TeamsAdapter;
  /** The handler for `/api/messages`. */
  route: Route;
}

const idSchema = z.string().min(1).max(1_000);
const account = z.object({ id: idSchema }).loose();

/**
 * The fields of an inbound activity kampvuur (and botbuilder's turn) relies on, with the
 * types it relies on; other fields are botbuilder's business and pass through.
 */
const activitySchema = z
  .object({
    type: z.string().min(1).max(100),
    serviceUrl: z.url({ protocol: /^https?$/ }).max(2_000),
    channelId: z.string().max(100).optional(),
    id: z.string().max(1_000).optional(),
    conversation: z
      .object({
        id: idSchema,
        conversationType: z.string().max(100).optional(),
        tenantId: z.string().max(200).optional(),
      })
      .loose(),
    from: account.optional(),
    recipient: account.optional(),
    text: z.string().optional(),
    replyToId: z.string().max(1_000).optional(),
    action: z.string().max(100).optional(),
    locale: z.string().max(100).optional(),
    timestamp: z.string().max(100).optional(),
    localTimestamp: z.string().max(100).optional(),
    expiration: z.string().max(100).optional(),
    membersAdded: z.array(account).max(1_000).optional(),
    membersRemoved: z.array(account).max(1_000).optional(),
    entities: z
      .array(z.object({ type: z.string().optional() }).loose())
      .max(100)
      .optional(),
    attachments: z.array(z.object({}).loose()).max(100).optional(),
    channelData: z.object({}).loose().optional(),
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

/** Marks a turn the bot started itself (a proactive send): its failures go back to the caller. */
const PROACTIVE = Symbol("kampvuur proactive turn");

/**
 * The Teams side of the bot: botbuilder's `CloudAdapter` at `/api/messages`. With an app
 * id every request needs a valid Bot Framework token (botbuilder checks it). Without one it
 * runs only when asked for (`local`), unauthenticated like the Bot Framework Emulator, and
 * accepts an activity only from a loopback address with a `serviceUrl` whose host is
 * loopback, so an open endpoint can neither be reached from outside nor made to call out;
 * and an unauthenticated activity never re-points a conversation the bot already knows.
 */
export function createTeams(bot: Inbound, options: TeamsOptions): Teams {
  const authenticated = Boolean(options.appId);
  if (!authenticated && !options.local)
    throw new KampvuurError(
      "config_invalid",
      "Teams needs MicrosoftAppId (and MicrosoftAppPassword), or KAMPVUUR_TEAMS_LOCAL=1 for local testing without Azure.",
    );
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: options.appId ?? "",
    MicrosoftAppPassword: options.appPassword ?? "",
    MicrosoftAppType: options.appType ?? (options.appId ? "MultiTenant" : ""),
    MicrosoftAppTenantId: options.tenantId ?? "",
  });
  const cloud = new CloudAdapter(auth);
  cloud.onTurnError = async (context, error) => {
    if (!context.turnState.get(PROACTIVE)) options.logger.error({ err: error }, "teams turn failed");
    // Only an answer to someone's own message gets the apology; a send the bot started
    // itself fails back to its caller instead (see TeamsAdapter.send), never silently.
    if (context.turnState.get(PROACTIVE)) throw error;
    await context.sendActivity(messages(bot.language).internalError).catch(() => {});
  };
  if (authenticated && options.local)
    options.logger.warn(
      "KAMPVUUR_TEAMS_LOCAL is ignored: MicrosoftAppId is set, so every request needs a token",
    );
  if (!authenticated)
    options.logger.warn(
      "Teams runs in local mode (KAMPVUUR_TEAMS_LOCAL): unauthenticated, for local testing only; only requests from loopback with a loopback serviceUrl are accepted",
    );
  const adapter = new TeamsAdapter(cloud, options.store, options.appId ?? "", {
    authenticated,
    sendTimeoutMs: options.sendTimeoutMs ?? 30_000,
    requestsPerSecond: options.requestsPerSecond,
    tenantId: options.tenantId,
  });

  const refuse = (res: ServerResponse, status: number, why: string, fields: Record<string, unknown>) => {
    options.logger.warn(fields, why);
    res
      .writeHead(status, { "content-type": "application/json" })
      .end(JSON.stringify({ error: "not allowed" }));
  };

  const route: Route = async (req, res) => {
    if (req.method !== "POST") return void res.writeHead(405).end();
    if (!authenticated) {
      // A proxy in front makes every request look local: local mode is for a direct connection only.
      const forwarded = req.headers["x-forwarded-for"] ?? req.headers.forwarded;
      if (!isLoopbackAddress(req.socket.remoteAddress) || forwarded !== undefined)
        return refuse(res, 401, "refused an unauthenticated request from outside loopback", {
          remoteAddress: req.socket.remoteAddress,
          forwarded,
        });
    }
    const body = await readJson(req);
    const parsed = activitySchema.safeParse(body);
    if (!parsed.success) {
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "not an activity" }));
      return;
    }
    if (!authenticated && !isLoopbackUrl(parsed.data.serviceUrl))
      return refuse(res, 401, "refused an unauthenticated activity whose serviceUrl is not on loopback", {
        serviceUrl: parsed.data.serviceUrl.slice(0, 200),
      });
    await cloud.process(
      {
        body: parsed.data as Record<string, unknown>,
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
/**
 * A neutral message as a Teams activity: plain text as markdown text, anything with buttons
 * or sections as a card. A card carries its notification line as `summary` (desktop) and as
 * `text` (what Android shows on a locked screen: "sent you a card" otherwise), in plain words,
 * cut at a word. When the message's first line fits there whole, it is said only there, not
 * again at the top of the card. Never over Teams' 28 KB: see `fitActivity`.
 */
function activityFor(message: Message): Partial<Activity> {
  if (!needsCard(message)) return fitActivity(MessageFactory.text(toTeamsMarkdown(plainText(message))));
  const line = notificationText(message, NOTIFICATION_MAX);
  const [first, ...rest] = message.blocks ?? [];
  const lead =
    message.text === undefined &&
    first?.type === "text" &&
    // Only a line without markup: `text` is the notification on a phone, plain words only.
    stripMarkup(first.text) === first.text &&
    notificationText({ blocks: [first] }, 10_000) === line
      ? first
      : undefined;
  const activity = MessageFactory.attachment(
    CardFactory.adaptiveCard(toCard(lead ? { ...message, blocks: rest } : message)),
  );
  activity.summary = line;
  activity.text = lead ? toTeamsMarkdown(lead.text) : line;
  return fitActivity(activity);
}

/**
 * What `activityFor` made of a message it saw before: a fan-out that sends the same message
 * object to many people (the same text for all) builds and measures its card once. Each send
 * gets a copy of the activity's top level (the Bot Framework fills in the conversation there);
 * the card inside is shared and only serialized.
 */
const activities = new WeakMap<Message, Partial<Activity>>();

function activityOf(message: Message): Partial<Activity> {
  let activity = activities.get(message);
  if (!activity) {
    activity = activityFor(message);
    activities.set(message, activity);
  }
  return { ...activity };
}

/** A form card with its title as the notification line, in `summary` and `text` (Teams otherwise says "sent a card"). */
function formActivity(form: Form, card: ReturnType<typeof toFormCard>): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  activity.summary = cutAtWord(stripMarkup(form.title), NOTIFICATION_MAX);
  // Android's notification shows `text` ("sent you a card" without it).
  activity.text = activity.summary;
  return fitActivity(activity);
}

/** Teams cuts the notification line itself; past this it would be cut mid-word. */
const NOTIFICATION_MAX = 200;

/** The Bot Connector's published limit per app and tenant. */
export const TEAMS_REQUESTS_PER_SECOND = 50;

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

  private readonly conversations: Collection<typeof teamsConversations.schema>;
  private readonly users: Collection<typeof teamsUsers.schema>;

  constructor(
    readonly cloud: CloudAdapter,
    store: Store,
    private readonly appId: string,
    private readonly mode: {
      authenticated: boolean;
      sendTimeoutMs: number;
      requestsPerSecond?: number;
      tenantId?: string;
    } = {
      authenticated: true,
      sendTimeoutMs: 30_000,
    },
  ) {
    this.conversations = store.collection(teamsConversations);
    this.users = store.collection(teamsUsers);
  }

  /**
   * What this adapter keeps about a person: where their personal chat with the bot is (the
   * user record and that chat's conversation reference, which names them). By their Teams id
   * from the programme file: the records are keyed by it, so nothing is scanned.
   */
  readonly personalData: AdapterPersonalData = {
    export: async (person) => {
      const teamsId = person.identities.teams;
      const user = teamsId ? await this.users.get(teamsId) : undefined;
      if (!teamsId || !user) return undefined;
      const chat = await this.conversations.get(user.conversationId);
      return {
        teamsUserId: teamsId,
        personalChat: { conversationId: user.conversationId, since: user.at },
        ...(chat ? { conversationReference: chat } : {}),
      };
    },
    erase: async (person) => {
      const teamsId = person.identities.teams;
      const user = teamsId ? await this.users.get(teamsId) : undefined;
      if (!teamsId || !user) return 0;
      const chat = (await this.conversations.delete(user.conversationId)) ? 1 : 0;
      await this.users.delete(teamsId);
      return 1 + chat;
    },
  };

  /**
   * Keeps where a conversation is, and for a personal chat whose user it is with. An
   * unauthenticated activity (local mode) only adds what is new: it never replaces a stored
   * conversation, nor re-points a user who already has a chat with the bot.
   */
  async remember(activity: Activity): Promise<void> {
    const reference = TurnContext.getConversationReference(activity);
    const id = activity.conversation.id;
    const personal =
      activity.conversation.conversationType === "personal" &&
      Boolean(activity.from?.id) &&
      activity.from.id !== activity.recipient?.id;
    if (!this.mode.authenticated) {
      if (await this.conversations.get(id)) return;
      if (personal && (await this.users.get(activity.from.id))) return;
    }
    await this.conversations.set(id, reference as unknown as TeamsReference);
    if (personal)
      await this.users.set(activity.from.id, { conversationId: id, at: new Date().toISOString() });
  }

  /** A person's personal chat with the bot, once they installed the app (or wrote to it). */
  /** A Teams conversation can be written to only when the bot saw it and kept its reference (installed there). */
  async canStart(conversation: string): Promise<boolean> {
    return (await this.conversations.get(conversationIdOf(conversation))) !== undefined;
  }

  async directAddress(person: Person): Promise<string | undefined> {
    const teamsId = person.identities.teams;
    const user = teamsId ? await this.users.get(teamsId) : undefined;
    return user ? teamsAddress(user.conversationId) : undefined;
  }

  /**
   * Starts a message in a stored conversation (proactive): scheduled prompts, reminders,
   * digests. Sent once: botbuilder's own retries are switched off for it (after a 5xx or a
   * reset it cannot know whether the first one arrived), and a failure throws a `SendError`
   * for the deliverer to decide on, instead of going to `onTurnError`.
   */
  /**
   * Microsoft throttles a bot at about 50 requests a second per app and tenant (Company
   * Communicator stays under it: "going over this rate can get the bot blocked"). One target
   * per app: its own tenant's when single-tenant, else all tenants together (stricter, never over).
   */
  pacing(): PaceLimit[] {
    return [
      {
        key: `teams:${this.appId || "-"}:${this.mode.tenantId || "*"}`,
        perSecond: this.mode.requestsPerSecond ?? TEAMS_REQUESTS_PER_SECOND,
        // Counted per second (a window), not refilled like a bucket.
        windowMs: 1_000,
      },
    ];
  }

  async send(conversation: string, message: Message): Promise<SentMessage> {
    let id: string | undefined;
    await this.proactive(conversation, async (context) => {
      id = (await context.sendActivity(activityOf(message)))?.id;
    });
    return { conversation, ...(id ? { messageId: id } : {}) };
  }

  async update(sent: SentMessage, message: Message): Promise<void> {
    if (!sent.messageId) return;
    const messageId = sent.messageId;
    await this.proactive(sent.conversation, async (context) => {
      await context.updateActivity({ ...activityFor(message), id: messageId });
    });
  }

  /** Runs `logic` in a turn of its own in a stored conversation; any failure is thrown as a `SendError`. */
  private async proactive(
    conversation: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const reference = await this.conversations.get(conversationIdOf(conversation));
    if (!reference)
      throw new SendError(
        "not-sent",
        `no conversation reference for ${conversation}: the app is not installed there`,
      );
    if (!this.mode.authenticated && !isLoopbackUrl(reference.serviceUrl))
      throw new SendError("not-sent", "local mode sends only to a serviceUrl on loopback");
    let failure: { error: unknown } | undefined;
    try {
      await this.cloud.continueConversationAsync(
        this.appId,
        reference as unknown as Partial<ConversationReference>,
        async (context) => {
          context.turnState.set(PROACTIVE, true);
          try {
            sendOnce(context.turnState.get(this.cloud.ConnectorClientKey), this.mode.sendTimeoutMs);
            await logic(context);
          } catch (error) {
            failure = { error };
          }
        },
      );
    } catch (error) {
      failure = { error };
    }
    if (failure) throw toSendError(failure.error);
  }
}

/** The part of `@azure/core-rest-pipeline`'s pipeline used here. */
interface Pipeline {
  removePolicy(options: { phase?: string; name?: string }): unknown[];
  addPolicy(policy: {
    name: string;
    sendRequest(
      request: { timeout: number },
      next: (request: { timeout: number }) => Promise<unknown>,
    ): Promise<unknown>;
  }): void;
  getOrderedPolicies(): { name: string }[];
}

/**
 * Makes a proactive turn's connector client send each request once, with a time-out. The
 * client (made fresh for every proactive turn by botbuilder's `ConnectorFactory`) has
 * `@azure/core-rest-pipeline`'s default retry policy: up to 3 resends after a 5xx, a 408,
 * a 503/429 with Retry-After, a reset, a refused connection or a time-out. Only the
 * deliverer may decide to send again, so those are removed. botbuilder does not expose the
 * pipeline; if a new version moves it, sending refuses rather than risk duplicates.
 */
function sendOnce(connectorClient: unknown, timeoutMs: number): void {
  const pipeline = (connectorClient as { client?: { pipeline?: Pipeline } } | undefined)?.client?.pipeline;
  if (!pipeline || typeof pipeline.removePolicy !== "function" || typeof pipeline.addPolicy !== "function")
    throw new SendError(
      "not-sent",
      "cannot switch off botbuilder's retries for this send (botbuilder changed?)",
    );
  pipeline.removePolicy({ phase: "Retry" });
  if (pipeline.getOrderedPolicies().some((p) => /retry/i.test(p.name)))
    throw new SendError("not-sent", "botbuilder's retry policy could not be removed for this send");
  pipeline.addPolicy({
    name: "kampvuurSendTimeout",
    sendRequest: (request, next) => {
      if (!request.timeout) request.timeout = timeoutMs;
      return next(request);
    },
  });
}

/** One inbound activity: remember where it came from, then hand it to the core. */
async function turn(context: TurnContext, bot: Inbound, adapter: TeamsAdapter): Promise<void> {
  const activity = context.activity;
  await adapter.remember(activity);
  const direct = activity.conversation.conversationType === "personal";
  const from = activity.from?.id ?? "";
  /** Their e-mail address, asked of Teams only when their Teams id is not enough to know them. */
  const emailOf = async () =>
    bot.resolve("teams", from)
      ? undefined
      : TeamsInfo.getMember(context, from).then(
          (m) => m.email ?? m.userPrincipalName ?? undefined,
          () => undefined,
        );

  // Installed for a person or a team: say hello, so people know the bot is there.
  const installed =
    (activity.type === ActivityTypes.InstallationUpdate && activity.action === "add") ||
    (activity.type === ActivityTypes.ConversationUpdate &&
      (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id));
  if (installed) {
    const person = bot.resolve("teams", from, direct ? await emailOf() : undefined);
    const language = person ? await bot.languageOf(person) : bot.language;
    const t = messages(language);
    await context.sendActivity(
      toTeamsMarkdown(person && direct ? t.teams.welcome(person.firstName) : t.teams.welcomeTeam(bot.name)),
    );
    return;
  }
  if (activity.type !== ActivityTypes.Message) return;

  const email = await emailOf();
  const base = {
    platform: "teams",
    userId: from,
    conversation: teamsAddress(activity.conversation.id),
    direct,
    ...(email ? { email } : {}),
  };
  const reply = async (m: Message) => void (await context.sendActivity(activityFor(m)));
  const sourceId = activity.replyToId;
  /** Whether the handler already replaced the card the person acted on. */
  let replaced = false;
  const person = bot.resolve("teams", from, email);
  const language = async () => (person ? await bot.languageOf(person) : bot.language);
  const words = async () => ({ required: messages(await language()).teams.required });
  const responder: Responder = {
    reply,
    openForm: async (form) => {
      adapter.rememberForm(formKey(activity.conversation.id, form.formId, form.metadata), form);
      await context.sendActivity(formActivity(form, toFormCard(form, {}, {}, await words())));
    },
    replace: sourceId
      ? async (m) => {
          replaced = true;
          await context.updateActivity({ ...activityFor(m), id: sourceId });
        }
      : reply,
    canReplace: Boolean(sourceId),
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
  if (event.kind === "submit" && !(result.errors && Object.keys(result.errors).length > 0)) {
    const key = formKey(activity.conversation.id, event.formId, event.metadata);
    const form = adapter.forms.get(key);
    adapter.forms.delete(key);
    // The sent form card becomes a read-only summary ("Opslaan" must not stay live), unless
    // the handler already put something in its place.
    if (form && activity.replyToId && !replaced)
      await context
        .updateActivity({
          ...formActivity(
            form,
            toDoneFormCard(form, event.values, messages(await language()).teams.formDone),
          ),
          id: activity.replyToId,
        })
        .catch((error: unknown) => bot.logger.warn({ err: error }, "could not close the sent form card"));
  }
  if (event.kind === "submit" && result.errors && Object.keys(result.errors).length > 0) {
    // The form card shows the problems next to the fields, with what was typed kept.
    const form = adapter.forms.get(formKey(activity.conversation.id, event.formId, event.metadata));
    if (form && activity.replyToId)
      await context.updateActivity({
        ...formActivity(form, toFormCard(form, result.errors, event.values, await words())),
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
