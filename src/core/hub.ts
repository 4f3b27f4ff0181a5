import { z } from "zod";
import type { Language } from "../config/programme-schema.js";
import { defineCollection } from "../storage/collection.js";
import type { Store } from "../storage/store.js";
import type { ChatAdapter, HandleResult, Responder } from "./adapter.js";
import type { Bot } from "./bot.js";
import type { InboundEvent } from "./events.js";
import { type Messages, messages } from "./i18n/index.js";
import type { Inbound } from "./inbound.js";
import type { Logger } from "./log.js";
import { type Block, cutAtWord, type Form, type Message, text } from "./messages.js";
import type { Person } from "./people.js";

/** One programme served by a hub: its bot, and its home view. */
export interface HubMember {
  bot: Bot;
  home?(person: Person): Promise<Message>;
}

type HeldEvent = Extract<InboundEvent, { kind: "message" | "command" }>;

/** The button that picks a programme (`value`: its id). The hub's own, never a programme's. */
const CHOOSE = "hub.programme";
/** Between a programme's id and the id of its button or form: `leergang-2026/reflection.answer`. */
const SEP = "/";
/** A held message older than this is not replayed after the choice (the person moved on). */
const HELD_FOR_MS = 60 * 60 * 1000;
/** What a programme's button says: short enough for a phone (one button a row). */
const LABEL_MAX = 38;

const platformUser = (platform: string, userId: string) => `${platform}:${userId}`;

/** `hub-context:<platform>:<user>`: the programme someone chose last. */
const contexts = defineCollection(
  "hub-context",
  z.object({
    programme: z.string(),
    at: z.iso.datetime({ offset: true }),
    /** Its own key (`platform:user`), and who they are in each programme: for export and erasure. */
    user: z.string(),
    people: z.record(z.string(), z.string()),
  }),
);
/**
 * Several programmes behind one app registration (`KAMPVUUR_PROGRAMMES`): the adapters see
 * one `Inbound`, each programme keeps its own bot, store namespace, features and schedule.
 *
 * - Someone in one programme is simply handed to it.
 * - Buttons and forms carry the programme that sent them (`<programme id>/<action id>`, added
 *   on the way out by `adapterFor` and the responders): a click always goes back to it.
 * - Someone in several (a mentor in two leergangen) who types: the programme that waits for
 *   their reply (its prompt is open), else the one they chose before, else the bot asks once
 *   which programme ("Over welk programma gaat dit?"), remembers the choice, and then handles
 *   the message it held. `programma` / `programme` asks again.
 */
export class ProgrammeHub implements Inbound {
  readonly language: Language;
  readonly name: string;
  private readonly byId = new Map<string, HubMember>();
  private readonly contexts;
  /**
   * The message that waits for the choice, by `platform:user`, replayed after it. Kept in this
   * process only, never stored: it is someone's own words outside their programme's records.
   * (Behind a load balancer the click may reach another replica: then they are asked to send
   * it again.)
   */
  private readonly held = new Map<string, { at: number; event: HeldEvent }>();

  constructor(
    private readonly members: readonly HubMember[],
    readonly store: Store,
    readonly logger: Logger,
  ) {
    const first = members[0];
    if (!first) throw new Error("A programme hub needs at least one programme.");
    this.language = first.bot.language;
    this.name = members.length === 1 ? first.bot.name : "kampvuur";
    for (const m of members) this.byId.set(m.bot.programme.id, m);
    this.contexts = store.collection(contexts);
  }

  /** Adds a platform to every programme, each seeing it through `adapterFor`. */
  addAdapter(adapter: ChatAdapter): this {
    for (const m of this.members) m.bot.addAdapter(this.adapterFor(m, adapter));
    return this;
  }

  /** A platform adapter as one programme sees it: what it sends carries the programme in its buttons. */
  adapterFor(member: HubMember, adapter: ChatAdapter): ChatAdapter {
    const id = member.bot.programme.id;
    const update = adapter.update?.bind(adapter);
    const personal = adapter.personalData;
    /** The programme someone chose last on this platform, found by who they are in this programme. */
    const chosenBy = async (person: Person) =>
      (await this.contexts.all()).filter(
        (c) => c.people[id] === person.id && c.user.startsWith(`${adapter.platform}:`),
      );
    return {
      platform: adapter.platform,
      directAddress: (person) => adapter.directAddress(person),
      send: (conversation, message, options) => adapter.send(conversation, tagMessage(id, message), options),
      ...(update ? { update: (sent, message) => update(sent, tagMessage(id, message)) } : {}),
      ...(adapter.findSent ? { findSent: adapter.findSent.bind(adapter) } : {}),
      ...(adapter.canStart ? { canStart: adapter.canStart.bind(adapter) } : {}),
      ...(adapter.pacing ? { pacing: adapter.pacing.bind(adapter) } : {}),
      personalData: {
        export: async (person) => {
          const own = await personal?.export(person);
          const [chosen] = await chosenBy(person);
          const choice = chosen && { programme: chosen.programme, at: chosen.at };
          return own || choice ? { ...own, ...(choice ? { programmeChosen: choice } : {}) } : undefined;
        },
        erase: async (person) => {
          let removed = 0;
          for (const c of await chosenBy(person)) if (await this.contexts.delete(c.user)) removed++;
          // The platform's record (where someone's chat with the bot is) serves every
          // programme they are in: erased with the last of them only.
          if (personal && !this.elsewhere(member, person)) removed += await personal.erase(person);
          return removed;
        },
      },
    };
  }

  /**
   * The person in the first programme that knows them. Known in some programmes only and no
   * e-mail given: undefined, so the adapter looks up their e-mail address (once; it keeps
   * it) and the programmes that list them by e-mail only find them too.
   */
  resolve(platform: string, userId: string, email?: string): Person | undefined {
    let found: Person | undefined;
    let missing = false;
    for (const m of this.members) {
      const person = m.bot.resolve(platform, userId, email);
      if (person) found ??= person;
      else missing = true;
    }
    return missing && email === undefined && platform !== "console" ? undefined : found;
  }

  languageOf(person: Person): Promise<Language> {
    const member = this.members.find((m) => m.bot.directory.get(person.id) === person) ?? this.members[0];
    return (member as HubMember).bot.languageOf(person);
  }

  /** The home view of the programme someone is in now, with a line on switching when they are in more. */
  async home(person: Person, platform: string, userId: string): Promise<Message> {
    const mine = this.membersOf(platform, userId, person.identities.email);
    const current = (await this.remembered(platform, userId, mine)) ?? mine[0];
    if (!current?.home) return text(messages(this.language).unknownPerson());
    const own = current.bot.resolve(platform, userId, person.identities.email) ?? person;
    const view = tagMessage(current.bot.programme.id, await current.home(own));
    if (mine.length < 2) return view;
    const t = messages(await current.bot.languageOf(own));
    const names = mine.map((m) => m.bot.programme.name).join(", ");
    return { ...view, blocks: [...(view.blocks ?? []), { type: "context", text: t.programmes.home(names) }] };
  }

  async handle(event: InboundEvent, respond: Responder): Promise<HandleResult> {
    try {
      return await this.route(event, respond);
    } catch (error) {
      this.logger.error({ err: error, event: { kind: event.kind, platform: event.platform } }, "hub failed");
      await respond.reply(text(messages(this.language).internalError)).catch(() => {});
      return {};
    }
  }

  private async route(event: InboundEvent, respond: Responder): Promise<HandleResult> {
    const mine = this.membersOf(event.platform, event.userId, event.email);
    const first = mine[0];
    // Not in any programme: the first one says so, in its language.
    if (!first) return (this.members[0] as HubMember).bot.handle(event, respond);

    if (event.kind === "action" || event.kind === "submit") {
      const id = event.kind === "action" ? event.actionId : event.formId;
      if (event.kind === "action" && id === CHOOSE) return this.chosen(event, mine, respond);
      const tagged = this.untag(id);
      if (tagged) {
        const member = mine.find((m) => m === tagged.member);
        if (!member) {
          await respond.reply(text(messages(await first.bot.languageOf(this.own(first, event))).notYours));
          return {};
        }
        const inner =
          event.kind === "action" ? { ...event, actionId: tagged.id } : { ...event, formId: tagged.id };
        return member.bot.handle(inner, this.responder(member, respond));
      }
    }
    if (mine.length === 1) return first.bot.handle(event, this.responder(first, respond));

    const words = event.kind === "message" || event.kind === "command" ? normalise(event.text) : "";
    if (words && isSwitch(words)) {
      await this.ask(event, mine, respond, false);
      return {};
    }
    const member = await this.contextOf(event, mine);
    if (member) return member.bot.handle(event, this.responder(member, respond));
    await this.ask(event, mine, respond, event.kind === "message" || event.kind === "command");
    return {};
  }

  /** Which programme a message of someone in several goes to, when that is clear without asking. */
  private async contextOf(event: InboundEvent, mine: HubMember[]): Promise<HubMember | undefined> {
    if (event.kind === "message" && event.direct) {
      // A programme that waits for this person's reply (its prompt is open) takes it: the most recent.
      let waiting: { member: HubMember; since: number } | undefined;
      for (const m of mine) {
        const open = await m.bot.expectedReply(this.own(m, event));
        const since = open?.expectation.since.getTime();
        if (since !== undefined && (!waiting || since > waiting.since)) waiting = { member: m, since };
      }
      if (waiting) return waiting.member;
    }
    return this.remembered(event.platform, event.userId, mine);
  }

  private async remembered(
    platform: string,
    userId: string,
    mine: HubMember[],
  ): Promise<HubMember | undefined> {
    const context = await this.contexts.get(platformUser(platform, userId));
    return mine.find((m) => m.bot.programme.id === context?.programme);
  }

  /** "Over welk programma gaat dit?" with a button a programme; the message waits for the answer. */
  private async ask(
    event: InboundEvent,
    mine: HubMember[],
    respond: Responder,
    hold: boolean,
  ): Promise<void> {
    const current = (await this.remembered(event.platform, event.userId, mine)) ?? (mine[0] as HubMember);
    const t = messages(await current.bot.languageOf(this.own(current, event)));
    const key = platformUser(event.platform, event.userId);
    if (hold && (event.kind === "message" || event.kind === "command"))
      this.held.set(key, { at: Date.now(), event });
    else this.held.delete(key);
    for (const [k, h] of this.held) if (Date.now() - h.at > HELD_FOR_MS) this.held.delete(k);
    await respond.reply(
      programmeChoice(
        t,
        mine.map((m) => m.bot.programme),
      ),
    );
  }

  /** A programme picked: remember it, say so, then handle the message that waited for it. */
  private async chosen(
    event: Extract<InboundEvent, { kind: "action" }>,
    mine: HubMember[],
    respond: Responder,
  ): Promise<HandleResult> {
    const member = mine.find((m) => m.bot.programme.id === event.value);
    const key = platformUser(event.platform, event.userId);
    if (!member) {
      const t = messages(await (mine[0] as HubMember).bot.languageOf(this.own(mine[0] as HubMember, event)));
      await respond.replace(text(t.programmes.gone));
      return {};
    }
    await this.contexts.set(key, {
      programme: member.bot.programme.id,
      at: new Date().toISOString(),
      user: key,
      people: Object.fromEntries(mine.map((m) => [m.bot.programme.id, this.own(m, event).id])),
    });
    const t = messages(await member.bot.languageOf(this.own(member, event)));
    const confirmation = text(t.programmes.chosen(member.bot.programme.name));
    // The choice counts even when the question cannot be replaced (deleted, too old): say it below.
    await respond.replace(confirmation).catch(() => respond.reply(confirmation));
    const waiting = this.held.get(key);
    this.held.delete(key);
    if (!waiting || Date.now() - waiting.at > HELD_FOR_MS) return {};
    // The answer comes as a new message under the confirmation, never in its place.
    return member.bot.handle(waiting.event, this.responder(member, respond, { below: true }));
  }

  /**
   * A responder for one programme's handler: its buttons and forms carry the programme.
   * `below`: what would replace the message acted on comes under it instead.
   */
  private responder(member: HubMember, respond: Responder, { below = false } = {}): Responder {
    const id = member.bot.programme.id;
    return {
      reply: (m) => respond.reply(tagMessage(id, m)),
      replace: (m) => (below ? respond.reply(tagMessage(id, m)) : respond.replace(tagMessage(id, m))),
      openForm: (form) => respond.openForm(tagForm(id, form)),
      canReplace: below ? false : respond.canReplace,
      ...(respond.sendFile ? { sendFile: respond.sendFile.bind(respond) } : {}),
    };
  }

  private membersOf(platform: string, userId: string, email?: string): HubMember[] {
    return this.members.filter((m) => m.bot.resolve(platform, userId, email));
  }

  /** The person in this programme's own directory (each programme has its own record of them). */
  private own(member: HubMember, event: InboundEvent): Person {
    return member.bot.resolve(event.platform, event.userId, event.email) as Person;
  }

  /** Whether the person (by their platform accounts) is in another programme than this one. */
  private elsewhere(member: HubMember, person: Person): boolean {
    return this.members.some(
      (m) =>
        m !== member &&
        Object.entries(person.identities).some(
          ([platform, id]) => id && m.bot.resolve(platform, id, person.identities.email),
        ),
    );
  }

  private untag(id: string): { member: HubMember; id: string } | undefined {
    const at = id.indexOf(SEP);
    if (at < 1) return undefined;
    const member = this.byId.get(id.slice(0, at));
    return member ? { member, id: id.slice(at + SEP.length) } : undefined;
  }
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[?!.]+$/, "")
    .replace(/\s+/g, " ")
    .trim();

/** `programma` / `programme` and the like, in either language. */
function isSwitch(words: string): boolean {
  return [...messages("nl").programmes.words, ...messages("en").programmes.words].includes(words);
}

/**
 * "Over welk programma gaat dit?" (the question first, for the notification), then a button a
 * programme, one a row: programme names are long, and each must fit a phone.
 */
export function programmeChoice(t: Messages, programmes: readonly { id: string; name: string }[]): Message {
  const blocks: Block[] = [{ type: "text", text: t.programmes.which }];
  for (const p of programmes)
    blocks.push({
      type: "actions",
      buttons: [{ actionId: CHOOSE, label: cutAtWord(p.name, LABEL_MAX), value: p.id }],
    });
  return { text: t.programmes.which, blocks, kind: "programme-choice" };
}

/** The message with the programme in front of each button's action id. */
export function tagMessage(programme: string, message: Message): Message {
  if (!message.blocks?.some((b) => b.type === "actions")) return message;
  return {
    ...message,
    blocks: message.blocks.map((b) =>
      b.type === "actions"
        ? { ...b, buttons: b.buttons.map((x) => ({ ...x, actionId: `${programme}${SEP}${x.actionId}` })) }
        : b,
    ),
  };
}

function tagForm(programme: string, form: Form): Form {
  return { ...form, formId: `${programme}${SEP}${form.formId}` };
}
