import type { Language } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import type { Deliverer, DeliveryOutcome } from "../../core/deliveries.js";
import type { ParticipationSources } from "../../core/participation.js";
import type { Person } from "../../core/people.js";
import type { Collection } from "../../storage/collection.js";
import { isReceived } from "../../storage/records.js";
import {
  answerValue,
  DIGEST_KIND,
  digestDeliveryId,
  digestOccurrenceId,
  NUDGE_KIND,
  nudgeDeliveryId,
  REPLY_BACK_KIND,
  REPLY_KIND,
  threadDeliveryId,
} from "./ids.js";
import { type DigestMoment, digestMoments, momentIn } from "./plan.js";
import { type MentorState, mentorStates, threadBooks } from "./records.js";
import { ACTION_ANSWER_BACK, ACTION_REPLY, digestMessage } from "./render.js";
import type { DigestSettings } from "./settings.js";
import { type MentorView, readViews } from "./snapshot.js";
import { HomeworkReader } from "./sources.js";
import { strings } from "./strings.js";

/** The longest reply kept (the size of a Slack modal's text input). */
export const MAX_REPLY_LENGTH = 3000;

const WEEK_MS = 7 * 86_400_000;

export type NudgeResult =
  "sent" | "already" | "not-needed" | "paused" | "no-prompt" | "unreachable" | "not-yours";
export type ReplyResult = "sent" | "unreachable" | "not-yours";

/**
 * The mentor's side: who their mentees are (through the directory, so an approved pairing is
 * followed at once), the views of their team, the weekly digest, nudges and replies. Every
 * read on behalf of a person checks that person: a mentor sees only their own mentees'
 * shared answers, and never the words of a private one.
 */
export class Mentors {
  readonly moments: DigestMoment[];
  readonly states: Collection<typeof mentorStates.schema>;
  readonly threads: Collection<typeof threadBooks.schema>;
  readonly homework: HomeworkReader;

  constructor(
    readonly bot: Bot,
    private readonly deliverer: Deliverer,
    private readonly participation: ParticipationSources,
    readonly settings: DigestSettings,
  ) {
    this.moments = digestMoments(bot.programme, settings);
    this.states = bot.store.collection(mentorStates);
    this.threads = bot.store.collection(threadBooks);
    this.homework = new HomeworkReader(bot);
  }

  /** The mentors who mentor someone now. */
  mentorsWithMentees(): Person[] {
    const ids = new Set(
      this.bot.directory.withRole("participant").flatMap((p) => this.bot.directory.mentorOf(p.id)?.id ?? []),
    );
    return this.bot.directory.withRole("mentor").filter((m) => ids.has(m.id));
  }

  /** Whether this participant's mentor (now) is this person. */
  mentors(mentor: Person, personId: string): boolean {
    return mentor.role === "mentor" && this.bot.directory.mentorOf(personId)?.id === mentor.id;
  }

  /** The views of these mentors at `at`; shared answers since `sharedSince` (all when absent). */
  views(mentors: Person[], at: Date, sharedSince?: Date): Promise<MentorView[]> {
    return readViews(this.bot, { participation: this.participation, homework: this.homework }, mentors, at, {
      sharedSince,
    });
  }

  async view(mentor: Person, sharedSince?: Date): Promise<MentorView> {
    const [view] = await this.views([mentor], this.bot.clock.now(), sharedSince);
    return view as MentorView;
  }

  async stateOf(mentorId: string): Promise<MentorState> {
    return (
      (await this.states.get(mentorId)) ?? {
        mentorId,
        onlyWhenShared: false,
        quietSkipped: [],
        learningQuestionsShown: false,
      }
    );
  }

  async setOnlyWhenShared(mentorId: string, onlyWhenShared: boolean): Promise<void> {
    await this.states.update(mentorId, (s) => ({ ...(s ?? { mentorId }), onlyWhenShared }));
  }

  async noteQuietSkip(mentorId: string, date: string): Promise<void> {
    await this.states.update(mentorId, (s) => ({
      ...(s ?? { mentorId }),
      quietSkipped: [...new Set([...(s?.quietSkipped ?? []), date])],
    }));
  }

  async noteLearningQuestionsShown(mentorId: string): Promise<void> {
    await this.states.update(mentorId, (s) => ({ ...(s ?? { mentorId }), learningQuestionsShown: true }));
  }

  /** When a mentor in this timezone gets the next digest after `from`, if any. */
  nextDigestAt(zone: string, from: Date): Date | undefined {
    return this.moments.map((m) => momentIn(m, zone)).find((at) => at > from);
  }

  /**
   * The digests of many mentors for one moment, built from one read of the store: what the
   * job sends, and what the benchmark times. A mentor who chose "only when something is
   * shared" gets none in a week without a shared answer.
   */
  async digests(
    mentors: Person[],
    moment: DigestMoment,
    now: Date,
    language?: Language,
  ): Promise<
    {
      mentor: Person;
      view: MentorView;
      state: MentorState;
      skip: boolean;
      build(language: Language): ReturnType<typeof digestMessage>;
    }[]
  > {
    const since = new Date(momentIn(moment, this.bot.programme.timezone).getTime() - WEEK_MS);
    const [views, stateList] = await Promise.all([
      this.views(mentors, now, since),
      this.states.getMany(mentors.map((m) => m.id)),
    ]);
    return mentors.map((mentor, i) => {
      const view = views[i] as MentorView;
      const state = stateList[i] ?? {
        mentorId: mentor.id,
        onlyWhenShared: false,
        quietSkipped: [],
        learningQuestionsShown: false,
      };
      const skip = state.onlyWhenShared && view.teams.every((t) => t.shared.length === 0);
      const options = {
        learningQuestions: !state.learningQuestionsShown,
        onlyWhenShared: state.onlyWhenShared,
      };
      const built = new Map<Language, ReturnType<typeof digestMessage>>();
      const build = (lang: Language) => {
        const cached = built.get(lang);
        if (cached) return cached;
        const message = digestMessage(view, lang, options);
        built.set(lang, message);
        return message;
      };
      if (language) build(language);
      return { mentor, view, state, skip, build };
    });
  }

  /** Sends one digest (exactly once: its delivery id names the week and the mentor). */
  sendDigest(
    moment: DigestMoment,
    mentor: Person,
    build: (language: Language) => ReturnType<typeof digestMessage>,
    known?: Parameters<Deliverer["deliver"]>[1],
  ): Promise<DeliveryOutcome> {
    return this.deliverer.deliver(
      {
        id: digestDeliveryId(moment.date, mentor.id),
        kind: DIGEST_KIND,
        occurrenceId: digestOccurrenceId(moment.date),
        person: mentor,
        build,
      },
      known,
    );
  }

  /**
   * "Stuur een duwtje": one friendly message per prompt to a member who has not answered it,
   * never to someone paused or opted out. Its delivery id names the prompt and the member,
   * so a second press (or another mentor's) sends nothing.
   */
  async nudge(mentor: Person, personId: string, occurrenceId: string): Promise<NudgeResult> {
    const { store, directory, clock } = this.bot;
    const person = directory.get(personId);
    if (!person || !this.mentors(mentor, personId)) return "not-yours";
    const [delivery, state, book, earlier] = await Promise.all([
      store.deliveries.get(`${occurrenceId}:${personId}`),
      store.people.get(personId),
      store.answers.get(personId),
      store.deliveries.get(nudgeDeliveryId(occurrenceId, personId)),
    ]);
    const prompt = delivery?.details?.prompt as { text?: unknown } | undefined;
    if (!isReceived(delivery) || delivery?.personId !== personId || typeof prompt?.text !== "string")
      return "no-prompt";
    if (earlier?.status === "sent" || earlier?.status === "interrupted") return "already";
    if (book?.answers.some((a) => a.occurrenceId === occurrenceId) || state?.skipped.includes(occurrenceId))
      return "not-needed";
    if (state?.optedOut || (state?.pausedUntil && new Date(state.pausedUntil) > clock.now())) return "paused";
    const text = prompt.text;
    const outcome = await this.deliverer.deliver({
      id: nudgeDeliveryId(occurrenceId, personId),
      kind: NUDGE_KIND,
      occurrenceId,
      person,
      build: (language) => {
        const line = strings(language).nudge.message(person.firstName, mentor.firstName, text);
        return { kind: NUDGE_KIND, text: line, blocks: [{ type: "text", text: line }] };
      },
    });
    if (outcome === "sent") return "sent";
    if (outcome === "already" || outcome === "busy") return "already";
    return "unreachable";
  }

  /** The answer a "Reageer" names, when it is shared with this mentor (their own mentee's, not private). */
  async sharedAnswer(mentor: Person, personId: string, occurrenceId: string) {
    if (!this.mentors(mentor, personId)) return undefined;
    const answer = (await this.bot.store.answers.get(personId))?.answers.find(
      (a) => a.occurrenceId === occurrenceId,
    );
    return answer && answer.visibility !== "private" ? answer : undefined;
  }

  /** The conversation about one answer, if a mentor started one. */
  async thread(personId: string, occurrenceId: string) {
    return (await this.threads.get(personId))?.threads[occurrenceId] ?? [];
  }

  private async append(
    personId: string,
    occurrenceId: string,
    message: { from: "mentor" | "participant"; mentorId: string; text: string },
  ) {
    let n = 0;
    await this.threads.update(personId, (book) => {
      const threads = { ...(book?.threads ?? {}) };
      const list = [...(threads[occurrenceId] ?? [])];
      n = list.length;
      list.push({ ...message, at: this.bot.clock.now().toISOString() });
      threads[occurrenceId] = list;
      return { personId, threads };
    });
    return n;
  }

  /** The mentor's reply to a shared answer: kept in the participant's thread and sent to them as a DM. */
  async reply(
    mentor: Person,
    personId: string,
    occurrenceId: string,
    text: string,
    promptText: string,
  ): Promise<ReplyResult> {
    const person = this.bot.directory.get(personId);
    if (!person || !this.mentors(mentor, personId)) return "not-yours";
    const n = await this.append(personId, occurrenceId, { from: "mentor", mentorId: mentor.id, text });
    const outcome = await this.deliverer.deliver({
      id: threadDeliveryId(personId, occurrenceId, n),
      kind: REPLY_KIND,
      occurrenceId,
      person,
      build: (language) => {
        const r = strings(language).reply;
        const intro = r.toParticipant(mentor.name, promptText);
        return {
          kind: REPLY_KIND,
          text: `${intro}\n\n${text}`,
          blocks: [
            { type: "section", text: `${intro}\n\n${text}` },
            {
              type: "actions",
              buttons: [
                {
                  actionId: ACTION_ANSWER_BACK,
                  label: r.answerBackButton,
                  value: occurrenceId,
                  style: "primary",
                },
              ],
            },
          ],
        };
      },
    });
    return outcome === "sent" || outcome === "already" || outcome === "busy" ? "sent" : "unreachable";
  }

  /** The participant's answer back to the mentor who last wrote in the thread about their answer. */
  async answerBack(
    person: Person,
    occurrenceId: string,
    text: string,
    promptText: string,
  ): Promise<{ result: ReplyResult; mentor?: Person }> {
    const thread = await this.thread(person.id, occurrenceId);
    const last = [...thread].reverse().find((m) => m.from === "mentor");
    const mentor = last ? this.bot.directory.get(last.mentorId) : undefined;
    if (!mentor) return { result: "not-yours" };
    const n = await this.append(person.id, occurrenceId, { from: "participant", mentorId: mentor.id, text });
    const outcome = await this.deliverer.deliver({
      id: threadDeliveryId(person.id, occurrenceId, n),
      kind: REPLY_BACK_KIND,
      occurrenceId,
      person: mentor,
      build: (language) => {
        const r = strings(language).reply;
        const intro = r.toMentor(person.name, promptText);
        return {
          kind: REPLY_BACK_KIND,
          text: `${intro}\n\n${text}`,
          blocks: [
            { type: "section", text: `${intro}\n\n${text}` },
            {
              type: "actions",
              buttons: [
                {
                  actionId: ACTION_REPLY,
                  label: r.replyAgainButton,
                  value: answerValue(person.id, occurrenceId),
                },
              ],
            },
          ],
        };
      },
    });
    return {
      result: outcome === "sent" || outcome === "already" || outcome === "busy" ? "sent" : "unreachable",
      mentor,
    };
  }
}
