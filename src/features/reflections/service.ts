import { DateTime } from "luxon";
import { own } from "./strings.js";
import pMap from "p-map";
import type { Language } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import { dateFormatter, formatDay, messages } from "../../core/i18n/index.js";
import type { Button, Message } from "../../core/messages.js";
import {
  type Answer,
  type DeliveryKind,
  isReceived,
  type Occurrence,
  type ReceivedPrompt,
  type Visibility,
} from "../../storage/records.js";
import {
  type Deliverer,
  type DeliveryHint,
  type DeliveryOutcome,
  type DeliveryRequest,
  isoTime,
} from "../../core/deliveries.js";
import type { Person } from "../../core/people.js";
import type { PromptContextSources } from "../../core/prompt-context.js";
import { deliveryId, unreachableReportId } from "./ids.js";
import { ReflectionJob } from "./job.js";
import { promptDetails, receivedFrom } from "./records.js";
import { programmeMoment } from "./phase.js";
import { type PromptBank, type PromptContext, type ReflectionPrompt, renderPrompt } from "./prompt-bank.js";

/** The longest answer kept (the size of a Slack modal's text input). */
export const MAX_ANSWER_LENGTH = 3000;

export const ACTION_ANSWER = "reflection.answer";
export const ACTION_EDIT = "reflection.edit";
export const ACTION_LATER = "reflection.later";
export const ACTION_SNOOZE = "reflection.snooze";
export const ACTION_SKIP = "reflection.skip";
export const FORM_ANSWER = "reflection.answer";

/** The weekday a reminder names ("the prompt of Tuesday"). */
const WEEKDAY: Intl.DateTimeFormatOptions = { weekday: "long" };

/** How many people one fan-out sends to at the same time. */
const FANOUT_CONCURRENCY = 16;

export interface FanoutResult {
  /** The people who could not be reached (no chat with the bot yet, or no known account). */
  unreachablePeople?: Person[];
  sent: number;
  already: number;
  unreachable: number;
  failed: number;
  /** Sends that may or may not have arrived (`interrupted`): not sent again. */
  uncertain: number;
}

export type AnswerProblem = { field: "answer"; problem: "empty" | "too-long"; length: number };

export { deliveryId, unreachableReportId } from "./ids.js";

/**
 * Reflections: which prompt is due, sending it exactly once, reminders, snoozes, and the
 * answers people give. Works on the store and the bot's adapters; no chat platform here.
 */
export class Reflections {
  /** The weekly prompts as a scheduler job. */
  readonly job: ReflectionJob;

  constructor(
    readonly bot: Bot,
    readonly bank: PromptBank,
    private readonly deliverer: Deliverer,
    /** What other features say the next prompt can refer to (a leerbuddy talk). */
    readonly promptContext?: PromptContextSources,
  ) {
    this.job = new ReflectionJob(bot, this);
  }

  /** The programme-wide part of a prompt's context, the same for everyone at one moment. */
  private readonly sessionContexts = new Map<string, PromptContext>();

  private sessionContext(now: Date, language: Language): PromptContext {
    const key = `${now.getTime()}|${language}`;
    const cached = this.sessionContexts.get(key);
    if (cached) return cached;
    const { programme } = this.bot;
    const moment = programmeMoment(programme, now);
    const next = moment.nextSession;
    const context: PromptContext = {
      lastSessionTheme: moment.lastSession?.theme,
      nextSessionTheme: next?.theme,
      nextSessionDate: next
        ? formatDay(
            DateTime.fromISO(`${next.date}T12:00`, { zone: programme.timezone }).toJSDate(),
            language,
            programme.timezone,
          )
        : undefined,
    };
    if (this.sessionContexts.size > 64) this.sessionContexts.clear();
    this.sessionContexts.set(key, context);
    return context;
  }

  /** The values a prompt can use for one participant at one moment. */
  contextFor(person: Person, now: Date, language: Language): PromptContext {
    const team = this.bot.directory.teamOf(person.id);
    const session = this.sessionContext(now, language);
    return {
      lastSessionTheme: session.lastSessionTheme,
      nextSessionTheme: session.nextSessionTheme,
      nextSessionDate: session.nextSessionDate,
      firstName: person.firstName,
      learningQuestion: person.learningQuestion,
      teamName: team?.name,
      caseName: team?.case?.name,
    };
  }

  /** The prompt that is due now for the programme (the main prompt of this week). */
  promptOfTheWeek(now: Date): ReflectionPrompt | undefined {
    const { programme } = this.bot;
    const moment = programmeMoment(programme, now);
    const ids = this.bank.idsForPhase(moment.phase, programme.language);
    const id = ids[moment.week % Math.max(1, ids.length)];
    return id ? this.bank.get(id, programme.language) : undefined;
  }

  /** A prompt for one person: the occurrence's prompt, or the next one of its phase they have the details for. */
  promptFor(
    person: Person,
    promptId: string,
    now: Date,
    language: Language,
  ): { prompt: ReflectionPrompt; text: string } | undefined {
    const context = this.contextFor(person, now, language);
    const main = this.bank.get(promptId, language);
    if (!main) return undefined;
    const prompt = main.uses.every((u) => context[u])
      ? main
      : this.bank.pick(main.phase, this.bank.turnOf(main.phase, main.id, language) + 1, language, context);
    return prompt ? { prompt, text: renderPrompt(prompt, context) } : undefined;
  }

  /** The id of a coordinator's "send now" for a prompt on a day: sending twice that day sends nothing new. */
  manualOccurrenceId(promptId: string, now: Date): string {
    const day = DateTime.fromJSDate(now, { zone: this.bot.programme.timezone }).toISODate();
    return `manual:${day}:${promptId}`;
  }

  /** The participants a fan-out would reach, and those it cannot reach or who opted out. */
  async audience(): Promise<{ reachable: Person[]; unreachable: Person[]; optedOut: Person[] }> {
    const reachable: Person[] = [];
    const unreachable: Person[] = [];
    const optedOut: Person[] = [];
    const people = this.bot.directory.withRole("participant");
    const states = await this.bot.store.people.getMany(people.map((p) => p.id));
    for (const [i, p] of people.entries()) {
      if (states[i]?.optedOut) optedOut.push(p);
      else ((await this.bot.addressOf(p)) ? reachable : unreachable).push(p);
    }
    return { reachable, unreachable, optedOut };
  }

  /** Who of these people already received an occurrence (its delivery is final): a repeat send skips them. */
  async receivedBy(occurrenceId: string, people: Person[]): Promise<Set<string>> {
    const records = await this.bot.store.deliveries.getMany(
      people.map((p) => deliveryId("reflection", occurrenceId, p.id)),
    );
    return new Set(people.filter((_, i) => isReceived(records[i])).map((p) => p.id));
  }

  /**
   * When a reflection prompt (other than `except`) already went out this calendar week (in the
   * programme's timezone), or undefined: a second one that week needs an explicit confirmation.
   */
  async sentThisWeek(now: Date, except?: string): Promise<Date | undefined> {
    const zone = this.bot.programme.timezone;
    const week = DateTime.fromJSDate(now, { zone }).startOf("week");
    const index = (await this.bot.store.occurrenceIndex.get("all"))?.occurrences ?? [];
    const earlier = index.filter((o) => {
      if (o.id === except) return false;
      const at = DateTime.fromISO(o.at, { zone });
      return at >= week && at.toJSDate() <= now;
    });
    const first = earlier[0];
    return first ? new Date(first.at) : undefined;
  }

  /**
   * Sends an occurrence to every participant who has not had it yet (and has not opted
   * out). Each delivery is claimed and recorded in the store, so a crash half-way and a
   * new run send to the rest and to nobody twice.
   */
  async fanout(
    occurrence: Occurrence,
    people = this.bot.directory.withRole("participant"),
  ): Promise<FanoutResult> {
    const { store, logger } = this.bot;
    await store.recordOccurrence(occurrence);
    const states = await store.people.getMany(people.map((p) => p.id));
    const targets = people.filter((_, i) => !states[i]?.optedOut);
    const outcomes = await pMap(targets, (person) => this.sendPrompt(occurrence, person, "reflection"), {
      concurrency: FANOUT_CONCURRENCY,
    });
    const result = tally(outcomes);
    const unreachable = targets.filter((_, i) => outcomes[i] === "unreachable");
    logger.info({ occurrence: occurrence.id, ...result }, "reflection fan-out done");
    return { ...result, unreachablePeople: unreachable };
  }

  /**
   * Tells every coordinator, once per occurrence, who could not be reached and what to do
   * about it (exactly once, like any other delivery).
   */
  async reportUnreachable(occurrenceId: string, unreachable: Person[]): Promise<void> {
    if (unreachable.length === 0) return;
    const names = unreachable.map((p) => p.name).sort((a, b) => a.localeCompare(b));
    await pMap(this.bot.directory.withRole("coordinator"), (coordinator) =>
      this.deliverer.deliver({
        id: unreachableReportId(occurrenceId, coordinator.id),
        kind: "unreachable-report",
        occurrenceId,
        person: coordinator,
        build: (language) => {
          const t = own(messages(language)).unreachable;
          return {
            kind: "unreachable-report",
            blocks: [
              { type: "section", title: t.title(names.length), text: names.map((n) => `• ${n}`).join("\n") },
              { type: "context", text: t.whatToDo },
            ],
          };
        },
      }),
    );
  }

  /** Sends (once) a prompt, a reminder or a snoozed prompt of an occurrence to one person. */
  async sendPrompt(
    occurrence: Occurrence,
    person: Person,
    kind: DeliveryKind,
    extra?: string,
    hint?: DeliveryHint,
    /** A line for this person only, under the question (what happened since the last prompt). */
    context?: string,
  ): Promise<DeliveryOutcome> {
    const now = this.bot.clock.now();
    const earlier = kind === "reflection" ? undefined : await this.receivedPrompt(person.id, occurrence.id);
    if (kind !== "reflection" && !earlier) return "unreachable";
    let fresh: ReceivedPrompt | undefined;
    const request: DeliveryRequest = {
      id: deliveryId(kind, occurrence.id, person.id, extra),
      kind,
      occurrenceId: occurrence.id,
      person,
      build: (language) => {
        if (earlier) return this.promptMessage(person, earlier, language, kind);
        const chosen = this.promptFor(person, occurrence.promptId, now, language);
        if (!chosen) return undefined;
        fresh = this.received(occurrence, chosen, now);
        return this.freshPromptMessage(person, fresh, language, kind, context);
      },
      details: () => (fresh ? promptDetails(fresh) : undefined),
    };
    return this.deliverer.deliver(request, hint);
  }

  private received(occurrence: Occurrence, chosen: { prompt: ReflectionPrompt; text: string }, now: Date) {
    return {
      occurrenceId: occurrence.id,
      promptId: chosen.prompt.id,
      text: chosen.text,
      receivedAt: isoTime(now),
    } satisfies ReceivedPrompt;
  }

  /**
   * The messages of a fan-out's fresh prompts, by everything they are made of: people whose
   * prompt reads the same (the same question, the same first name) get the same message
   * object, so an adapter renders it once (`toBlockKit` keeps what it made of a message).
   * Only messages handed to the deliverer come from here; they are never changed afterwards.
   */
  private readonly freshMessages = new Map<string, Map<string, Message>>();

  private freshPromptMessage(
    person: Person,
    prompt: ReceivedPrompt,
    language: Language,
    kind: DeliveryKind,
    context?: string,
  ): Message {
    // A reminder names the weekday in the person's timezone: those are not shared.
    if (kind === "reflection-reminder") return this.promptMessage(person, prompt, language, kind, context);
    // By the question first (the long part: looked up, not copied into a key), then the rest.
    let byRest = this.freshMessages.get(prompt.text);
    if (!byRest) {
      if (this.freshMessages.size >= 64) this.freshMessages.clear();
      byRest = new Map();
      this.freshMessages.set(prompt.text, byRest);
    }
    const key = JSON.stringify([kind, language, person.firstName, prompt.occurrenceId, context ?? ""]);
    let message = byRest.get(key);
    if (!message) {
      message = this.promptMessage(person, prompt, language, kind, context);
      if (byRest.size >= 256) byRest.clear();
      byRest.set(key, message);
    }
    return message;
  }

  /** The message that carries a prompt (or its reminder) to a participant. */
  promptMessage(
    person: Person,
    prompt: ReceivedPrompt,
    language: Language,
    kind: DeliveryKind = "reflection",
    context?: string,
  ): Message {
    const t = own(messages(language)).reflection;
    const intro =
      kind === "reflection-reminder"
        ? t.reminderIntro(
            person.firstName,
            dateFormatter(language, person.timezone, WEEKDAY).format(new Date(prompt.receivedAt)),
          )
        : kind === "reflection-snoozed"
          ? t.snoozedIntro(person.firstName)
          : t.promptIntro(person.firstName);
    const buttons: Button[] = [
      { actionId: ACTION_ANSWER, label: t.answerButton, value: prompt.occurrenceId, style: "primary" },
      ...(kind === "reflection"
        ? [{ actionId: ACTION_LATER, label: t.laterButton, value: prompt.occurrenceId } satisfies Button]
        : []),
      { actionId: ACTION_SKIP, label: t.skipButton, value: prompt.occurrenceId },
    ];
    return {
      kind,
      // The notification shows the question itself first (then the greeting), not the title.
      text: `${prompt.text}\n\n${intro}`,
      blocks: [
        {
          type: "section",
          title: kind === "reflection-reminder" ? t.reminderTitle : t.promptTitle,
          text: `${intro}\n\n*${prompt.text}*`,
        },
        ...(context ? [{ type: "text" as const, text: context }] : []),
        { type: "actions", buttons },
        { type: "context", text: t.promptFooter },
      ],
    };
  }

  /** The most recent prompt a person received. */
  async latestPrompt(personId: string): Promise<ReceivedPrompt | undefined> {
    const index = (await this.bot.store.occurrenceIndex.get("all"))?.occurrences ?? [];
    const newestFirst = [...index].reverse().slice(0, 30);
    const deliveries = await this.bot.store.deliveries.getMany(
      newestFirst.map((o) => deliveryId("reflection", o.id, personId)),
    );
    for (const d of deliveries) {
      const prompt = isReceived(d) ? receivedFrom(d) : undefined;
      if (prompt) return prompt;
    }
    return undefined;
  }

  /**
   * The prompt whose answer the bot waits for: the latest one the person received, while it
   * has no answer and was not skipped. (Until when: see the expected reply in handlers.ts.)
   */
  async openPrompt(personId: string): Promise<ReceivedPrompt | undefined> {
    const [prompt, state] = await Promise.all([
      this.latestPrompt(personId),
      this.bot.store.people.get(personId),
    ]);
    if (!prompt || state?.skipped.includes(prompt.occurrenceId)) return undefined;
    return (await this.answerTo(personId, prompt.occurrenceId)) ? undefined : prompt;
  }

  /** A prompt as the person received it, if they did. */
  async receivedPrompt(personId: string, occurrenceId: string): Promise<ReceivedPrompt | undefined> {
    const delivery = await this.bot.store.deliveries.get(deliveryId("reflection", occurrenceId, personId));
    return isReceived(delivery) ? receivedFrom(delivery) : undefined;
  }

  /** A person's answers, oldest first (the numbers people use to edit them). */
  async answersOf(personId: string): Promise<Answer[]> {
    return (await this.bot.store.answers.get(personId))?.answers ?? [];
  }

  async answerTo(personId: string, occurrenceId: string): Promise<Answer | undefined> {
    return (await this.answersOf(personId)).find((a) => a.occurrenceId === occurrenceId);
  }

  /** Checks an answer's text before it is stored. */
  checkAnswer(text: string): AnswerProblem | undefined {
    const length = [...text.trim()].length;
    if (length === 0) return { field: "answer", problem: "empty", length };
    if (length > MAX_ANSWER_LENGTH) return { field: "answer", problem: "too-long", length };
    return undefined;
  }

  /**
   * Stores a person's answer to a prompt they received. Answering the same prompt again
   * is an edit: the old version moves to the history, nothing is thrown away. The same text
   * and visibility as the stored answer is none (`unchanged`): nothing new is stored.
   */
  async saveAnswer(
    person: Person,
    prompt: ReceivedPrompt,
    answerText: string,
    visibility: Visibility,
  ): Promise<{ answer: Answer; edited: boolean; unchanged: boolean }> {
    const now = this.bot.clock.now().toISOString();
    const textToKeep = answerText.trim();
    let edited = false;
    let unchanged = false;
    const book = await this.bot.store.answers.update(person.id, (current) => {
      const answers = [...(current?.answers ?? [])];
      const i = answers.findIndex((a) => a.occurrenceId === prompt.occurrenceId);
      const existing = answers[i];
      // Runs again if another event changed the book meanwhile: decide afresh each time.
      // The same text and visibility again (a double tap on "Opslaan", a platform sending the
      // form twice) is no edit: no new version in the history, the answer stays as it was.
      unchanged =
        existing !== undefined && existing.text === textToKeep && existing.visibility === visibility;
      edited = existing !== undefined && !unchanged;
      if (unchanged) return { personId: person.id, answers };
      if (existing) {
        answers[i] = {
          ...existing,
          text: textToKeep,
          visibility,
          updatedAt: now,
          history: [
            ...existing.history,
            { text: existing.text, visibility: existing.visibility, at: existing.updatedAt },
          ],
        };
      } else {
        answers.push({
          id: prompt.occurrenceId,
          occurrenceId: prompt.occurrenceId,
          promptId: prompt.promptId,
          promptText: prompt.text,
          text: textToKeep,
          visibility,
          createdAt: now,
          updatedAt: now,
          history: [],
        });
      }
      return { personId: person.id, answers };
    });
    const answer = book.answers.find((a) => a.occurrenceId === prompt.occurrenceId) as Answer;
    return { answer, edited, unchanged };
  }

  /**
   * Changes who may read an answer (making a shared one private again), keeping the earlier
   * version in its history like an edit. Undefined when the person has no such answer.
   */
  async setVisibility(
    personId: string,
    occurrenceId: string,
    visibility: Visibility,
  ): Promise<Answer | undefined> {
    const now = this.bot.clock.now().toISOString();
    const book = await this.bot.store.answers.update(personId, (current) => ({
      personId,
      answers: (current?.answers ?? []).map((a) =>
        a.occurrenceId !== occurrenceId || a.visibility === visibility
          ? a
          : {
              ...a,
              visibility,
              updatedAt: now,
              history: [...a.history, { text: a.text, visibility: a.visibility, at: a.updatedAt }],
            },
      ),
    }));
    return book.answers.find((a) => a.occurrenceId === occurrenceId);
  }

  /** "Later": the prompt comes again at `until`, and no reminder is sent meanwhile. */
  async snooze(personId: string, occurrenceId: string, until: Date): Promise<void> {
    await this.bot.store.people.update(personId, (s) => ({
      ...(s ?? { personId }),
      snoozes: [
        ...(s?.snoozes ?? []).filter((z) => z.occurrenceId !== occurrenceId),
        { occurrenceId, until: until.toISOString() },
      ],
      // Every "Later" ever chosen: the snoozed prompt's delivery id holds its moment, so this is
      // how a person's snoozed deliveries are found for their export or erasure, without a scan.
      snoozeLog: [...(s?.snoozeLog ?? []), { occurrenceId, until: until.toISOString() }],
    }));
  }

  /** "Skip": no answer expected and no reminder for this prompt. */
  async skip(personId: string, occurrenceId: string): Promise<void> {
    await this.bot.store.people.update(personId, (s) => ({
      ...(s ?? { personId }),
      skipped: [...new Set([...(s?.skipped ?? []), occurrenceId])],
      snoozes: (s?.snoozes ?? []).filter((z) => z.occurrenceId !== occurrenceId),
    }));
  }

  async setPause(personId: string, until: Date | undefined): Promise<void> {
    await this.bot.store.people.update(personId, (s) => ({
      ...(s ?? { personId }),
      pausedUntil: until?.toISOString(),
    }));
  }

  async setOptedOut(personId: string, optedOut: boolean): Promise<void> {
    await this.bot.store.people.update(personId, (s) => ({ ...(s ?? { personId }), optedOut }));
  }
}

function tally(outcomes: DeliveryOutcome[]): FanoutResult {
  const result: FanoutResult = { sent: 0, already: 0, unreachable: 0, failed: 0, uncertain: 0 };
  for (const o of outcomes) {
    if (o === "sent") result.sent++;
    else if (o === "already" || o === "busy") result.already++;
    else if (o === "unreachable") result.unreachable++;
    else if (o === "interrupted") result.uncertain++;
    else result.failed++;
  }
  return result;
}
