import type { Bot, Context, HandlerOptions } from "../../core/bot.js";
import type { FieldErrors, Form } from "../../core/messages.js";
import { text } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { z } from "zod";
import { answerValue, parseAnswerValue, parsePage } from "./ids.js";
import {
  ACTION_ANSWER_BACK,
  ACTION_EVERY_WEEK,
  ACTION_LEARNING,
  ACTION_NUDGE,
  ACTION_ONLY_SHARED,
  ACTION_REPLY,
  ACTION_SHARED_PAGE,
  FORM_ANSWER_BACK,
  FORM_REPLY,
  digestMessage,
  learningBlocks,
  sharedMessage,
  teamMessage,
} from "./render.js";
import { MAX_REPLY_LENGTH, type Mentors } from "./service.js";
import { own } from "./strings.js";

const MENTOR_PERSONAL: HandlerOptions = { roles: ["mentor"], personal: true };
const PARTICIPANT_PERSONAL: HandlerOptions = { roles: ["participant"], personal: true };

/** A reply's text from a form: trimmed, with words, not too long. */
const replyText = z.string().trim().min(1).max(MAX_REPLY_LENGTH);

/** Registers the mentor's commands, buttons and forms on the bot. */
export function registerMentor(bot: Bot, mentors: Mentors): Mentors {
  /** The mentor's view now, or says politely that they have no one to mentor. */
  const viewFor = async (ctx: Context, sharedSince?: Date) => {
    const view = await mentors.view(ctx.person, sharedSince);
    if (view.teams.length === 0) {
      await ctx.respond.reply(text(own(ctx.t).noTeam));
      return undefined;
    }
    return view;
  };

  bot.command("myTeam", async (ctx) => {
    const view = await viewFor(ctx);
    if (view)
      await ctx.respond.reply(
        teamMessage(
          view,
          ctx.language,
          view.teams.map((t) => t.shared.length),
        ),
      );
    return undefined;
  });

  bot.command("shared", async (ctx, args) => {
    const view = await viewFor(ctx);
    if (view) await ctx.respond.reply(sharedMessage(view, ctx.language, parsePage(args.trim()) ?? 1));
    return undefined;
  });

  bot.onAction(ACTION_SHARED_PAGE, MENTOR_PERSONAL, async (ctx) => {
    const page = parsePage(ctx.event.value);
    const view = page ? await viewFor(ctx) : undefined;
    if (!page) await ctx.respond.reply(text(ctx.t.staleAction));
    else if (view) await ctx.respond.replace(sharedMessage(view, ctx.language, page));
    return undefined;
  });

  bot.command("digest", async (ctx, args) => {
    const s = own(ctx.t).settings;
    const word = args.trim().toLowerCase();
    if (word === "alleen gedeeld" || word === "only shared") {
      await mentors.setOnlyWhenShared(ctx.person.id, true);
      await ctx.respond.reply(text(s.onlyShared));
      return undefined;
    }
    if (word === "altijd" || word === "always") {
      await mentors.setOnlyWhenShared(ctx.person.id, false);
      await ctx.respond.reply(text(s.everyWeek));
      return undefined;
    }
    const now = bot.clock.now();
    const view = await viewFor(ctx, new Date(now.getTime() - 7 * 86_400_000));
    if (!view) return undefined;
    const state = await mentors.stateOf(ctx.person.id);
    await ctx.respond.reply(
      digestMessage(view, ctx.language, { learningQuestions: true, onlyWhenShared: state.onlyWhenShared }),
    );
    return undefined;
  });

  const chooseMode = (onlyWhenShared: boolean) => async (ctx: Context) => {
    await mentors.setOnlyWhenShared(ctx.person.id, onlyWhenShared);
    const s = own(ctx.t).settings;
    await ctx.respond.reply(text(onlyWhenShared ? s.onlyShared : s.everyWeek));
    return undefined;
  };
  bot.onAction(ACTION_ONLY_SHARED, MENTOR_PERSONAL, chooseMode(true));
  bot.onAction(ACTION_EVERY_WEEK, MENTOR_PERSONAL, chooseMode(false));

  bot.onAction(ACTION_LEARNING, MENTOR_PERSONAL, async (ctx) => {
    const view = await viewFor(ctx);
    if (view)
      await ctx.respond.reply({ blocks: view.teams.flatMap((team) => learningBlocks(team, own(ctx.t))) });
    return undefined;
  });

  bot.onAction(ACTION_NUDGE, MENTOR_PERSONAL, async (ctx) => {
    const target = parseAnswerValue(ctx.event.value);
    const person = target ? bot.directory.get(target.personId) : undefined;
    if (!target || !person) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    const result = await mentors.nudge(ctx.person, target.personId, target.occurrenceId);
    const n = own(ctx.t).nudge;
    const name = person.firstName;
    const line =
      result === "sent"
        ? n.sent(name)
        : result === "already"
          ? n.already(name)
          : result === "not-needed"
            ? n.notNeeded(name)
            : result === "paused"
              ? n.paused(name)
              : result === "no-prompt"
                ? n.noPrompt(name)
                : result === "unreachable"
                  ? n.unreachable(name)
                  : ctx.t.notYours;
    if (result === "not-yours")
      bot.logger.warn({ person: ctx.person.id }, "refused a nudge for someone who is not their mentee");
    await ctx.respond.reply(text(line));
    return undefined;
  });

  /** The form of a reply to a participant, or of an answer back to the mentor. */
  const replyForm = (
    formId: string,
    title: string,
    submit: string,
    label: string,
    metadata: string,
  ): Form => ({
    formId,
    title,
    submitLabel: submit,
    metadata,
    fields: [{ kind: "textarea", id: "reply", label, required: true, maxLength: MAX_REPLY_LENGTH }],
  });

  /** The answer a reply is about, if this mentor may reply to it: shared with them, or already in a thread with them. */
  const replyTarget = async (ctx: Context, value: string | undefined) => {
    const target = parseAnswerValue(value);
    const person = target ? bot.directory.get(target.personId) : undefined;
    if (!target || !person || !mentors.mentors(ctx.person, person.id)) {
      if (target)
        bot.logger.warn({ person: ctx.person.id }, "refused a reply to someone who is not their mentee");
      await ctx.respond.reply(text(target ? ctx.t.notYours : ctx.t.staleAction));
      return undefined;
    }
    const answer = await mentors.sharedAnswer(ctx.person, person.id, target.occurrenceId);
    if (!answer) {
      await ctx.respond.reply(text(own(ctx.t).reply.gone));
      return undefined;
    }
    return { person, occurrenceId: target.occurrenceId, promptText: answer.promptText };
  };

  bot.onAction(ACTION_REPLY, MENTOR_PERSONAL, async (ctx) => {
    const target = await replyTarget(ctx, ctx.event.value);
    if (!target) return undefined;
    const r = own(ctx.t).reply;
    await ctx.respond.openForm(
      replyForm(
        FORM_REPLY,
        r.formTitle,
        r.formSubmit,
        r.label(target.person.firstName),
        answerValue(target.person.id, target.occurrenceId),
      ),
    );
    return undefined;
  });

  /** The reply typed in a "Reageer" or "Antwoord terug" form, or the field error to show on the form. */
  const parseReply = (ctx: Context): { text: string } | { errors: FieldErrors } => {
    const typed = ctx.event.kind === "submit" ? (ctx.event.values.reply ?? "") : "";
    const parsed = replyText.safeParse(typed);
    if (parsed.success) return { text: parsed.data };
    const r = own(ctx.t).reply;
    const length = [...typed.trim()].length;
    return { errors: { reply: length === 0 ? r.empty : r.tooLong(length, MAX_REPLY_LENGTH) } };
  };

  bot.onSubmit(FORM_REPLY, MENTOR_PERSONAL, async (ctx) => {
    const target = await replyTarget(ctx, ctx.event.metadata);
    if (!target) return undefined;
    const r = own(ctx.t).reply;
    const parsed = parseReply(ctx);
    if ("errors" in parsed) return parsed;
    const result = await mentors.reply(
      ctx.person,
      target.person.id,
      target.occurrenceId,
      parsed.text,
      target.promptText,
    );
    await ctx.respond.reply(text(result === "sent" ? r.sent(target.person.firstName) : r.notSent));
    return undefined;
  });

  /** The thread an "Antwoord terug" names, when it is the participant's own and a mentor wrote in it. */
  const backTarget = async (ctx: Context, occurrenceId: string | undefined) => {
    const thread = occurrenceId ? await mentors.thread(ctx.person.id, occurrenceId) : [];
    const last = [...thread].reverse().find((m) => m.from === "mentor");
    const mentor: Person | undefined = last ? bot.directory.get(last.mentorId) : undefined;
    const answer = occurrenceId
      ? (await bot.store.answers.get(ctx.person.id))?.answers.find((a) => a.occurrenceId === occurrenceId)
      : undefined;
    if (!occurrenceId || !mentor || !answer) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    return { occurrenceId, mentor, promptText: answer.promptText };
  };

  bot.onAction(ACTION_ANSWER_BACK, PARTICIPANT_PERSONAL, async (ctx) => {
    const target = await backTarget(ctx, ctx.event.value);
    if (!target) return undefined;
    const r = own(ctx.t).reply;
    await ctx.respond.openForm(
      replyForm(
        FORM_ANSWER_BACK,
        r.backTitle,
        r.formSubmit,
        r.backLabel(target.mentor.firstName),
        target.occurrenceId,
      ),
    );
    return undefined;
  });

  bot.onSubmit(FORM_ANSWER_BACK, PARTICIPANT_PERSONAL, async (ctx) => {
    const target = await backTarget(ctx, ctx.event.metadata);
    if (!target) return undefined;
    const r = own(ctx.t).reply;
    const parsed = parseReply(ctx);
    if ("errors" in parsed) return parsed;
    const { result, mentor } = await mentors.answerBack(
      ctx.person,
      target.occurrenceId,
      parsed.text,
      target.promptText,
    );
    await ctx.respond.reply(text(result === "sent" && mentor ? r.backSent(mentor.firstName) : r.notSent));
    return undefined;
  });

  return mentors;
}
