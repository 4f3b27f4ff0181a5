import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Language } from "../../config/programme-schema.js";
import type { ChatAdapter, HandleResult, Responder, SentMessage } from "../../core/adapter.js";
import { DateTime } from "luxon";
import type { Bot } from "../../core/bot.js";
import type { OffsetClock } from "../../core/clock.js";
import type { InboundEvent } from "../../core/events.js";
import { messages } from "../../core/i18n/index.js";
import type { Button, FieldErrors, Form, FormField, Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { renderMessage } from "./render.js";
import { consoleStrings } from "./strings.js";

export interface ConsoleOptions {
  input: Readable & { isTTY?: boolean };
  output: Writable & { isTTY?: boolean };
  /** ANSI colours and a `name>` prompt; by default on for a terminal, off for pipes. */
  interactive?: boolean;
  /** Person id, name or first name to start as; the first participant otherwise. */
  as?: string;
  /** The console's own clock, which `tijd` / `time` moves. */
  clock?: OffsetClock;
  /** Runs after the clock moved (a scheduler pass), and tells when the next send is. */
  scheduler?: { tick(): Promise<unknown>; nextSend(after: Date): Date | undefined };
}

const address = (personId: string) => `console:${personId}`;

/**
 * The local chat in the terminal. One person at a time is "you"; messages the bot sends
 * to someone else wait in their inbox until you switch to them with `als <naam>`.
 * This is the only module that knows about stdin and stdout.
 */
export class ConsoleChat implements ChatAdapter {
  readonly platform = "console";
  private me: Person;
  private readonly inboxes = new Map<string, Message[]>();
  /**
   * The buttons a typed number presses: those of the latest message the bot showed you, and
   * only that one. Any newer message replaces them, with or without buttons of its own, so
   * "1" typed after "antwoorden" never rates an answer from three messages ago.
   */
  private buttons: Button[] = [];
  private lines!: AsyncIterator<string>;
  private sentCount = 0;
  private readonly interactive: boolean;

  constructor(
    private readonly bot: Bot,
    private readonly options: ConsoleOptions,
  ) {
    const start = options.as ? bot.directory.find(options.as) : undefined;
    const first = start ?? bot.directory.withRole("participant")[0] ?? bot.directory.all()[0];
    if (!first) throw new Error("The programme has nobody in it to chat as.");
    this.me = first;
    this.interactive = options.interactive ?? Boolean(options.input.isTTY && options.output.isTTY);
  }

  // ── ChatAdapter: how the core reaches people ────────────────────────────────
  async directAddress(person: Person): Promise<string | undefined> {
    return address(person.id);
  }

  async send(conversation: string, message: Message): Promise<SentMessage> {
    const messageId = `m${++this.sentCount}`;
    if (conversation === address(this.me.id)) this.show(message);
    else {
      const inbox = this.inboxes.get(conversation) ?? [];
      inbox.push(message);
      this.inboxes.set(conversation, inbox);
    }
    return { conversation, messageId };
  }

  // ── the session ─────────────────────────────────────────────────────────────
  /** Runs the chat until the input ends or the user types `stop`. */
  async run(): Promise<void> {
    const rl = createInterface({
      input: this.options.input,
      terminal: false,
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    this.lines = rl[Symbol.asyncIterator]();
    let language = await this.language();
    const s = consoleStrings(language);
    this.print(`*${s.welcome(this.bot.programme.name)}*`);
    this.print(s.youAre(this.me.name, this.roleName(language)));
    await this.showInbox();
    for (;;) {
      language = await this.language();
      const line = await this.ask(`${this.me.firstName.toLowerCase()}> `);
      if (line === undefined) break;
      const input = line.trim();
      if (!input) continue;
      if (/^(stop|exit|quit|doei)$/i.test(input)) {
        this.print(consoleStrings(language).bye);
        break;
      }
      await this.handleLine(input, language);
    }
    rl.close();
  }

  private async handleLine(input: string, language: Language): Promise<void> {
    const s = consoleStrings(language);
    const switchTo = /^(als|as|wissel naar|switch to)(\s+(.*))?$/i.exec(input);
    if (switchTo) {
      const query = switchTo[3]?.trim();
      if (!query) return this.print(s.whoUsage);
      const person = this.bot.directory.find(query);
      if (!person) return this.print(s.notFound(query));
      this.me = person;
      this.buttons = [];
      const lang = await this.language();
      this.print(consoleStrings(lang).switched(person.name, this.roleName(lang)));
      return this.showInbox();
    }
    if (/^(mensen|people|wie doen er mee)$/i.test(input)) return this.listPeople(language);
    const time = /^(tijd|time)(\s+(.*))?$/i.exec(input);
    if (time && this.options.clock) return this.moveClock(time[3]?.trim() ?? "", language);

    // A number is always a button of the latest message: never an answer or a question.
    const number = /^\[?(\d{1,2})\]?$/.exec(input);
    if (number) {
      const button = this.buttons[Number(number[1]) - 1];
      if (this.buttons.length === 0) return this.print(s.noButtons(Number(number[1])));
      if (!button) return this.print(s.noSuchButton(Number(number[1])));
      return this.dispatch({
        ...this.base(),
        kind: "action",
        actionId: button.actionId,
        value: button.value,
      });
    }
    return this.dispatch({ ...this.base(), kind: "message", text: input });
  }

  private base() {
    return { platform: "console", userId: this.me.id, conversation: address(this.me.id), direct: true };
  }

  private async dispatch(event: InboundEvent): Promise<void> {
    const before = this.waitingForOthers();
    await this.bot.handle(event, this.responder());
    const waiting = this.waitingForOthers();
    if (waiting > before) this.print(consoleStrings(await this.language()).waiting(waiting));
  }

  private responder(): Responder {
    return {
      reply: async (message) => this.show(message),
      // The terminal cannot change what it printed: the new message follows it.
      replace: async (message) => this.show(message),
      canReplace: true,
      openForm: async (form) => this.fillForm(form),
    };
  }

  /** Asks a form's fields one by one, submits, and asks again for fields with errors. */
  private async fillForm(
    form: Form,
    errors: FieldErrors = {},
    values: Record<string, string> = {},
  ): Promise<void> {
    const language = await this.language();
    const s = consoleStrings(language);
    if (Object.keys(errors).length === 0) this.print(s.formIntro(`*${form.title}*`));
    for (const field of form.fields) {
      if (Object.keys(errors).length > 0 && !errors[field.id]) continue;
      if (errors[field.id]) this.print(`⚠ ${errors[field.id]}`);
      const value = await this.askField(field, language);
      if (value === undefined) {
        this.print(s.formCancelled);
        return;
      }
      values[field.id] = value;
    }
    const result: HandleResult = await this.bot.handle(
      { ...this.base(), kind: "submit", formId: form.formId, values, metadata: form.metadata },
      this.responder(),
    );
    if (result.errors && Object.keys(result.errors).length > 0)
      await this.fillForm(form, result.errors, values);
  }

  /** One field; undefined when the user cancels or the input ends. */
  private async askField(field: FormField, language: Language): Promise<string | undefined> {
    const s = consoleStrings(language);
    const keep = field.initial ? ` (${s.keep}: “${field.initial}”)` : "";
    if (field.kind === "choice") {
      const options = field.options.map((o, i) => `[${i + 1}] ${o.label}`).join("  ");
      this.print(`*${field.label}*${field.initial ? ` (${s.keep})` : ""}\n${options}`);
      for (;;) {
        const answer = await this.ask("> ");
        if (answer === undefined || s.cancelWords.includes(answer.trim().toLowerCase())) return undefined;
        if (answer.trim() === "" && field.initial) return field.initial;
        const chosen = field.options[Number(answer.trim()) - 1];
        if (chosen) return chosen.value;
        this.print(s.chooseNumber(field.options.length));
      }
    }
    this.print(`*${field.label}*${field.hint ? `\n_${field.hint}_` : ""}${keep}`);
    const answer = await this.ask("> ");
    if (answer === undefined || s.cancelWords.includes(answer.trim().toLowerCase())) return undefined;
    if (answer.trim() === "" && field.initial) return field.initial;
    return answer;
  }

  /** `tijd +1w`, `tijd 2026-12-01 09:00`, `tijd volgende`: moves the console's clock and lets the scheduler run. */
  private async moveClock(arg: string, language: Language): Promise<void> {
    const s = consoleStrings(language);
    const clock = this.options.clock as OffsetClock;
    const zone = this.bot.programme.timezone;
    const now = DateTime.fromJSDate(clock.now(), { zone });
    const relative = /^\+\s*(\d{1,3})\s*(w|d|u|h|m)$/i.exec(arg);
    let target: DateTime | undefined;
    if (relative) {
      const n = Number(relative[1]);
      const unit = (relative[2] as string).toLowerCase();
      const ms =
        n * (unit === "w" ? 7 * 86_400_000 : unit === "d" ? 86_400_000 : unit === "m" ? 60_000 : 3_600_000);
      target = now.plus({ milliseconds: ms });
    } else if (/^(volgende|next)$/i.test(arg)) {
      const next = this.options.scheduler?.nextSend(clock.now());
      if (!next) return this.print(s.timeNoNext);
      target = DateTime.fromJSDate(next, { zone }).plus({ minutes: 1 });
    } else if (arg) {
      const parsed = DateTime.fromISO(arg.replace(" ", "T"), { zone });
      if (parsed.isValid) target = parsed;
    }
    if (arg && !target) return this.print(s.timeUsage);
    const before = this.waitingForOthers();
    if (target) {
      // Going forward, let the scheduler see the time in between, as it would have.
      for (let t = now.plus({ minutes: 30 }); t < target; t = t.plus({ minutes: 30 })) {
        clock.set(t.toJSDate());
        await this.options.scheduler?.tick();
      }
      clock.set(target.toJSDate());
    }
    const shown = DateTime.fromJSDate(clock.now(), { zone })
      .setLocale(language === "nl" ? "nl-NL" : "en-GB")
      .toFormat("cccc d LLLL yyyy, HH:mm");
    this.print(s.timeNow(shown));
    if (!target) return this.print(s.timeUsage);
    await this.options.scheduler?.tick();
    const waiting = this.waitingForOthers();
    if (waiting > before) this.print(s.waiting(waiting));
  }

  // ── output ──────────────────────────────────────────────────────────────────
  private show(message: Message): void {
    const { text, buttons } = renderMessage(message, { color: this.interactive });
    this.buttons = buttons;
    this.print(text, false);
  }

  private print(text: string, markup = true): void {
    const out = markup ? renderMessage({ text }, { color: this.interactive }).text : text;
    this.options.output.write(`${out}\n`);
  }

  private async ask(prompt: string): Promise<string | undefined> {
    if (this.interactive) this.options.output.write(prompt);
    const next = await this.lines.next();
    if (next.done) return undefined;
    // Piped input is not shown by a terminal; echo it so a transcript reads as a chat.
    if (!this.interactive) this.options.output.write(`${prompt}${next.value}\n`);
    return next.value;
  }

  private async showInbox(): Promise<void> {
    const inbox = this.inboxes.get(address(this.me.id)) ?? [];
    if (inbox.length === 0) return;
    this.inboxes.delete(address(this.me.id));
    this.print(consoleStrings(await this.language()).inbox(inbox.length));
    for (const message of inbox) this.show(message);
  }

  private listPeople(language: Language): void {
    const s = consoleStrings(language);
    const t = (role: Person["role"]) => this.roleName(language, role);
    const lines = this.bot.directory
      .all()
      .map(
        (p) =>
          `• ${p.name} (${t(p.role)}${this.bot.directory.teamOf(p.id) ? `, ${this.bot.directory.teamOf(p.id)?.name}` : ""}): *als ${p.firstName.toLowerCase()}*`,
      );
    this.print(`${s.people}\n${lines.join("\n")}`);
  }

  private waitingForOthers(): number {
    let n = 0;
    for (const [conversation, inbox] of this.inboxes)
      if (conversation !== address(this.me.id)) n += inbox.length;
    return n;
  }

  private roleName(language: Language, role: Person["role"] = this.me.role): string {
    return messages(language).roles[role];
  }

  private language(): Promise<Language> {
    return this.bot.languageOf(this.me);
  }
}
