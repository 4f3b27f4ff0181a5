import { DateTime } from "luxon";
import type { Language } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import { formatDay, messages } from "../../core/i18n/index.js";
import type { Message } from "../../core/messages.js";
import type { Answer, Occurrence, ReceivedPrompt, Visibility } from "../../storage/records.js";
import type { Person } from "../people.js";
import { programmeMoment } from "./phase.js";
import { type PromptBank, type PromptContext, type ReflectionPrompt, renderPrompt } from "./prompt-bank.js";

/** The longest answer kept (the size of a Slack modal's text input). */
export const MAX_ANSWER_LENGTH = 3000;

export const ACTION_ANSWER = "reflection.answer";
export const ACTION_EDIT = "reflection.edit";
export const FORM_ANSWER = "reflection.answer";

export interface FanoutResult {
  sent: number;
  already: number;
  unreachable: number;
}

export type AnswerProblem = { field: "answer"; problem: "empty" | "too-long"; length: number };

/**
 * Reflections: which prompt is due, sending it to everyone exactly once, and the
 * answers people give. Works on the store and the bot's adapters; no chat platform here.
 */
export class Reflections {
  constructor(
    private readonly bot: Bot,
    private readonly bank: PromptBank,
  ) {}

  /** The values a prompt can use for one participant at one moment. */
  contextFor(person: Person, now: Date, language: Language): PromptContext {
    const { programme, directory } = this.bot;
    const moment = programmeMoment(programme, now);
    const team = directory.teamOf(person.id);
    const next = moment.nextSession;
    return {
      firstName: person.firstName,
      learningQuestion: person.learningQuestion,
      teamName: team?.name,
      caseName: team?.case?.name,
      lastSessionTheme: moment.lastSession?.theme,
      nextSessionTheme: next?.theme,
      nextSessionDate: next
        ? formatDay(
            DateTime.fromISO(next.date, { zone: programme.timezone }).toJSDate(),
            language,
            programme.timezone,
          )
        : undefined,
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

  /** A prompt for one person: this week's prompt, or the next one of its phase they have the details for. */
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
      : this.bank.pick(
          main.phase,
          this.bank.idsForPhase(main.phase, language).indexOf(main.id) + 1,
          language,
          context,
        );
    return prompt ? { prompt, text: renderPrompt(prompt, context) } : undefined;
  }

  /** The id of a coordinator's "send now" for a prompt on a day: sending twice that day sends nothing new. */
  manualOccurrenceId(promptId: string, now: Date): string {
    const day = DateTime.fromJSDate(now, { zone: this.bot.programme.timezone }).toISODate();
    return `manual:${day}:${promptId}`;
  }

  /** The participants a fan-out would reach, and those it cannot reach. */
  async audience(): Promise<{ reachable: Person[]; unreachable: Person[] }> {
    const reachable: Person[] = [];
    const unreachable: Person[] = [];
    for (const p of this.bot.directory.withRole("participant")) {
      ((await this.bot.addressOf(p)) ? reachable : unreachable).push(p);
    }
    return { reachable, unreachable };
  }

  /**
   * Sends an occurrence to every participant who has not had it yet. Each delivery is
   * recorded before the next person is handled, so a crash half-way and a new run send
   * to the rest and to nobody twice.
   */
  async fanout(occurrence: Occurrence): Promise<FanoutResult> {
    const { store, clock, logger } = this.bot;
    if (!(await store.occurrences.has(occurrence.id))) await store.occurrences.set(occurrence.id, occurrence);
    const result: FanoutResult = { sent: 0, already: 0, unreachable: 0 };
    for (const person of this.bot.directory.withRole("participant")) {
      const deliveryId = `${occurrence.id}:${person.id}`;
      const previous = await store.deliveries.get(deliveryId);
      if (previous?.status === "sent") {
        result.already++;
        continue;
      }
      const now = clock.now();
      const address = await this.bot.addressOf(person);
      if (!address) {
        result.unreachable++;
        await store.deliveries.set(deliveryId, {
          occurrenceId: occurrence.id,
          personId: person.id,
          status: "unreachable",
          at: now.toISOString(),
        });
        continue;
      }
      const language = await this.bot.languageOf(person);
      const chosen = this.promptFor(person, occurrence.promptId, now, language);
      if (!chosen) {
        logger.warn({ person: person.id, prompt: occurrence.promptId }, "no prompt fits this person");
        result.unreachable++;
        continue;
      }
      const received: ReceivedPrompt = {
        occurrenceId: occurrence.id,
        promptId: chosen.prompt.id,
        text: chosen.text,
        receivedAt: now.toISOString(),
      };
      const sent = await address.adapter.send(
        address.conversation,
        this.promptMessage(person, received, language),
      );
      await store.deliveries.set(deliveryId, {
        occurrenceId: occurrence.id,
        personId: person.id,
        status: "sent",
        at: now.toISOString(),
        conversation: sent.conversation,
        messageId: sent.messageId,
      });
      await store.people.update(person.id, (s) => ({
        ...(s ?? { personId: person.id }),
        received: [...(s?.received ?? []).filter((r) => r.occurrenceId !== occurrence.id), received].slice(
          -100,
        ),
      }));
      result.sent++;
    }
    logger.info({ occurrence: occurrence.id, ...result }, "reflection fan-out done");
    return result;
  }

  /** The message that carries a prompt to a participant. */
  promptMessage(person: Person, prompt: ReceivedPrompt, language: Language): Message {
    const t = messages(language).reflection;
    const intro = t.promptIntro(person.firstName);
    return {
      text: `${intro}\n\n${prompt.text}`,
      blocks: [
        { type: "section", title: t.promptTitle, text: `${intro}\n\n*${prompt.text}*` },
        {
          type: "actions",
          buttons: [
            { actionId: ACTION_ANSWER, label: t.answerButton, value: prompt.occurrenceId, style: "primary" },
          ],
        },
        { type: "context", text: t.promptFooter },
      ],
    };
  }

  /** The most recent prompt a person received. */
  async latestPrompt(personId: string): Promise<ReceivedPrompt | undefined> {
    return (await this.bot.store.people.get(personId))?.received.at(-1);
  }

  async receivedPrompt(personId: string, occurrenceId: string): Promise<ReceivedPrompt | undefined> {
    return (await this.bot.store.people.get(personId))?.received.find((r) => r.occurrenceId === occurrenceId);
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
   * is an edit: the old version moves to the history, nothing is thrown away.
   */
  async saveAnswer(
    person: Person,
    prompt: ReceivedPrompt,
    answerText: string,
    visibility: Visibility,
  ): Promise<{ answer: Answer; edited: boolean }> {
    const now = this.bot.clock.now().toISOString();
    const textToKeep = answerText.trim();
    let edited = false;
    const book = await this.bot.store.answers.update(person.id, (current) => {
      const answers = [...(current?.answers ?? [])];
      const i = answers.findIndex((a) => a.occurrenceId === prompt.occurrenceId);
      const existing = answers[i];
      if (existing) {
        edited = true;
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
    return { answer, edited };
  }
}
