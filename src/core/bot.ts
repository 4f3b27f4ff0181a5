import type { Language, Programme } from "../config/programme-schema.js";
import type { Directory, Person, Role } from "../domain/people.js";
import type { Store } from "../storage/store.js";
import type { ChatAdapter, HandleResult, Responder } from "./adapter.js";
import type { Clock } from "./clock.js";
import { COMMAND_WORDS, type CommandId, type CommandWords, commandWord, parseCommand } from "./commands.js";
import type { InboundEvent } from "./events.js";
import { type Messages, messages } from "./i18n/index.js";
import type { Logger } from "./log.js";
import { text } from "./messages.js";

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
/** Handles free text that is not a command; returns true when it took the message. */
export type MessageHandler = (ctx: Context<Extract<InboundEvent, { kind: "message" }>>) => Promise<boolean>;

export interface BotDeps {
  programme: Programme;
  directory: Directory;
  store: Store;
  clock: Clock;
  logger: Logger;
}

/**
 * The platform-neutral bot. Adapters turn platform events into `InboundEvent`s and call
 * `handle`; features register handlers by intent (a command, an action id, a form id,
 * free text). Knows nothing of Slack, Teams or the terminal.
 */
export class Bot {
  readonly programme: Programme;
  readonly directory: Directory;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  private readonly adapters: ChatAdapter[] = [];
  private readonly commands = new Map<CommandId, CommandHandler>();
  private readonly actions = new Map<string, ActionHandler>();
  private readonly submits = new Map<string, SubmitHandler>();
  private readonly messageHandlers: MessageHandler[] = [];

  constructor(deps: BotDeps) {
    this.programme = deps.programme;
    this.directory = deps.directory;
    this.store = deps.store;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.command("help", (ctx) => this.help(ctx));
    this.command("whoami", (ctx) => this.whoami(ctx));
    this.command("language", (ctx, args) => this.setLanguage(ctx, args));
  }

  // ── registration ────────────────────────────────────────────────────────────
  command(id: CommandId, handler: CommandHandler): this {
    this.commands.set(id, handler);
    return this;
  }
  onAction(actionId: string, handler: ActionHandler): this {
    this.actions.set(actionId, handler);
    return this;
  }
  onSubmit(formId: string, handler: SubmitHandler): this {
    this.submits.set(formId, handler);
    return this;
  }
  onMessage(handler: MessageHandler): this {
    this.messageHandlers.push(handler);
    return this;
  }
  addAdapter(adapter: ChatAdapter): this {
    this.adapters.push(adapter);
    return this;
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

  /** Where to reach a person directly, on the first adapter that knows them. */
  async addressOf(person: Person): Promise<{ adapter: ChatAdapter; conversation: string } | undefined> {
    for (const adapter of this.adapters) {
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
        const parsed = parseCommand(event.text);
        if (parsed) return this.runCommand(ctx, parsed.id, parsed.word, parsed.args);
        const messageCtx = ctx as Context<typeof event>;
        for (const handler of this.messageHandlers) if (await handler(messageCtx)) return undefined;
        const word = event.text.trim().split(/\s+/)[0] ?? "";
        await ctx.respond.reply(text(ctx.t.unknownCommand(word.slice(0, 40))));
        return undefined;
      }
      case "command": {
        const parsed = parseCommand(event.text);
        if (parsed) return this.runCommand(ctx, parsed.id, parsed.word, parsed.args);
        if (!event.text.trim()) return this.help(ctx);
        // `/kampvuur wat betekent klein beginnen?`: a question, never a reflection answer.
        const ask = this.commands.get("ask");
        if (ask) return ask(ctx, event.text.trim());
        const word = event.text.trim().split(/\s+/)[0] ?? "";
        await ctx.respond.reply(text(ctx.t.unknownCommand(word.slice(0, 40))));
        return undefined;
      }
      case "action": {
        const handler = this.actions.get(event.actionId);
        if (!handler) {
          await ctx.respond.reply(text(ctx.t.staleAction));
          return undefined;
        }
        return handler(ctx as Context<typeof event>);
      }
      case "submit": {
        const handler = this.submits.get(event.formId);
        if (!handler) {
          await ctx.respond.reply(text(ctx.t.staleAction));
          return undefined;
        }
        return handler(ctx as Context<typeof event>);
      }
    }
  }

  private async runCommand(ctx: Context, id: CommandId, word: string, args: string) {
    const spec = COMMAND_WORDS.find((c) => c.id === id) as CommandWords;
    if (spec.roles && !spec.roles.includes(ctx.person.role)) {
      const role = spec.roles[0] as Role;
      await ctx.respond.reply(text(ctx.t.notAllowed(word, ctx.t.roles[role])));
      return undefined;
    }
    const handler = this.commands.get(id);
    if (!handler) {
      await ctx.respond.reply(text(ctx.t.unknownCommand(word)));
      return undefined;
    }
    return handler(ctx, args);
  }

  // ── built-in commands ───────────────────────────────────────────────────────
  /** The commands this person may use, with the words to type in their language. */
  availableCommands(role: Role, language: Language): { word: string; description: string }[] {
    const t = messages(language);
    return COMMAND_WORDS.filter((c) => this.commands.has(c.id) && (!c.roles || c.roles.includes(role))).map(
      (c) => ({ word: commandWord(c, language), description: t.commands[c.id] }),
    );
  }

  private async help(ctx: Context) {
    const list = this.availableCommands(ctx.person.role, ctx.language)
      .map((c) => `• *${c.word}*: ${c.description}`)
      .join("\n");
    const intro = ctx.t.helpIntro(ctx.person.firstName, ctx.t.roles[ctx.person.role]);
    const footer = ctx.person.role === "participant" ? ctx.t.helpFooter : undefined;
    await ctx.respond.reply({
      text: `${intro}\n${list}${footer ? `\n${footer}` : ""}`,
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
