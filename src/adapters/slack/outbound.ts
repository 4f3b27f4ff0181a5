/** The Slack ChatAdapter: messages the bot sends and updates itself, `findSent`, and the two Web API clients. */
import { randomUUID } from "node:crypto";
import { webApi } from "@slack/bolt";
import type { WebClient, WebClientOptions } from "@slack/web-api";
import PQueue from "p-queue";
import { z } from "zod";
import {
  type ChatAdapter,
  type OutgoingFile,
  SendError,
  type SendOptions,
  type SentMessage,
} from "../../core/adapter.js";
import type { Logger } from "../../core/log.js";
import type { PaceLimit } from "../../core/pacing.js";
import type { Form, Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { boltLogger } from "./bolt-logger.js";
import type { KeyvInstallationStore } from "./installations.js";
import { toBlockKit, toModal } from "./render.js";
import { toSendError } from "./send-errors.js";

/** `chat.postMessage` per workspace per minute, when `SLACK_MESSAGES_PER_MINUTE` does not say. */
export const SLACK_MESSAGES_PER_MINUTE = 600;

/** The workspace part of an address when there is only one workspace (a bot token). */
export const SINGLE = "-";

/**
 * `slack:<team>:<channel>` (a DM channel, a user id to DM, or a channel), optionally
 * `:<thread ts>`; the team is `-` with a single bot token.
 */
export function slackAddress(team: string | undefined, channel: string, threadTs?: string): string {
  return `slack:${team || SINGLE}:${channel}${threadTs ? `:${threadTs}` : ""}`;
}

function parseAddress(conversation: string): { team: string; channel: string; threadTs?: string } {
  // As `conversation.split(":")`'s second, third and fourth parts (every send reads one), without the array.
  const a = conversation.indexOf(":");
  if (a < 0) return { team: SINGLE, channel: "" };
  const b = conversation.indexOf(":", a + 1);
  if (b < 0) return { team: conversation.slice(a + 1), channel: "" };
  const team = conversation.slice(a + 1, b);
  const c = conversation.indexOf(":", b + 1);
  if (c < 0) return { team, channel: conversation.slice(b + 1) };
  const channel = conversation.slice(b + 1, c);
  const d = conversation.indexOf(":", c + 1);
  const threadTs = d < 0 ? conversation.slice(c + 1) : conversation.slice(c + 1, d);
  return threadTs ? { team, channel, threadTs } : { team, channel };
}

/** The one workspace of a single bot token (which the client carries). Read only. */
const SINGLE_TOKEN: readonly { teamId: string; token: string }[] = Object.freeze([
  Object.freeze({ teamId: SINGLE, token: "" }),
]);

/** Bot tokens per workspace; with a single bot token the client already carries it. */
interface Tokens {
  forTeam(teamId: string): Promise<string | undefined>;
  all(): Promise<readonly { teamId: string; token: string }[]>;
}

/** The options of Bolt's own client (`app.client`, and the OAuth installer's): reads and idempotent calls, which may retry. */
export function readClientOptions(apiUrl: string | undefined): WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    // Reads and idempotent calls (users.info, chat.update, views.publish, conversations.history).
    retryConfig: { retries: 5, factor: 2, minTimeout: 200, maxTimeout: 5_000 },
    timeout: 30_000,
    fetch: laterMeansWait,
  };
}

/**
 * The WebClient waits out a 429 for its `Retry-After`, but gives up at once on one without
 * the header ("Retry header did not contain a valid timeout"): a `chat.update`, a Home tab or
 * a `findSent` look-up would then fail because the platform said "later". Such a 429 gets a
 * `Retry-After` of one second, so the client waits and tries again (within its retries).
 */
const laterMeansWait: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.status !== 429 || response.headers.has("retry-after")) return response;
  const headers = new Headers(response.headers);
  headers.set("retry-after", "1");
  return new Response(response.body, { status: 429, statusText: response.statusText, headers });
};

export interface OutboundOptions {
  /** The single bot token; none with OAuth, where each call carries its workspace's token. */
  botToken?: string;
  /** With OAuth: the installations, with a bot token per workspace. */
  installations?: KeyvInstallationStore;
  /** The Web API base address, ending in `/`. */
  apiUrl?: string;
  logger: Logger;
  /** How long one send may take before it counts as uncertain (default 30 s). */
  sendTimeoutMs?: number;
  /** How long `findSent` lets a message Slack may just have taken settle before it looks (default 1 s). */
  findSettleMs?: number;
  /** `chat.postMessage` per workspace per minute that sends are paced to (default 600). */
  messagesPerMinute?: number;
  /** How many people may be looked up by e-mail per window (default: Slack's Tier 3, 50 a minute). */
  lookups?: LookupLimit;
}

/** At most `count` lookups by e-mail in any `perMs` milliseconds, per workspace. */
export interface LookupLimit {
  count: number;
  perMs: number;
}

/**
 * `users.lookupByEmail` is a Tier 3 method: Slack allows 50+ calls a minute per workspace.
 * Finding many people by e-mail at once (the first fan-out of a programme that lists them by
 * e-mail only) is paced to that instead of provoking a 429 for every call over it.
 */
const TIER_3: LookupLimit = { count: 50, perMs: 60_000 };

/**
 * The `ChatAdapter` on two Web API clients: Bolt's own (`client`, `app.client`) for reads and
 * idempotent calls, which may retry; and one for `chat.postMessage` that makes exactly one
 * attempt (`retries: 0`) and gets a 429 back at once (`rejectRateLimitedCalls`) instead of
 * resending it after the wait: a message Slack may already have taken is never posted again
 * by the client.
 */
export function createAdapter(client: WebClient, options: OutboundOptions): SlackAdapter {
  const { apiUrl, installations } = options;
  const sender = new webApi.WebClient(options.botToken, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.sendTimeoutMs ?? 30_000,
    logger: boltLogger(options.logger),
  });
  const tokens: Tokens = installations
    ? { forTeam: (team) => installations.tokenFor(team), all: () => installations.tokens() }
    : { forTeam: async () => undefined, all: async () => SINGLE_TOKEN };
  return new SlackAdapter(client, tokens, sender, {
    findSettleMs: options.findSettleMs ?? 1_000,
    messagesPerMinute: options.messagesPerMinute,
    lookups: options.lookups,
  });
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

/**
 * What `chat.postMessage` answers, as far as we use it: its `channel` and `ts`, each a string
 * or absent; undefined when the answer is not an object or either is something else. (The
 * check a zod schema of the two optional strings made, without copying the whole answer on
 * every send.)
 */
function postedFields(result: unknown): { channel?: string; ts?: string } | undefined {
  if (typeof result !== "object" || result === null || Array.isArray(result)) return undefined;
  const { channel, ts } = result as { channel?: unknown; ts?: unknown };
  if (channel !== undefined && typeof channel !== "string") return undefined;
  if (ts !== undefined && typeof ts !== "string") return undefined;
  return { channel, ts };
}
const openedSchema = z.looseObject({ channel: z.looseObject({ id: z.string() }) });
const historySchema = z.looseObject({ messages: z.array(z.unknown()) });
const historyMessageSchema = z.looseObject({
  ts: z.string(),
  bot_id: z.string().nullish(),
  metadata: z
    .looseObject({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).nullish() })
    .nullish(),
});

/** How many conversations' limits `pacing` keeps before it starts afresh. */
const MAX_KNOWN_LIMITS = 50_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackAdapter implements ChatAdapter {
  readonly platform = "slack";
  /** A person's Slack id and e-mail → their DM address (found once per process). */
  private readonly addresses = new Map<string, Promise<string | undefined>>();
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
    private readonly options: {
      findSettleMs?: number;
      messagesPerMinute?: number;
      lookups?: LookupLimit;
    } = {},
  ) {}

  /** Per workspace: the lookups by e-mail, in a sliding window of Slack's Tier 3 limit. */
  private readonly lookupQueues = new Map<string, PQueue>();

  private lookup<T>(team: string, call: () => Promise<T>): Promise<T> {
    let queue = this.lookupQueues.get(team);
    if (!queue) {
      const { count, perMs } = this.options.lookups ?? TIER_3;
      queue = new PQueue({ intervalCap: count, interval: perMs, strict: true });
      this.lookupQueues.set(team, queue);
    }
    return queue.add(call);
  }

  /**
   * Slack allows about one message a second per channel (short bursts aside) and a limit per
   * workspace (`SLACK_MESSAGES_PER_MINUTE`, default 600): a send counts against both.
   */
  pacing(conversation: string): PaceLimit[] {
    let limits = this.limits.get(conversation);
    if (!limits) {
      const { team, channel } = parseAddress(conversation);
      limits = Object.freeze([
        Object.freeze({ key: `slack:${team}:${channel}`, perSecond: 1 }),
        Object.freeze({
          key: `slack:${team}`,
          perSecond: (this.options.messagesPerMinute ?? SLACK_MESSAGES_PER_MINUTE) / 60,
        }),
      ]) as PaceLimit[];
      if (this.limits.size >= MAX_KNOWN_LIMITS) this.limits.clear();
      this.limits.set(conversation, limits);
    }
    return limits;
  }

  /** The limits of each conversation sent to (the same for every send there): made once, read only. */
  private readonly limits = new Map<string, PaceLimit[]>();

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
    // By who they are on Slack, not by their id in a programme: one adapter can serve several
    // programmes (KAMPVUUR_PROGRAMMES), where the same id may be two different people.
    const key = `${person.identities.slack ?? ""}\u0000${person.identities.email?.toLowerCase() ?? ""}`;
    // The look-up itself is kept, so two sends to someone at once ask Slack once.
    let found = this.addresses.get(key);
    if (!found) {
      found = this.find(person);
      this.addresses.set(key, found);
      // A failed look-up is not remembered: the next send asks again.
      found.catch(() => this.addresses.delete(key));
    }
    return found;
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
        const id = await this.lookup(teamId, () => this.client.users.lookupByEmail({ email, ...auth })).then(
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
   * Posts one message, once: the send client never repeats a request (see `createAdapter`).
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
      const { text, blocks } = toBlockKit(message);
      // The same arguments in the same order as ever, built without a spread per part.
      const built: Record<string, unknown> = { channel, text, blocks };
      if (threadTs) built.thread_ts = threadTs;
      built.unfurl_links = false;
      if (metadata) built.metadata = metadata;
      // A single bot token: the client carries it, nothing to wait for.
      if (team !== SINGLE) {
        const { token } = await this.token(team);
        if (token) built.token = token;
      }
      args = built as unknown as typeof args;
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
    const posted = postedFields(result);
    const dm = posted?.channel;
    if (dm && dm !== channel) this.rememberDm(team, channel, dm);
    const sent: SentMessage = { conversation: slackAddress(team, dm ?? channel, threadTs) };
    if (posted?.ts) sent.messageId = posted.ts;
    return sent;
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

  /**
   * Uploads a file into a conversation the way Slack wants it now: `files.getUploadURLExternal`,
   * the bytes to the address it gives, then `files.completeUploadExternal` to share it there
   * (WebClient's `filesUploadV2`; the scope is `files:write`). A user id is first turned into
   * the DM's channel id (`conversations.open`), since a file is shared into a channel.
   */
  async uploadFile(conversation: string, file: OutgoingFile): Promise<void> {
    const { team, channel, threadTs } = parseAddress(conversation);
    const auth = await this.token(team);
    const channelId = await this.dmChannel(team, channel, auth);
    if (!channelId) throw new Error(`no Slack channel to share the file in for ${conversation}`);
    const upload = {
      file: file.content,
      filename: file.filename,
      title: file.title,
      ...(file.comment ? { initial_comment: file.comment } : {}),
      ...(file.altText ? { alt_text: file.altText } : {}),
      ...auth,
    };
    await this.client.filesUploadV2(
      threadTs
        ? { ...upload, channel_id: channelId, thread_ts: threadTs }
        : { ...upload, channel_id: channelId },
    );
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
