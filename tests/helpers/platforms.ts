import { createSlack, type Slack } from "../../src/adapters/slack/index.js";
import { createTeams, type Teams } from "../../src/adapters/teams/index.js";
import type { Programme } from "../../src/config/programme-schema.js";
import { silentLogger } from "../../src/core/log.js";
import type { Models } from "../../src/knowledge/models.js";
import { type HttpServer, startHttpServer } from "../../src/server/http.js";
import { startTestApp, type TestApp } from "./harness.js";
import { dmEvent, eventBody, interactionBody, post, SECRET } from "./slack-requests.js";

/**
 * kampvuur booted on the real platform SDKs, for tests that drive the whole path a platform
 * takes, against the loopback fakes (`fake-slack.ts`, `fake-connector.ts`):
 *
 * - Slack: signed HTTP requests into Bolt's receiver (`/slack/events`, on the bot's own HTTP
 *   server) → the bot → Bolt's WebClient → the fake Web API. Events are acknowledged before
 *   the bot answers, so wait for the fake's calls (`until` in `slack-requests.ts`); a modal
 *   submission is answered after the bot (field errors are in its response).
 * - Teams: activities POSTed to `/api/messages` → botbuilder's `CloudAdapter` (local mode,
 *   loopback only) → the fake Bot Connector. The POST returns once the turn is done, so the
 *   connector has the answer by then.
 *
 * Example:
 * ```ts
 * const fake = new FakeSlack();
 * const slack = await startSlackPlatform(await fake.start(), { now: DEMO_NOW });
 * await slack.dm("U0KV0ANNA", "help");
 * await until(() => fake.of("chat.postMessage")[0], "the help");
 * await slack.close();
 * ```
 */

export interface PlatformOptions {
  /** The clock's start (default: the harness's DEMO_NOW). */
  now?: Date;
  /** Default: the demo programme (`examples/leergang.yaml`). */
  programme?: Programme;
  /** Default: in-memory. */
  storeUrl?: string;
  models?: Models;
}

/** A Slack button as Block Kit has it: what a `block_actions` interaction carries back. */
export interface SlackButton {
  action_id: string;
  value?: string;
}

export interface SlackPlatform {
  t: TestApp;
  slack: Slack;
  http: HttpServer;
  /** POSTs one Events API event (signed), such as `app_home_opened`. */
  event(event: Record<string, unknown>): Promise<Response>;
  /** A direct message from `user` (a Slack user id) to the bot. */
  dm(user: string, text: string): Promise<Response>;
  /** `app_home_opened` on the Home tab (the bot publishes the Home view with `views.publish`). */
  openHome(user: string): Promise<Response>;
  /**
   * A click on a button; `message` is the message it sits under (its DM channel and `ts`, as
   * the fake keeps it), so the bot can replace it with `chat.update`. Each click has a
   * trigger id of its own (what `views.open` needs).
   */
  click(user: string, button: SlackButton, message?: { channel: string; ts: string }): Promise<Response>;
  /**
   * A modal submitted: `view` is what `views.open` got (its `callback_id` and
   * `private_metadata`), `values` the state by block id and action id, as Slack sends it:
   * `{ answer: { value: { type: "plain_text_input", value: "…" } } }`.
   */
  submit(
    user: string,
    view: { callback_id?: unknown; private_metadata?: unknown },
    values: Record<string, Record<string, unknown>>,
  ): Promise<Response>;
  close(): Promise<void>;
}

let clicks = 0;

/**
 * The bot with Slack over real HTTP against the fake Web API at `apiUrl` (what `fake.start()`
 * returns), with the App Home tab (`t.app.home`). Signed with `SECRET` from `slack-requests.ts`.
 */
export async function startSlackPlatform(
  apiUrl: string,
  options: PlatformOptions = {},
): Promise<SlackPlatform> {
  const t = await startTestApp({
    recording: false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.programme ? { programme: options.programme } : {}),
    ...(options.storeUrl ? { storeUrl: options.storeUrl } : {}),
    ...(options.models ? { models: options.models } : {}),
  });
  const slack = createSlack(t.app.bot, {
    auth: { botToken: "xoxb-test" },
    signingSecret: SECRET,
    apiUrl,
    logger: silentLogger,
    findSettleMs: 0,
    home: (person) => t.app.home(person),
  });
  t.app.bot.addAdapter(slack.adapter);
  const http = await startHttpServer(0, slack.routes, silentLogger);
  const event = (payload: Record<string, unknown>) => post(http.port, eventBody(payload), "application/json");
  const interaction = (payload: Record<string, unknown>) =>
    post(http.port, interactionBody(payload), "application/x-www-form-urlencoded");
  const base = (user: string) => ({ user: { id: user }, team: { id: "TKAMPVUUR" }, api_app_id: "AKAMPVUUR" });
  return {
    t,
    slack,
    http,
    event,
    dm: (user, text) => event(dmEvent(user, text)),
    openHome: (user) => event({ type: "app_home_opened", user, channel: `D${user.slice(1)}`, tab: "home" }),
    click: (user, button, message) =>
      interaction({
        type: "block_actions",
        ...base(user),
        trigger_id: `${++clicks}.42`,
        channel: { id: message?.channel ?? `D${user.slice(1)}` },
        ...(message ? { message: { ts: message.ts } } : {}),
        container: { type: "message" },
        actions: [
          {
            type: "button",
            action_id: button.action_id,
            ...(button.value !== undefined ? { value: button.value } : {}),
            block_id: "b1",
            action_ts: "1",
          },
        ],
      }),
    submit: (user, view, values) =>
      interaction({
        type: "view_submission",
        ...base(user),
        view: {
          id: `V${++clicks}`,
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values },
        },
      }),
    close: async () => {
      await http.close();
      await t.close();
    },
  };
}

/** The bot's own account in Teams, as activities name it in `recipient`. */
export const TEAMS_BOT = { id: "28:kampvuur", name: "kampvuur" };

/** The `from` and `conversation` of an activity in someone's personal chat with the bot. */
export const personalChat = (userId: string) => ({
  from: { id: userId, name: userId },
  conversation: { id: `a:personal-${userId}`, conversationType: "personal", tenantId: "tenant" },
});

/** The conversation id of someone's personal chat, as the connector's calls have it. */
export const personalConversation = (userId: string) => `a:personal-${userId}`;

export interface TeamsPlatform {
  t: TestApp;
  teams: Teams;
  http: HttpServer;
  /** POSTs one activity the way the Bot Connector does (`channelId`, `serviceUrl`, `recipient` filled in). */
  activity(fields: Record<string, unknown>): Promise<Response>;
  /** The app installed in someone's personal chat: the bot keeps the chat and says hello. */
  install(userId: string): Promise<Response>;
  /** A message from someone in their personal chat. */
  say(userId: string, text: string): Promise<Response>;
  /**
   * A card button (`Action.Submit`) pressed: `data` is the action's `data`, with a form's
   * input values added for a submit; `replyToId` is the id of the card it sits on.
   */
  press(userId: string, data: Record<string, unknown> | undefined, replyToId: string): Promise<Response>;
  close(): Promise<void>;
}

let activities = 0;

/**
 * POSTs activities to the bot's `/api/messages` on `port` the way the Bot Connector does
 * (`channelId`, `serviceUrl`, `recipient`, an id of its own filled in), with extra `headers`
 * (an `authorization`) where a test needs them.
 */
export function teamsActivities(port: number, serviceUrl: string) {
  return (fields: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({
        channelId: "msteams",
        serviceUrl,
        id: `incoming-${++activities}`,
        recipient: TEAMS_BOT,
        timestamp: new Date().toISOString(),
        ...fields,
      }),
    });
}

/** The bot with Teams (local mode) at `/api/messages` against the fake connector at `serviceUrl`. */
export async function startTeamsPlatform(
  serviceUrl: string,
  options: PlatformOptions = {},
): Promise<TeamsPlatform> {
  const t = await startTestApp({
    recording: false,
    ...(options.now ? { now: options.now } : {}),
    ...(options.programme ? { programme: options.programme } : {}),
    ...(options.storeUrl ? { storeUrl: options.storeUrl } : {}),
    ...(options.models ? { models: options.models } : {}),
  });
  const teams = createTeams(t.app.bot, { store: t.app.store, logger: silentLogger, local: true });
  t.app.bot.addAdapter(teams.adapter);
  const http = await startHttpServer(0, { "/api/messages": teams.route }, silentLogger);
  const activity = teamsActivities(http.port, serviceUrl);
  return {
    t,
    teams,
    http,
    activity,
    install: (userId) => activity({ type: "installationUpdate", action: "add", ...personalChat(userId) }),
    say: (userId, text) => activity({ type: "message", ...personalChat(userId), text }),
    press: (userId, data, replyToId) =>
      activity({ type: "message", ...personalChat(userId), replyToId, value: data }),
    close: async () => {
      await http.close();
      await t.close();
    },
  };
}

/**
 * A copy of a programme where everyone (participants, mentors, coordinators) has a Teams id:
 * the one they have, else `29:<their id>`, so a Slack-only person can be reached in Teams.
 */
export function withTeamsIds(programme: Programme): Programme {
  const give = <P extends { id: string; identities: { teams?: string } }>(p: P): P => ({
    ...p,
    identities: { ...p.identities, teams: p.identities.teams ?? `29:${p.id}` },
  });
  return {
    ...programme,
    participants: programme.participants.map(give),
    mentors: programme.mentors.map(give),
    coordinators: programme.coordinators.map(give),
  };
}

/** An Adaptive Card as the connector got it in an activity (the first card attachment). */
export function cardIn(body: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const attachments = (body?.attachments ?? []) as { contentType?: string; content?: unknown }[];
  const card = attachments.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
  return card?.content as Record<string, unknown> | undefined;
}

/** A card's button (`Action.Submit`, anywhere: in its actions, in ActionSets) with this title. */
export function cardAction(
  card: unknown,
  title: string,
): { title: string; data: Record<string, unknown> } | undefined {
  let found: { title: string; data: Record<string, unknown> } | undefined;
  const walk = (node: unknown) => {
    if (found) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const n = node as Record<string, unknown>;
      if (n.type === "Action.Submit" && n.title === title)
        found = { title, data: (n.data ?? {}) as Record<string, unknown> };
      else Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}
