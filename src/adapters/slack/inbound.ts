import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { z } from "zod";
import type { Logger } from "../../core/log.js";
import type { Route } from "../../server/http.js";

/**
 * The edge of `/slack/events`: every request is checked here before Bolt sees it.
 *
 * 1. Its age: Slack's signature covers `x-slack-request-timestamp`, a whole number of
 *    seconds; more than five minutes off in either direction (Bolt itself only refuses old
 *    ones) or not a whole number: 401.
 * 2. Its signature (HMAC-SHA256 with the signing secret, as Slack signs): else 401.
 * 3. Its shape, with zod, exactly as Bolt will read it (the same parsing of JSON and of
 *    form bodies): only bodies Bolt can route without tripping over a `null` reach it. A
 *    signed body that is not what Slack sends gets 400; a valid one nothing listens for
 *    (another event type, a shortcut, a closed modal) gets 200 here.
 * 4. Slack's own retries: an event is handled once per `event_id`, an interaction once per
 *    `trigger_id` (a modal submission without one: its view id, hash and values), through
 *    the store's atomic marks, so the retry is dropped on every replica. A duplicate gets
 *    200 and nothing else happens.
 */

/** Bolt's own limit on a request body. */
export const BODY_LIMIT = 4 * 1024 * 1024;
/** How far a request's timestamp may be from our clock, either way (Slack: five minutes). */
export const MAX_SKEW_SECONDS = 5 * 60;
/** How long a handled event's id is remembered: Slack retries within minutes (after 1 and 5). */
export const DEDUPE_TTL_MS = 60 * 60_000;

const s = z.string();
/** A key Bolt routes on: it must be missing for the body to mean what we think it means. */
const absent = z.undefined().optional();

/** Fields Bolt reads on every body it is given (`respond`, function context). */
const boltCommon = {
  response_urls: z.array(z.looseObject({ response_url: s })).optional(),
  function_data: absent,
  bot_access_token: absent,
};

/** What Bolt reads on any event (`getTypeAndConversation`, `buildSource`, `ignoreSelf`). */
const eventFields = {
  type: s.min(1),
  user: s.optional(),
  channel: s.optional(),
  channel_id: s.optional(),
  item: z.looseObject({ channel: s.optional() }).optional(),
  subteam: z.looseObject({}).optional(),
  ts: s.optional(),
  thread_ts: s.optional(),
  event_ts: s.optional(),
};

/** The events kampvuur listens to, with what its listeners read. */
const listenedEvents = {
  message: z.looseObject({
    ...eventFields,
    type: z.literal("message"),
    channel: s,
    text: s.optional(),
    subtype: s.optional(),
    channel_type: s.optional(),
  }),
  app_mention: z.looseObject({
    ...eventFields,
    type: z.literal("app_mention"),
    channel: s,
    text: s,
    ts: s,
  }),
  app_home_opened: z.looseObject({
    ...eventFields,
    type: z.literal("app_home_opened"),
    user: s,
    tab: s.optional(),
  }),
} as const;

const eventEnvelope = z.looseObject({
  type: z.literal("event_callback"),
  event_id: s.min(1).max(255),
  team_id: s.optional(),
  enterprise_id: s.nullish(),
  api_app_id: s.optional(),
  event_time: z.number().optional(),
  is_enterprise_install: z.boolean().optional(),
  authorizations: z
    .array(
      z.looseObject({
        team_id: s.nullish(),
        enterprise_id: s.nullish(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .optional(),
  event: z.looseObject({ type: s.min(1) }),
  ...boltCommon,
});

const interactionFields = {
  type: s.min(1),
  user: z.looseObject({ id: s, team_id: s.optional() }),
  team: z.looseObject({ id: s.optional(), enterprise_id: s.nullish() }).nullish(),
  enterprise: z.looseObject({ id: s.optional() }).nullish(),
  api_app_id: s.optional(),
  trigger_id: s.optional(),
  response_url: s.optional(),
  is_enterprise_install: z.boolean().optional(),
  // Bolt routes on these before `type`: an interaction must not carry them.
  event: absent,
  command: absent,
  name: absent,
  ...boltCommon,
};

const blockActions = z.looseObject({
  ...interactionFields,
  type: z.literal("block_actions"),
  channel: z.looseObject({ id: s }).optional(),
  message: z.looseObject({ ts: s.optional() }).optional(),
  actions: z
    .array(
      z.looseObject({
        type: s,
        action_id: s,
        block_id: s.optional(),
        value: s.optional(),
        action_ts: s.optional(),
      }),
    )
    .min(1),
});

const viewSubmission = z.looseObject({
  ...interactionFields,
  type: z.literal("view_submission"),
  actions: absent,
  view: z.looseObject({
    id: s,
    callback_id: s,
    hash: s.optional(),
    private_metadata: s.optional(),
    app_installed_team_id: s.optional(),
    state: z.looseObject({
      values: z.record(
        s,
        z.record(
          s,
          z.looseObject({
            type: s.optional(),
            value: s.nullish(),
            selected_option: z.looseObject({ value: s }).nullish(),
          }),
        ),
      ),
    }),
  }),
});

/** Any other interaction (shortcut, view_closed, block_suggestion, …): nothing listens, 200. */
const otherInteraction = z.looseObject({ type: s.min(1) });

/** A slash command: a form body, every field a single string. */
const slashCommand = z.looseObject({
  command: s,
  text: s,
  user_id: s,
  trigger_id: s.optional(),
  team_id: s.optional(),
  channel_id: s.optional(),
  enterprise_id: s.optional(),
  response_url: s.optional(),
  is_enterprise_install: s.optional(),
  api_app_id: s.optional(),
  event: absent,
  payload: absent,
  ...boltCommon,
});

const urlVerification = z.looseObject({ type: z.literal("url_verification"), challenge: s });
const appRateLimited = z.looseObject({ type: z.literal("app_rate_limited") });

/** The one slash command kampvuur answers. */
export const SLASH_COMMAND = "/kampvuur";

export type Verdict =
  /** Hand it to Bolt; `dedupe` is the key it is handled once by. */
  | { kind: "bolt"; dedupe?: string }
  /** Valid, but nothing listens for it: 200 and nothing else. */
  | { kind: "ignore"; what: string }
  /** Slack checking the request URL: answer the challenge. */
  | { kind: "challenge"; challenge: string }
  /** Signed, but not what Slack sends: 400. */
  | { kind: "malformed"; why: string };

const malformed = (why: string): Verdict => ({ kind: "malformed", why });

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
    .join("; ");
}

const digest = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 24);

/**
 * What a parsed Slack body is, checked with the same rules whether it came over HTTP or
 * Socket Mode: `json` is an Events API body, `payload` an interaction's JSON payload,
 * `form` a slash command's fields.
 */
export function classifyBody(value: unknown, origin: "json" | "payload" | "form"): Verdict {
  if (origin === "form") {
    const command = slashCommand.safeParse(value);
    if (!command.success) return malformed(`slash command: ${issues(command.error)}`);
    if (command.data.command !== SLASH_COMMAND) return { kind: "ignore", what: "another slash command" };
    return {
      kind: "bolt",
      ...(command.data.trigger_id ? { dedupe: `command:${command.data.trigger_id}` } : {}),
    };
  }
  if (origin === "payload") {
    const other = otherInteraction.safeParse(value);
    if (!other.success) return malformed(`interaction: ${issues(other.error)}`);
    if (other.data.type === "block_actions") {
      const parsed = blockActions.safeParse(value);
      if (!parsed.success) return malformed(`block_actions: ${issues(parsed.error)}`);
      const { trigger_id, user, actions } = parsed.data;
      const stamp = actions.map((a) => a.action_ts ?? "").join(",");
      const dedupe = trigger_id
        ? `interaction:${trigger_id}`
        : stamp
          ? `action:${user.id}:${stamp}`
          : undefined;
      return { kind: "bolt", ...(dedupe ? { dedupe } : {}) };
    }
    if (other.data.type === "view_submission") {
      const parsed = viewSubmission.safeParse(value);
      if (!parsed.success) return malformed(`view_submission: ${issues(parsed.error)}`);
      const { trigger_id, view } = parsed.data;
      // The values go into the key: a corrected resubmission of the same modal is not a retry.
      const dedupe = trigger_id
        ? `interaction:${trigger_id}`
        : `view:${view.id}:${view.hash ?? ""}:${digest(view.state.values)}`;
      return { kind: "bolt", dedupe };
    }
    return { kind: "ignore", what: `interaction ${other.data.type.slice(0, 40)}` };
  }
  const base = z.looseObject({ type: s }).safeParse(value);
  if (!base.success) return malformed(`event body: ${issues(base.error)}`);
  switch (base.data.type) {
    case "url_verification": {
      const parsed = urlVerification.safeParse(value);
      return parsed.success
        ? { kind: "challenge", challenge: parsed.data.challenge }
        : malformed(`url_verification: ${issues(parsed.error)}`);
    }
    case "app_rate_limited":
      return appRateLimited.safeParse(value).success
        ? { kind: "ignore", what: "app_rate_limited" }
        : malformed("app_rate_limited");
    case "event_callback": {
      const envelope = eventEnvelope.safeParse(value);
      if (!envelope.success) return malformed(`event_callback: ${issues(envelope.error)}`);
      const type = envelope.data.event.type;
      const schema = Object.hasOwn(listenedEvents, type)
        ? listenedEvents[type as keyof typeof listenedEvents]
        : undefined;
      if (!schema) return { kind: "ignore", what: `event ${type.slice(0, 40)}` };
      const event = schema.safeParse(envelope.data.event);
      if (!event.success) return malformed(`event ${type}: ${issues(event.error)}`);
      return { kind: "bolt", dedupe: `event:${envelope.data.event_id}` };
    }
    default:
      return malformed(`unknown body type ${base.data.type.slice(0, 40)}`);
  }
}

/** Bolt's parsing, step by step, so what is checked is exactly what Bolt will read. */
export function classifyRaw(contentType: string | undefined, text: string): Verdict {
  try {
    if (contentType === "application/x-www-form-urlencoded") {
      const fields = parseQuery(text);
      if ("payload" in fields) {
        if (typeof fields.payload !== "string") return malformed("more than one payload");
        return classifyBody(JSON.parse(fields.payload), "payload");
      }
      return classifyBody({ ...fields }, "form");
    }
    return classifyBody(JSON.parse(text), "json");
  } catch (error) {
    return malformed(`not parseable: ${(error as Error).message.slice(0, 100)}`);
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Why a request is refused, or undefined when its timestamp and signature are good.
 * Slack signs `v0:<timestamp>:<body>` with HMAC-SHA256 and the app's signing secret.
 */
export function refusal(
  headers: IncomingHttpHeaders,
  body: string,
  signingSecret: string,
  nowMs: number,
): string | undefined {
  if (!signingSecret) return "no signing secret is configured";
  const stamp = header(headers, "x-slack-request-timestamp");
  if (!stamp || !/^[1-9][0-9]{0,11}$/.test(stamp))
    return "x-slack-request-timestamp is not a whole number of seconds";
  const skew = Number(stamp) - Math.floor(nowMs / 1000);
  if (skew < -MAX_SKEW_SECONDS) return "the request is more than five minutes old";
  if (skew > MAX_SKEW_SECONDS) return "the request is dated more than five minutes in the future";
  const signature = header(headers, "x-slack-signature") ?? "";
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return "x-slack-signature is missing or malformed";
  const expected = createHmac("sha256", signingSecret).update(`v0:${stamp}:${body}`).digest();
  const given = Buffer.from(signature.slice(3), "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return "the signature does not match";
  return undefined;
}

class TooLarge extends Error {}

/** Reads a request body, at most `limit` bytes (the rest is drained, so the answer can still be sent). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= limit) chunks.push(buffer);
  }
  if (size > limit) throw new TooLarge();
  return Buffer.concat(chunks);
}

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined) res.writeHead(status).end();
  else res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export interface EdgeOptions {
  signingSecret: string;
  /** The store's atomic marks (`store.claims`): shared by every replica. */
  marks: { mark(key: string, ttlMs: number): Promise<boolean> };
  logger: Logger;
  now?: () => number;
}

/** Bolt's request handler behind the checks above; Bolt reads the body already read here. */
export function slackEdge(bolt: Route, options: EdgeOptions): Route {
  const { logger } = options;
  const now = options.now ?? Date.now;
  return async (req, res) => {
    if ((req.method ?? "").toUpperCase() !== "POST") return answer(res, 404);
    let raw: Buffer;
    try {
      raw = await readBody(req, BODY_LIMIT);
    } catch (error) {
      if (error instanceof TooLarge) return answer(res, 413);
      return answer(res, 400);
    }
    const text = raw.toString();
    const contentType = req.headers["content-type"];
    // Slack's SSL check is not signed (Bolt does the same).
    if (contentType === "application/x-www-form-urlencoded" && parseQuery(text).ssl_check === "1")
      return answer(res, 200);
    const refused = refusal(req.headers, text, options.signingSecret, now());
    if (refused) {
      logger.warn({ why: refused }, "refused a Slack request");
      return answer(res, 401);
    }
    const verdict = classifyRaw(contentType, text);
    switch (verdict.kind) {
      case "malformed":
        logger.warn({ why: verdict.why }, "a signed Slack request that is not what Slack sends");
        return answer(res, 400);
      case "ignore":
        logger.debug({ what: verdict.what }, "a Slack request nothing listens for");
        return answer(res, 200);
      case "challenge":
        return answer(res, 200, { challenge: verdict.challenge });
      case "bolt":
        break;
    }
    if (verdict.dedupe) {
      const first = await options.marks
        .mark(`slack:${verdict.dedupe}`, DEDUPE_TTL_MS)
        .catch((error: unknown) => {
          // Without the store we cannot tell; handling it is better than losing it.
          logger.warn(
            { err: error, key: verdict.dedupe },
            "could not check whether a Slack request was seen before",
          );
          return true;
        });
      if (!first) {
        logger.info(
          {
            key: verdict.dedupe,
            retryNum: header(req.headers, "x-slack-retry-num"),
            retryReason: header(req.headers, "x-slack-retry-reason"),
          },
          "Slack sent a request again that was already handled; acknowledged, nothing else done",
        );
        return answer(res, 200);
      }
    }
    // Bolt uses a body that was already read (its `BufferedIncomingMessage`).
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    await bolt(req, res);
  };
}
