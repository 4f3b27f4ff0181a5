import { randomUUID } from "node:crypto";
import type { Bot } from "../../core/bot.js";
import type { DueSources } from "../../core/due.js";
import type { Answerer } from "../../knowledge/answerer.js";
import type { Collection } from "../../storage/collection.js";
import type { QuestionRecord } from "../../storage/records.js";
import type { Person } from "../../core/people.js";
import type { Language } from "../../config/programme-schema.js";
import type { KnowledgeBase } from "../../knowledge/knowledge-base.js";
import { type Answer, withAnswerText } from "./answer-text.js";
import { plainText } from "../../core/messages.js";
import { shorten } from "./message.js";
import { type ProgrammeAnswer, placeWords, programmeAnswer, sessionsMeant } from "./programme/answer.js";
import { programmeIntent } from "./programme/intent.js";
import { type ProgrammeStrings, programmeStrings } from "./programme/strings.js";
import { askerIndexState, questionsByAsker } from "./records.js";

/** A question about what a day is about, rather than when or where it is. */
const WHAT_HAPPENS =
  /\b(gebeurt|doen we|gaan we doen|programma|happens?|will we do|do we do|what do we do|about)\b/;

/** The name of a kind of programme, as the content base describes it in general. */
const NAMES_PROGRAMME = /\b(leergang|masterclass|community of practice|cop|learning track|training)\b/;

/** True for a question the bot could not answer, or whose answer its asker found not helpful. */
export function isUnanswered(q: QuestionRecord): boolean {
  return q.mode === "none" || q.feedback === "not-helpful";
}

/**
 * Questions about the content: answered by the answerer, logged for the coordinators
 * (without the asker's name in any report), rated by the asker.
 */
export class Questions {
  /** Each asker's questions (`questions-by:<person>`). */
  private readonly askers: Collection<typeof questionsByAsker.schema>;

  private readonly places: string[];

  constructor(
    private readonly bot: Bot,
    readonly answerer: Answerer,
    private readonly knowledge?: KnowledgeBase,
    /** What is due for a person, from the features that know (homework, session reminders). */
    private readonly due?: DueSources,
  ) {
    this.askers = bot.store.collection(questionsByAsker);
    this.places = placeWords(bot.programme);
  }

  /**
   * The answer to a question about the programme itself (the next session day, all dates,
   * my team, mentor, case or learning question, what is due), from the programme file and
   * the asker's own record, in the question's language; undefined for any other question.
   */
  async programmeAnswer(
    person: Person,
    text: string,
  ): Promise<(ProgrammeAnswer & { strings: ProgrammeStrings; language: Language }) | undefined> {
    const own = await this.bot.languageOf(person);
    const language = this.knowledge?.retriever.detectLanguage(text, own) ?? own;
    const intent = programmeIntent(text, language, this.places);
    if (!intent) return undefined;
    // "Wat gebeurt er op de laatste dag van de leergang?" asks what the programme's
    // description says (a content question, with sources); without the programme's name it
    // asks about this programme's own day.
    if (
      intent.kind === "session" &&
      WHAT_HAPPENS.test(text.toLowerCase()) &&
      NAMES_PROGRAMME.test(text.toLowerCase())
    )
      return undefined;
    const { programme, directory, clock } = this.bot;
    const now = clock.now();
    const due = intent.kind === "due" ? await this.due?.items(person, now) : undefined;
    const ctx = { programme, directory, person, now, language, ...(due ? { due } : {}) };
    const answer = programmeAnswer(intent, ctx);
    // With a model, it words the facts `modelFacts` lets it see; its reply is used only when
    // every date, time and place (or the asker's own learning question) is in it as given.
    const asked = answer.blocks.some((b) => b.type === "actions");
    const facts = this.answerer.usesModel && !asked ? await this.modelFacts(person, answer) : undefined;
    if (facts) {
      const worded = await this.answerer.phraseFacts(text, facts.text, language, facts.exact, facts.about);
      if (worded) answer.blocks = [{ type: "text", text: worded }];
    }
    // "Wat gebeurt er op dag 2?": what the programme's own description says about that day.
    if (intent.kind === "session" && WHAT_HAPPENS.test(text.toLowerCase())) {
      const [session, ...others] = sessionsMeant(intent.which, ctx);
      const n = session && others.length === 0 ? programme.sessions.indexOf(session) + 1 : 0;
      const chunk = n
        ? this.knowledge?.content.chunks.find(
            (c) =>
              c.docId === programme.kind &&
              c.language === language &&
              new RegExp(`\\b(dag|day) ${n}\\b`, "i").test(c.heading),
          )
        : undefined;
      if (chunk)
        answer.blocks.push({
          type: "context",
          text: `*${chunk.title}* [${chunk.docId}]: ${shorten(chunk.text.replace(/\s+/g, " "), 240)}`,
        });
    }
    return { ...answer, strings: programmeStrings(language), language };
  }

  /**
   * What a model may see of a programme answer: the one place where that is decided. The
   * programme's own facts (dates, places, themes, preparation) always; of a personal answer
   * only the asker's own details (`own`), and only when the programme allows it and they
   * consented (`Answerer.mayShare`). Never anyone else's name, reflection or case: a personal
   * answer about others (my team, my mentor, my case) is always the template.
   */
  private async modelFacts(
    person: Person,
    answer: ProgrammeAnswer,
  ): Promise<{ text: string; exact: string[]; about?: string } | undefined> {
    if (!answer.personal)
      return answer.exact.length > 0
        ? { text: plainText({ blocks: answer.blocks }), exact: answer.exact }
        : undefined;
    if (!answer.own || !(await this.answerer.mayShare(person.id))) return undefined;
    return { text: answer.own.facts, exact: answer.own.exact, about: person.id };
  }

  /**
   * Once per person, under their first personal programme answer: how to let answers with
   * the model use their own details (only when the programme allows it and they did not
   * choose yet).
   */
  consentHint(person: Person, language: Language): Promise<string | undefined> {
    return this.answerer.consentHint(person.id, language);
  }

  /** The answer to a person's question (what the content base found, and its text), without logging it. */
  async answer(person: Person, text: string): Promise<Answer> {
    const facts = await this.answerer.ask(text, { language: await this.bot.languageOf(person) });
    const mentorName =
      person.role === "participant" ? this.bot.directory.mentorOf(person.id)?.name : undefined;
    return withAnswerText(facts, mentorName);
  }

  /** Answers and logs a question; the id is what the rating buttons carry. */
  async ask(person: Person, text: string): Promise<{ id: string; result: Answer }> {
    return this.log(person, text, await this.answer(person, text));
  }

  async log(person: Person, text: string, result: Answer): Promise<{ id: string; result: Answer }> {
    const id = randomUUID();
    // The asker's index first: a stored question can always be found by its asker.
    await this.askers.update(person.id, (current) => ({
      personId: person.id,
      questions: [...(current?.questions ?? []).filter((q) => q !== id), id],
    }));
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
      ...(result.mode === "extractive" && result.fallback ? { fallback: result.fallback } : {}),
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

  /** Every question asked in this programme (for the coordinators' list, which shows no names). */
  async all(): Promise<QuestionRecord[]> {
    return this.bot.store.questions.all();
  }

  /** The questions a person asked, with what the bot answered and their rating; oldest first. */
  async askedBy(personId: string): Promise<QuestionRecord[]> {
    const ids = (await this.askers.get(personId))?.questions ?? [];
    const records = await this.bot.store.questions.getMany(ids);
    return records.filter((q): q is QuestionRecord => q?.askerId === personId);
  }

  /**
   * Removes the questions a person asked, and their index; how many records were removed.
   * Only what their index lists, and only questions they asked: no scan.
   */
  async eraseAskedBy(personId: string): Promise<number> {
    let removed = 0;
    // A question logged meanwhile is in the index again: a second round takes it too.
    for (let round = 0; round < 3; round++) {
      if (!(await this.askers.has(personId))) break;
      const asked = await this.askedBy(personId);
      await this.bot.store.questions.deleteMany(asked.map((q) => q.id));
      removed += asked.length;
      const erased = new Set(asked.map((q) => q.id));
      const left = await this.askers.update(personId, (current) => ({
        personId,
        questions: (current?.questions ?? []).filter((id) => !erased.has(id)),
      }));
      if (left.questions.length > 0) continue;
      await this.askers.delete(personId);
      removed++;
      break;
    }
    return removed;
  }

  /**
   * Once per store: adds the questions logged before the per-asker index existed to it (one
   * scan). A damaged record leaves it for the next start, with a warning.
   */
  async indexEarlierQuestions(): Promise<number> {
    const { store, clock, logger } = this.bot;
    const state = store.collection(askerIndexState);
    if (await state.has("backfill")) return 0;
    let all: QuestionRecord[];
    try {
      all = await store.questions.all();
    } catch (error) {
      logger.warn(
        { err: error },
        "could not index the earlier questions by asker; trying again at the next start",
      );
      return 0;
    }
    const byAsker = new Map<string, QuestionRecord[]>();
    for (const q of all) byAsker.set(q.askerId, [...(byAsker.get(q.askerId) ?? []), q]);
    for (const [personId, asked] of byAsker) {
      const ids = asked.sort((a, b) => a.at.localeCompare(b.at)).map((q) => q.id);
      await this.askers.update(personId, (current) => {
        const known = current?.questions ?? [];
        return { personId, questions: [...ids.filter((id) => !known.includes(id)), ...known] };
      });
    }
    await state.set("backfill", { at: clock.now().toISOString(), questions: all.length });
    return all.length;
  }
}
