import pMap from "p-map";
import type { Language } from "../../config/programme-schema.js";
import type { AuditLog } from "../../core/audit.js";
import type { Bot } from "../../core/bot.js";
import type { Deliverer, DeliveryOutcome } from "../../core/deliveries.js";
import { messages } from "../../core/i18n/index.js";
import type { Message } from "../../core/messages.js";
import type { Person, Role } from "../../core/people.js";
import type { Collection } from "../../storage/collection.js";
import { type Delivery, isFinal, MAX_DELIVERY_ATTEMPTS } from "../../storage/records.js";
import { announcementOccurrenceId, channelDeliveryId, newAnnouncementId, personDeliveryId } from "./ids.js";
import {
  type Announcement,
  announcementIndex,
  announcements,
  type Audience,
  audienceSchema,
  MAX_ANNOUNCEMENT_LENGTH,
} from "./records.js";
import {
  type AnnouncementSettings,
  CHANNEL_PLATFORMS,
  type ChannelPlatform,
  channelAddress,
} from "./settings.js";
import { strings } from "./strings.js";

/** The kind of an announcement's deliveries and messages. */
export const ANNOUNCEMENT_KIND = "announcement";
/** How many messages one announcement sends at the same time. */
const CONCURRENCY = 16;
/** The roles in the order the preview counts them. */
const ROLES: readonly Role[] = ["participant", "mentor", "coordinator"];

/** One place an announcement goes: a person's direct chat, or the programme's channel on a platform. */
export type Target =
  | { kind: "person"; deliveryId: string; person: Person }
  | { kind: "channel"; deliveryId: string; platform: ChannelPlatform; address: string; author: Person };

/** The programme's channel on one platform, and why it cannot be reached now (if it cannot). */
export interface ChannelReach {
  platform: ChannelPlatform;
  address: string;
  /** `not-connected`: kampvuur runs without that platform now; `not-added`: the app is not in the channel. */
  problem?: "not-connected" | "not-added";
}

/** Who an announcement would reach now, and who (or which channel) not. */
export interface Reach {
  reachable: Person[];
  unreachable: Person[];
  channels: ChannelReach[];
}

/** How an announcement's messages stand, read from their delivery records. */
export interface Tally {
  /** People who have it (or are being sent it by another click or process right now). */
  sent: number;
  unreachable: number;
  /** Not taken by the platform yet; tried again by the job. */
  retrying: number;
  /** Given up (too many attempts, or too late). */
  failed: number;
  /** Nobody can tell whether they arrived; never sent again. */
  uncertain: number;
  channelsSent: ChannelPlatform[];
  channelsNotReached: ChannelPlatform[];
  /** Every message is settled: nothing is left to send. */
  settled: boolean;
}

export type TextProblem = { problem: "empty" } | { problem: "too-long"; length: number };

/**
 * Announcements: a coordinator's message to a group of the programme (or its channel),
 * previewed as a draft, then sent once to each through the deliverer. Works on the store and
 * the bot's adapters; no chat platform here.
 */
export class Announcements {
  readonly records: Collection<typeof announcements.schema>;
  readonly index: Collection<typeof announcementIndex.schema>;

  constructor(
    readonly bot: Bot,
    private readonly deliverer: Deliverer,
    private readonly audit: AuditLog,
    readonly settings: AnnouncementSettings,
  ) {
    this.records = bot.store.collection(announcements);
    this.index = bot.store.collection(announcementIndex);
  }

  // ── audiences ─────────────────────────────────────────────────────────────
  /** Whether the programme file gives a channel for announcements. */
  hasChannels(): boolean {
    return CHANNEL_PLATFORMS.some((p) => channelAddress(this.settings, p) !== undefined);
  }

  /** The audiences this programme offers, in the order the form and the preview show them. */
  audiences(): Audience[] {
    return [
      "everyone",
      "participants",
      "mentors",
      ...this.bot.programme.teams.map((team) => `team:${team.id}`),
      ...(this.hasChannels() ? ["channel"] : []),
    ];
  }

  /** An untrusted value (a button, a form) read as one of this programme's audiences. */
  parseAudience(value: unknown): Audience | undefined {
    const parsed = audienceSchema.safeParse(value);
    return parsed.success && this.audiences().includes(parsed.data) ? parsed.data : undefined;
  }

  label(audience: Audience, language: Language): string {
    const t = strings(language).audience;
    if (audience.startsWith("team:"))
      return this.bot.programme.teams.find((team) => `team:${team.id}` === audience)?.name ?? audience;
    return t[audience as keyof typeof t] ?? audience;
  }

  /**
   * The people an audience is: `everyone` is every participant, mentor and coordinator but
   * the author; a team is its members and its mentor. Empty for the channel.
   */
  members(audience: Audience, authorId: string): Person[] {
    const { directory, programme } = this.bot;
    let people: Person[];
    if (audience === "everyone") people = directory.all();
    else if (audience === "participants") people = directory.withRole("participant");
    else if (audience === "mentors") people = directory.withRole("mentor");
    else if (audience.startsWith("team:")) {
      const team = programme.teams.find((t) => `team:${t.id}` === audience);
      const ids = team ? [...team.members, ...(team.mentor ? [team.mentor] : [])] : [];
      people = ids.flatMap((id) => directory.get(id) ?? []);
    } else people = [];
    return people.filter((p) => p.id !== authorId);
  }

  /** The programme's channels, and for each whether the bot can post there now. */
  async channelReach(): Promise<ChannelReach[]> {
    const out: ChannelReach[] = [];
    for (const platform of CHANNEL_PLATFORMS) {
      const address = channelAddress(this.settings, platform);
      if (!address) continue;
      const adapter = this.bot.adapterFor(address);
      const added = adapter?.canStart ? await adapter.canStart(address).catch(() => false) : true;
      out.push({
        platform,
        address,
        ...(!adapter
          ? { problem: "not-connected" as const }
          : !added
            ? { problem: "not-added" as const }
            : {}),
      });
    }
    return out;
  }

  /** Who an audience would reach now: with a direct chat (`bot.addressOf`), or not; or the channels. */
  async reach(audience: Audience, authorId: string): Promise<Reach> {
    if (audience === "channel")
      return { reachable: [], unreachable: [], channels: await this.channelReach() };
    const people = this.members(audience, authorId);
    const addresses = await pMap(people, (p) => this.bot.addressOf(p), { concurrency: CONCURRENCY });
    return {
      reachable: people.filter((_, i) => addresses[i]),
      unreachable: people.filter((_, i) => !addresses[i]),
      channels: [],
    };
  }

  /** How many a reach counts: people with a direct chat, or channels the bot can post in. */
  static count(reach: Reach): number {
    return reach.reachable.length + reach.channels.filter((c) => !c.problem).length;
  }

  /** The reachable people by role, for "12 deelnemers, 2 mentoren". */
  static byRole(people: readonly Person[]): { role: Role; count: number }[] {
    return ROLES.map((role) => ({ role, count: people.filter((p) => p.role === role).length })).filter(
      (r) => r.count > 0,
    );
  }

  // ── drafts ────────────────────────────────────────────────────────────────
  /** Checks an announcement's text before it is kept. */
  checkText(text: string): TextProblem | undefined {
    const clean = normalise(text);
    if (clean.length === 0) return { problem: "empty" };
    if (clean.length > MAX_ANNOUNCEMENT_LENGTH) return { problem: "too-long", length: clean.length };
    return undefined;
  }

  /** Keeps a new draft (the text checked with `checkText` first). */
  async createDraft(author: Person, text: string, audience: Audience): Promise<Announcement> {
    const announcement: Announcement = {
      id: newAnnouncementId(),
      authorId: author.id,
      text: normalise(text),
      audience,
      createdAt: this.bot.clock.now().toISOString(),
      status: "draft",
    };
    await this.records.set(announcement.id, announcement);
    await this.index.update("all", (index) => ({
      entries: [
        ...(index?.entries ?? []),
        { id: announcement.id, authorId: author.id, createdAt: announcement.createdAt },
      ],
      open: index?.open ?? [],
    }));
    return announcement;
  }

  get(id: string): Promise<Announcement | undefined> {
    return this.records.get(id);
  }

  /** Another audience for a draft; a confirmed or cancelled one stays as it is. */
  async setAudience(id: string, audience: Audience): Promise<Announcement | undefined> {
    if (!(await this.records.has(id))) return undefined;
    return this.records.update(id, (current) =>
      current && current.status === "draft" ? { ...current, audience } : (current as Announcement),
    );
  }

  /** "Annuleren": a draft becomes `cancelled` (its buttons no longer do anything); a confirmed one stays. */
  async cancel(id: string): Promise<Announcement | undefined> {
    if (!(await this.records.has(id))) return undefined;
    return this.records.update(id, (current) =>
      current && current.status === "draft" ? { ...current, status: "cancelled" } : (current as Announcement),
    );
  }

  // ── sending ───────────────────────────────────────────────────────────────
  /**
   * "Versturen": the draft is confirmed once (the first click; its audit entry with it), and
   * its messages are sent to whoever does not have theirs yet. A second click, another
   * replica or a restart sends nobody anything twice: every message is a delivery with an id
   * of its own. Returns the announcement as it now stands and how its messages stand.
   */
  async confirm(
    announcement: Announcement,
    reach: Reach,
  ): Promise<{ announcement: Announcement; tally?: Tally }> {
    const now = this.bot.clock.now().toISOString();
    const count = Announcements.count(reach);
    // On the job's list before it is confirmed: a crash right after confirming still gets finished
    // (a draft on the list is dropped from it by the job's next pass).
    if (announcement.status === "draft" || announcement.status === "sending")
      await this.index.update("all", (index) => ({
        entries: index?.entries ?? [],
        open: [...new Set([...(index?.open ?? []), announcement.id])],
      }));
    let first = false;
    const current = await this.records.update(announcement.id, (record) => {
      const base = record ?? announcement;
      first = base.status === "draft";
      return first ? { ...base, status: "sending", confirmedAt: now, reach: count } : base;
    });
    if (current.status === "cancelled" || current.status === "draft") return { announcement: current };
    if (first) {
      // Who, when, to whom and how many: never the text.
      await this.audit.record({
        actorId: current.authorId,
        action: "announcement.send",
        count,
        detail: current.audience,
      });
      this.bot.logger.info(
        { announcement: current.id, audience: current.audience, count },
        "announcement confirmed",
      );
    }
    const targets = await this.targets(current);
    if (current.status === "sending") await this.sendTo(current, targets);
    const tally = await this.tally(current, targets);
    if (tally.settled) await this.settle([current.id]);
    return { announcement: current, tally };
  }

  /** Where a confirmed announcement goes: each person of its audience, or each channel the bot can post in. */
  async targets(announcement: Announcement): Promise<Target[]> {
    if (announcement.audience === "channel") {
      const author = this.bot.directory.get(announcement.authorId);
      if (!author) return [];
      return (await this.channelReach())
        .filter((c) => !c.problem)
        .map((c) => ({
          kind: "channel" as const,
          deliveryId: channelDeliveryId(announcement.id, c.platform),
          platform: c.platform,
          address: c.address,
          author,
        }));
    }
    return this.members(announcement.audience, announcement.authorId).map((person) => ({
      kind: "person" as const,
      deliveryId: personDeliveryId(announcement.id, person.id),
      person,
    }));
  }

  /** Sends to every target that does not have its message yet (read once, then each exactly once). */
  private async sendTo(announcement: Announcement, targets: Target[]): Promise<void> {
    const known = await this.bot.store.deliveries.getMany(targets.map((t) => t.deliveryId));
    await pMap(
      targets,
      (target, i) => (isFinal(known[i]) ? "already" : this.deliver(announcement, target, known[i])),
      { concurrency: CONCURRENCY },
    );
  }

  /** One message of an announcement, exactly once (`known`: its delivery record as just read). */
  deliver(announcement: Announcement, target: Target, known: Delivery | undefined): Promise<DeliveryOutcome> {
    const channel = target.kind === "channel";
    return this.deliverer.deliver(
      {
        id: target.deliveryId,
        kind: ANNOUNCEMENT_KIND,
        occurrenceId: announcementOccurrenceId(announcement.id),
        person: channel ? target.author : target.person,
        ...(channel ? { conversation: target.address } : {}),
        build: (language) => this.message(announcement, language),
      },
      // A channel hears the programme's language; a person their own.
      { known, ...(channel ? { language: this.bot.programme.language } : {}) },
    );
  }

  /** How the messages of an announcement stand, from their delivery records. */
  async tally(announcement: Announcement, targets?: Target[]): Promise<Tally> {
    const list = targets ?? (await this.targets(announcement));
    const records = await this.bot.store.deliveries.getMany(list.map((t) => t.deliveryId));
    const tally: Tally = {
      sent: 0,
      unreachable: 0,
      retrying: 0,
      failed: 0,
      uncertain: 0,
      channelsSent: [],
      channelsNotReached: [],
      settled: true,
    };
    list.forEach((target, i) => {
      const d = records[i];
      if (!isFinal(d)) tally.settled = false;
      const state: keyof Tally | "fine" =
        !d || d.status === "sent"
          ? "fine"
          : d.status === "unreachable"
            ? "unreachable"
            : d.status === "interrupted"
              ? "uncertain"
              : d.status === "failed" && d.attempts < MAX_DELIVERY_ATTEMPTS
                ? "retrying"
                : "failed";
      if (target.kind === "channel") {
        if (state === "fine" || state === "uncertain") tally.channelsSent.push(target.platform);
        else tally.channelsNotReached.push(target.platform);
      } else if (state === "fine") tally.sent++;
      else tally[state]++;
    });
    if (announcement.audience === "channel")
      for (const c of await this.channelReach())
        if (c.problem && !tally.channelsNotReached.includes(c.platform))
          tally.channelsNotReached.push(c.platform);
    return tally;
  }

  /** Announcements whose messages are all settled: `sent`, and no longer looked at by the job. */
  async settle(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const id of ids)
      if (await this.records.has(id))
        await this.records.update(id, (current) =>
          current?.status === "sending" ? { ...current, status: "sent" } : (current as Announcement),
        );
    await this.index.update("all", (index) => ({
      entries: index?.entries ?? [],
      open: (index?.open ?? []).filter((id) => !ids.includes(id)),
    }));
  }

  /** The announcement as its readers get it: the text first, then who it is from. */
  message(announcement: Announcement, language: Language): Message {
    return { kind: ANNOUNCEMENT_KIND, blocks: announcementBlocks(this.bot, announcement, language) };
  }

  /** An author's announcements, oldest first (from the index: no scan). */
  async byAuthor(authorId: string): Promise<Announcement[]> {
    const entries = (await this.index.get("all"))?.entries ?? [];
    const ids = entries.filter((e) => e.authorId === authorId).map((e) => e.id);
    return (await this.records.getMany(ids)).filter((a): a is Announcement => a !== undefined);
  }
}

/** The text of an announcement and the line saying who it is from: in every copy and in the preview. */
export function announcementBlocks(bot: Bot, announcement: Announcement, language: Language) {
  const author = bot.directory.get(announcement.authorId);
  const t = strings(language);
  const role = messages(language).roles[author?.role ?? "coordinator"];
  return [
    { type: "text" as const, text: announcement.text },
    { type: "context" as const, text: author ? t.from(author.name, role) : t.fromRole(role) },
  ];
}

/** Line ends made plain and the ends trimmed; the lines themselves are kept as written. */
function normalise(text: string): string {
  return text.replace(/\r\n?/g, "\n").trim();
}
