import { randomUUID } from "node:crypto";
import type { Bot } from "../../core/bot.js";
import type { Answerer, QaAnswer } from "../../knowledge/answerer.js";
import type { QuestionRecord } from "../../storage/records.js";
import type { Person } from "../../core/people.js";

/** True for a question the bot could not answer, or whose answer its asker found not helpful. */
export function isUnanswered(q: QuestionRecord): boolean {
  return q.mode === "none" || q.feedback === "not-helpful";
}

/**
 * Questions about the content: answered by the answerer, logged for the coordinators
 * (without the asker's name in any report), rated by the asker.
 */
export class Questions {
  constructor(
    private readonly bot: Bot,
    readonly answerer: Answerer,
  ) {}

  /** The answer to a person's question, without logging it. */
  async answer(person: Person, text: string): Promise<QaAnswer> {
    return this.answerer.ask(text, {
      language: await this.bot.languageOf(person),
      mentorName: person.role === "participant" ? this.bot.directory.mentorOf(person.id)?.name : undefined,
    });
  }

  /** Answers and logs a question; the id is what the rating buttons carry. */
  async ask(person: Person, text: string): Promise<{ id: string; result: QaAnswer }> {
    return this.log(person, text, await this.answer(person, text));
  }

  async log(person: Person, text: string, result: QaAnswer): Promise<{ id: string; result: QaAnswer }> {
    const id = randomUUID();
    await this.bot.store.questions.set(id, {
      id,
      askerId: person.id,
      role: person.role,
      language: result.language,
      text,
      at: this.bot.clock.now().toISOString(),
      mode: result.mode,
      sources: result.sources.map((s) => s.id),
      answer: result.answer,
      ...(result.fallback ? { fallback: result.fallback } : {}),
    });
    return { id, result };
  }

  /** Stores the asker's rating; undefined when the question is not theirs (or does not exist). */
  async rate(person: Person, questionId: string, helpful: boolean): Promise<QuestionRecord | undefined> {
    const question = await this.bot.store.questions.get(questionId);
    if (!question || question.askerId !== person.id) return undefined;
    const feedbackAt = this.bot.clock.now().toISOString();
    return this.bot.store.questions.update(questionId, (current) => ({
      ...(current ?? question),
      feedback: helpful ? ("helpful" as const) : ("not-helpful" as const),
      feedbackAt,
    }));
  }
}
