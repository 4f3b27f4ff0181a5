import type { Language, Programme } from "../config/programme-schema.js";
import type { Directory, Person, Role } from "./people.js";
import type { Store } from "../storage/store.js";
import type { ChatAdapter, HandleResult, Responder } from "./adapter.js";
import type { Clock } from "./clock.js";
import { CORE_COMMANDS, type CommandSpec, commandWord, nearMiss, parseCommand } from "./commands.js";
import type { InboundEvent } from "./events.js";
import type { Inbound } from "./inbound.js";
import {
  type ExpectedReplies,
  ExpectedReplyRegistry,
  hasWords,
  looksLikeQuestion,
  type MessageContext,
  type OpenExpectation,
  shortcutFor,
} from "./expect.js";
import { type Messages, messages } from "./i18n/index.js";
import type { Logger } from "./log.js";
import { type Block, type Form, type Message, text } from "./messages.js";
import { offerAnswerOrQuestion, putPending } from "./pending.js";

/** Everything a handler gets: who is asking, in which language, and how to answer. */
export interface Context<E extends InboundEvent = InboundEvent> {
  event: E;
  person: Person;
  language: Language;
  t: Messages;
  respond: Responder;
  bot: Bot;
}

export type CommandHandler = (ctx: Context, args: string) => Promise<HandleResult | undefined>;
export type ActionHandler = (
  ctx: Context<Extract<InboundEvent, { kind: "action" }>>,
) => Promise<HandleResult | undefined>;
export type SubmitHandler = (
  ctx: Context<Extract<InboundEvent, { kind: "submit" }>>,
) => Promise<HandleResult | undefined>;

/**
 * How a button or a form is guarded. Every registration says who may use it, so a forged
 * click (any `actionId` with any value can be posted to the bot) from someone else is
 * refused before the handler runs. A handler that works on a record named in the value or
 * the metadata (an occurrence, a question) still checks that it belongs to the person acting.
 */
export interface HandlerOptions {
  /** Who may press the button or send the form: these roles, or everyone. */
  roles: readonly Role[] | "everyone";
  /** Its answer is about the person acting: used in a channel, the answer goes to a DM with them. */
  personal?: boolean;
}

export interface SubmitOptions extends HandlerOptions {
  /**
   * A personal command typed in a channel cannot open its form there, nor open a form in
   * the DM from a channel event: this message, sent in the DM instead, has the button that
   * opens the form there. Without it the person is asked to type the command in the DM.
   */
  offer?: (form: Form, t: Messages) => Message;
}

export interface BotDeps {
  programme: Programme;
  directory: Directory;
  store: Store;
  clock: Clock;
  logger: Logger;
}

/**
 * The platform-neutral bot. Adapters turn platform events into `InboundEvent`s and call
 * `handle`; features register handlers by intent (a command, an action id, a form id, a
 * reply they expect, the catch-all for other text). Knows nothing of Slack, Teams or the
 * terminal.
 */
export class Bot implements Inbound {
  readonly programme: Programme;
  readonly directory: Directory;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  private readonly adapters: ChatAdapter[] = [];
  /** Every command's words: the core's and each feature's. */
  private readonly words: CommandSpec[] = [];
  private readonly commands = new Map<string, CommandHandler>();
  private readonly helpNotes: { roles: readonly Role[]; text: Record<Language, string> }[] = [];
  /** Text nobody took: the last stop of the routing (questions, in the default features). */
  private catchAllHandler?: (ctx: Context, text: string) => Promise<HandleResult | undefined>;
  private readonly actions = new Map<string, { handler: ActionHandler; options: HandlerOptions }>();
  private readonly submits = new Map<string, { handler: SubmitHandler; options: SubmitOptions }>();
  /** The replies features expect from people ("the answer to the prompt I sent you"). */
  private readonly expected = new ExpectedReplyRegistry();

  constructor(deps: BotDeps) {
    this.programme = deps.programme;
    this.directory = deps.directory;
    this.store = deps.store;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.addCommands(CORE_COMMANDS);
    this.command("help", (ctx) => this.help(ctx));
    this.command("whoami", (ctx) => this.whoami(ctx));
    this.command("language", (ctx, args) => this.setLanguage(ctx, args));
  }

  /** The programme's language: for someone the bot does not know. */
  get language(): Language {
    return this.programme.language;
  }
  /** The programme's name. */
  get name(): string {
    return this.programme.name;
  }

  // ── registration ────────────────────────────────────────────────────────────
  /** Declares commands (their words, roles and help); a word that two commands share is refused. */
  addCommands(specs: readonly CommandSpec[]): this {
    for (const spec of specs) {
      if (this.words.some((w) => w.id === spec.id)) throw new Error(`Two commands have the id '${spec.id}'.`);
      const taken = [...spec.nl, ...spec.en].filter((word) =>
        this.words.some((w) => w.nl.includes(word) || w.en.includes(word)),
      );
      if (taken.length > 0)
        throw new Error(`The command '${spec.id}' uses words another command has: ${taken.join(", ")}.`);
      this.words.push(spec);
    }
    return this;
  }
  /** The handler of a declared command. */
  command(id: string, handler: CommandHandler): this {
    if (!this.words.some((w) => w.id === id))
      throw new Error(
        `The command '${id}' has no words: declare it with addCommands (a feature's commands).`,
      );
    this.commands.set(id, handler);
    return this;
  }
  /** A line under the help list for people with these roles. */
  addHelpNote(note: { roles: readonly Role[]; text: Record<Language, string> }): this {
    this.helpNotes.push(note);
    return this;
  }
  /** What handles text that no command, expected reply or offer took. */
  catchAll(handler: (ctx: Context, text: string) => Promise<HandleResult | undefined>): this {
    this.catchAllHandler = handler;
    return this;
  }
  /** A button. Who may press it is not optional: see `HandlerOptions`. */
  onAction(actionId: string, options: HandlerOptions, handler: ActionHandler): this {
    this.actions.set(actionId, { handler, options });
    return this;
  }
  /** A form. Who may send it is not optional: see `HandlerOptions`. */
  onSubmit(formId: string, options: SubmitOptions, handler: SubmitHandler): this {
    this.submits.set(formId, { handler, options });
    return this;
  }
  /**
   * A kind of reply a feature expects from people: which ones are open for a person (read
   * from the feature's records), and what to do with the text. Free text in a DM goes to the
   * most recent open one of all features; see `ExpectedReplies` and `routeText`.
   */
  onExpected(replies: ExpectedReplies): this {
    this.expected.register(replies);
    return this;
  }
  /** The reply the bot waits for from this person now (the most recent open one), if any. */
  expectedReply(person: Person): Promise<OpenExpectation | undefined> {
    return this.expected.current(person, this.clock.now());
  }
  addAdapter(adapter: ChatAdapter): this {
    this.adapters.push(adapter);
    return this;
  }
  /** The platforms the bot is on now (adapters are added after the app is made). */
  platformAdapters(): readonly ChatAdapter[] {
    return this.adapters;
  }

  // ── people ──────────────────────────────────────────────────────────────────
  /** The person behind a platform user; the console uses core person ids directly. */
  resolve(platform: string, userId: string, email?: string): Person | undefined {
    if (platform === "console") return this.directory.get(userId);
    return (
      this.directory.byPlatform(platform, userId) ??
      (email ? this.directory.byPlatform("email", email.toLowerCase()) : undefined)
    );
  }

  /** The language to speak with a person: their own choice, else the programme file, else the programme's. */
  async languageOf(person: Person): Promise<Language> {
    const state = await this.store.people.get(person.id);
    return state?.language ?? person.language ?? this.programme.language;
  }

  /**
   * Where to reach a person directly, on the first adapter that knows them (the adapter of
   * `platform` first, when given: the one they are using right now).
   */
  async addressOf(
    person: Person,
    platform?: string,
  ): Promise<{ adapter: ChatAdapter; conversation: string } | undefined> {
    const adapters = platform
      ? [
          ...this.adapters.filter((a) => a.platform === platform),
          ...this.adapters.filter((a) => a.platform !== platform),
        ]
      : this.adapters;
    for (const adapter of adapters) {
      const conversation = await adapter.directAddress(person);
      if (conversation) return { adapter, conversation };
    }
    return undefined;
  }

  /** The adapter that owns a conversation address (`slack:…` → the Slack adapter). */
  adapterFor(conversation: string): ChatAdapter | undefined {
    const platform = conversation.split(":", 1)[0];
    return this.adapters.find((a) => a.platform === platform);
  }

  // ── dispatch ────────────────────────────────────────────────────────────────
  /**
   * Handles one inbound event. Never throws: a failure is logged and the user is told,
   * in their language, what happened and what to do.
   */
  async handle(event: InboundEvent, respond: Responder): Promise<HandleResult> {
    const person = this.resolve(event.platform, event.userId, event.email);
    if (!person) {
      this.logger.info(
        { platform: event.platform, userId: event.userId },
        "message from someone not in the programme",
      );
      await respond.reply(text(messages(this.programme.language).unknownPerson())).catch(() => {});
      return {};
    }
    let language = person.language ?? this.programme.language;
    try {
      language = await this.languageOf(person);
      const ctx: Context = { event, person, language, t: messages(language), respond, bot: this };
      return (await this.dispatch(ctx)) ?? {};
    } catch (error) {
      this.logger.error(
        { err: error, event: { kind: event.kind, platform: event.platform } },
        "handler failed",
      );
      await respond.reply(text(messages(language).internalError)).catch(() => {});
      return {};
    }
  }

  private async dispatch(ctx: Context): Promise<HandleResult | undefined> {
    const { event } = ctx;
    switch (event.kind) {
      case "message": {
        const parsed = parseCommand(event.text, this.words);
        if (parsed) return this.runCommand(ctx, parsed.id, parsed.word, parsed.args);
        return this.routeText(ctx as MessageContext, event.text);
      }
      case "command": {
        const parsed = parseCommand(event.text, this.words);
        if (parsed) return this.runCommand(ctx, parsed.id, parsed.word, parsed.args);
        if (!event.text.trim()) return this.help(ctx);
        // `/kampvuur wat betekent klein beginnen?`: never an expected reply; a near-miss or the catch-all's.
        if (await this.suggestCommand(ctx, event.text)) return undefined;
        return this.lastStop(ctx, event.text.trim());
      }
      case "action": {
        const entry = this.actions.get(event.actionId);
        if (!entry) {
          await ctx.respond.reply(text(ctx.t.staleAction));
          return undefined;
        }
        if (!(await this.mayUse(ctx, entry.options))) return undefined;
        return this.personally(ctx, entry.options.personal, undefined, (c) =>
          entry.handler(c as Context<typeof event>),
        );
      }
      case "submit": {
        const entry = this.submits.get(event.formId);
        if (!entry) {
          await ctx.respond.reply(text(ctx.t.staleAction));
          return undefined;
        }
        if (!(await this.mayUse(ctx, entry.options))) return undefined;
        return this.personally(ctx, entry.options.personal, undefined, (c) =>
          entry.handler(c as Context<typeof event>),
        );
      }
    }
  }

  /**
   * Free text that is no command, in this order:
   * 1. a shortcut word of the reply the bot expects ("overslaan" while a prompt is open);
   * 2. a near-miss of a command the person may use ("wijzg 3", "pauze een week"): "Bedoel je
   *    …?" with its help line, and (when a reply is expected) a button to keep the text as
   *    that reply after all;
   * 3. the reply the bot expects (only in a DM; the most recent open one): without words it
   *    is not kept; ending in a question mark, the person chooses "answer or question?";
   *    otherwise the feature takes it;
   * 4. the catch-all (questions).
   */
  private async routeText(ctx: MessageContext, message: string): Promise<HandleResult | undefined> {
    const open = ctx.event.direct ? await this.expectedReply(ctx.person) : undefined;
    const shortcut = open && shortcutFor(open, message);
    if (open && shortcut) {
      await shortcut.run(ctx, open.expectation);
      return undefined;
    }
    if (await this.suggestCommand(ctx, message, open)) return undefined;
    if (!open) return this.lastStop(ctx, message);
    const { expectation, replies } = open;
    if (!hasWords(message)) await ctx.respond.reply(text(ctx.t.replyNeedsWords));
    else if (looksLikeQuestion(message))
      await offerAnswerOrQuestion(ctx, message, replies.keep(expectation, ctx.t));
    else await replies.take(ctx, expectation, message);
    return undefined;
  }

  /** What nothing else took: the catch-all, or "I don't know what you mean". */
  private async lastStop(ctx: Context, message: string): Promise<HandleResult | undefined> {
    if (this.catchAllHandler) return this.catchAllHandler(ctx, message);
    const word = message.trim().split(/\s+/)[0] ?? "";
    await ctx.respond.reply(text(ctx.t.unknownCommand(word.slice(0, 40))));
    return undefined;
  }

  /**
   * "Bedoel je *wijzig 3*?": text that is almost a command the person may use gets the
   * command's help line instead of being taken as a question (and logged as one) or as an
   * answer. With a reply expected, the text waits and a button keeps it as that reply.
   * True when it was a near-miss.
   */
  private async suggestCommand(ctx: Context, message: string, open?: OpenExpectation): Promise<boolean> {
    const mine = this.words.filter(
      (c) => this.commands.has(c.id) && (!c.roles || c.roles.includes(ctx.person.role)),
    );
    const miss = nearMiss(message, mine);
    const spec = miss && mine.find((c) => c.id === miss.id);
    if (!miss || !spec) return false;
    this.logger.debug(
      { person: ctx.person.id, command: miss.id, reason: miss.reason },
      "near-miss of a command",
    );
    const n = ctx.t.nearMiss;
    const said = [
      miss.reason === "typo" ? n.typo(miss.suggestion) : n.arguments(miss.suggestion),
      n.usage(commandWord(spec, ctx.language), spec.help[ctx.language]),
    ];
    const blocks: Block[] = said.map((line) => ({ type: "text", text: line }));
    if (open) {
      const keep = open.replies.keep(open.expectation, ctx.t);
      await putPending(ctx, message);
      said.push(n.keep(keep.to));
      blocks.push({ type: "context", text: n.keep(keep.to) }, { type: "actions", buttons: [keep.button] });
    } else if (this.catchAllHandler && miss.reason === "arguments") {
      // A command word with other words after it might have been a question after all.
      said.push(n.ask);
      blocks.push({ type: "context", text: n.ask });
    }
    // Its own text: the lines one under the other (not a paragraph each, as derived from the blocks).
    await ctx.respond.reply({ text: said.join("\n"), blocks });
    return true;
  }

  /** The role check of a button or form; says so politely (and changes nothing) when it fails. */
  private async mayUse(ctx: Context, options: HandlerOptions): Promise<boolean> {
    if (options.roles === "everyone" || options.roles.includes(ctx.person.role)) return true;
    this.logger.warn(
      { person: ctx.person.id, role: ctx.person.role, kind: ctx.event.kind },
      "refused a button or form meant for another role",
    );
    const role = options.roles[0] as Role;
    await ctx.respond.reply(text(ctx.t.notAllowedAction(ctx.t.roles[role])));
    return false;
  }

  /**
   * Runs a handler whose answer is personal. In a DM: as it is. In a channel: with a
   * responder that sends everything to a DM with the person (found like every other
   * message the bot starts, with `addressOf`), and the channel only hears that it went
   * there; or, when the person cannot be reached by DM, how to open one. Nothing personal
   * is ever posted in the channel, and the handler does not run when no DM is possible.
   */
  private async personally(
    ctx: Context,
    personal: boolean | undefined,
    word: string | undefined,
    run: (ctx: Context) => Promise<HandleResult | undefined>,
  ): Promise<HandleResult | undefined> {
    if (!personal || ctx.event.direct) return run(ctx);
    const address = await this.addressOf(ctx.person, ctx.event.platform);
    if (!address) {
      await ctx.respond.reply(text(ctx.t.privacy.noDirectChat(word)));
      return undefined;
    }
    let delivered = false;
    let failed = false;
    const send = async (message: Message) => {
      try {
        await address.adapter.send(address.conversation, message);
        delivered = true;
      } catch (error) {
        failed = true;
        this.logger.warn({ err: error, person: ctx.person.id }, "could not send a personal answer by DM");
      }
    };
    const direct: Responder = {
      reply: send,
      // A form cannot be opened in the DM from an event in a channel: offer it there instead.
      openForm: async (form) => {
        const offer = this.submits.get(form.formId)?.options.offer;
        await send(offer ? offer(form, ctx.t) : text(ctx.t.privacy.typeAgain(form.title)));
      },
      // The message with the button is in the channel and stays as it is: the new one goes to the DM.
      replace: send,
      canReplace: false,
    };
    const result = await run({ ...ctx, respond: direct });
    if (delivered) await ctx.respond.reply(text(ctx.t.privacy.sentByDm));
    else if (failed) await ctx.respond.reply(text(ctx.t.privacy.noDirectChat(word)));
    return result;
  }

  private async runCommand(ctx: Context, id: string, word: string, args: string) {
    const spec = this.words.find((c) => c.id === id) as CommandSpec;
    if (spec.roles && !spec.roles.includes(ctx.person.role)) {
      const instead = spec.otherRoles?.[ctx.person.role]?.[ctx.language];
      if (instead) {
        await ctx.respond.reply(text(instead));
        return undefined;
      }
      const role = spec.roles[0] as Role;
      await ctx.respond.reply(text(ctx.t.notAllowed(word, ctx.t.roles[role])));
      return undefined;
    }
    const handler = this.commands.get(id);
    if (!handler) {
      await ctx.respond.reply(text(ctx.t.unknownCommand(word)));
      return undefined;
    }
    return this.personally(ctx, spec.personal, word, (c) => handler(c, args));
  }

  // ── built-in commands ───────────────────────────────────────────────────────
  /** The commands this person may use, with the words to type in their language. */
  availableCommands(role: Role, language: Language): { word: string; description: string }[] {
    return this.words
      .filter(
        (c) =>
          this.commands.has(c.id) &&
          (!c.roles || c.roles.includes(role)) &&
          (!c.listedWhen || c.listedWhen(this.programme)),
      )
      .map((c) => ({ word: commandWord(c, language), description: c.help[language] }));
  }

  private async help(ctx: Context) {
    const list = this.availableCommands(ctx.person.role, ctx.language)
      .map((c) => `• *${c.word}*: ${c.description}`)
      .join("\n");
    const intro = ctx.t.helpIntro(ctx.person.firstName, ctx.t.roles[ctx.person.role]);
    const notes = this.helpNotes
      .filter((n) => n.roles.includes(ctx.person.role))
      .map((n) => n.text[ctx.language]);
    const footer = notes.length ? notes.join("\n") : undefined;
    await ctx.respond.reply({
      blocks: [
        { type: "text", text: intro },
        { type: "text", text: list },
        ...(footer ? [{ type: "context" as const, text: footer }] : []),
      ],
    });
    return undefined;
  }

  private async whoami(ctx: Context) {
    const team = this.directory.teamOf(ctx.person.id)?.name;
    await ctx.respond.reply(
      text(ctx.t.whoami(ctx.person.name, ctx.t.roles[ctx.person.role], ctx.person.organisation, team)),
    );
    return undefined;
  }

  private async setLanguage(ctx: Context, args: string) {
    const wanted = args.trim().toLowerCase();
    const language: Language | undefined = /^(nl|nederlands|dutch)$/.test(wanted)
      ? "nl"
      : /^(en|english|engels)$/.test(wanted)
        ? "en"
        : undefined;
    if (!language) {
      await ctx.respond.reply(text(ctx.t.languageUsage));
      return undefined;
    }
    await this.store.people.update(ctx.person.id, (s) => ({
      ...(s ?? { personId: ctx.person.id }),
      language,
    }));
    await ctx.respond.reply(text(messages(language).languageSet));
    return undefined;
  }
}
