import type { Bot, Context, HandlerOptions } from "../../core/bot.js";
import { own } from "./strings.js";
import { formatDay, type Messages, messages } from "../../core/i18n/index.js";
import type { Block, Button, FieldErrors, Form, Message } from "../../core/messages.js";
import { cutAtWord, text } from "../../core/messages.js";
import {
  type Answer,
  type ReceivedPrompt,
  type Visibility,
  visibilitySchema,
} from "../../storage/records.js";
import type { Expectation } from "../../core/expect.js";
import type { Person } from "../../core/people.js";
import type { PromptContextSources } from "../../core/prompt-context.js";
import { takePending } from "../../core/pending.js";
import { DateTime } from "luxon";
import { z } from "zod";
import type { AuditLog } from "../../core/audit.js";
import type { Deliverer } from "../../core/deliveries.js";
import { whoSeesIt } from "./audience.js";
import { parseSnoozeValue, snoozeValue } from "./ids.js";
import { dueAt } from "./plan.js";
import type { PromptBank } from "./prompt-bank.js";
import {
  ACTION_ANSWER,
  ACTION_EDIT,
  ACTION_LATER,
  ACTION_SKIP,
  ACTION_SNOOZE,
  type AnswerProblem,
  deliveryId,
  FORM_ANSWER,
  MAX_ANSWER_LENGTH,
  Reflections,
} from "./service.js";

const ACTION_FANOUT_CONFIRM = "fanout.confirm";
const ACTION_FANOUT_CANCEL = "fanout.cancel";
/** "Send a second one": the confirmation a second prompt in one week needs. */
const ACTION_FANOUT_SECOND = "fanout.confirm-second";
/** "Toch privé": a shared answer (named by its occurrence) becomes private again. */
const ACTION_MAKE_PRIVATE = "reflection.make-private";
/** "Oudere antwoorden": the next page of `antwoorden` (the value is the page number). */
const ACTION_ANSWERS_PAGE = "reflection.answers-page";
/** Answers on one page of `antwoorden`, and the most of one answer's text shown there. */
const ANSWERS_PER_PAGE = 4;
const ANSWER_SHOWN_CHARS = 600;
/** "Bewaar als antwoord": keeps the text the core put aside (`takePending`) as the answer. */
const ACTION_SAVE_PENDING = "reflection.save-pending";
/** The reply the bot expects after a prompt: its answer. */
const REPLY_KIND = "reflection-answer";
/** Typed on their own while a prompt is expected, these do what its buttons do. */
const SKIP_WORDS = ["overslaan", "sla over", "skip"];
const LATER_WORDS = ["later"];

/** A participant's own prompt: only they may use its buttons and form; the answers go to them alone. */
const PARTICIPANT_PERSONAL: HandlerOptions = { roles: ["participant"], personal: true };
/** The longest "Later" offered is tomorrow 09:00; a snooze value further away was not made by the bot. */
const MAX_SNOOZE_HOURS = 48;
/** A coordinator's "send now" occurrence, as `manualOccurrenceId` makes it. */
const MANUAL_OCCURRENCE = /^manual:\d{4}-\d{2}-\d{2}:([\w.-]+)$/;

/** The answer form for a prompt, filled in with the current answer when editing. */
export function answerForm(t: Messages, prompt: ReceivedPrompt, current?: Answer, mentor?: Person): Form {
  const r = own(t).reflection;
  const a = own(t).audience;
  // The choice names the mentor who will read it.
  const label = (v: Visibility) =>
    mentor && v === "mentor"
      ? a.visibilityMentor(mentor.firstName)
      : mentor && v === "group"
        ? a.visibilityGroup(mentor.firstName)
        : r.visibility[v];
  return {
    formId: FORM_ANSWER,
    title: r.formTitle,
    submitLabel: r.formSubmit,
    metadata: prompt.occurrenceId,
    fields: [
      {
        kind: "textarea",
        id: "answer",
        label: prompt.text,
        hint: r.answerHint,
        required: true,
        maxLength: MAX_ANSWER_LENGTH,
        initial: current?.text,
      },
      {
        kind: "choice",
        id: "visibility",
        label: r.visibilityLabel,
        required: true,
        initial: current?.visibility ?? "private",
        options: visibilitySchema.options.map((v) => ({ value: v, label: label(v) })),
      },
    ],
  };
}

/**
 * What a personal command typed in a channel sends to the DM instead of its form: the
 * prompt, with the button that opens the form there.
 */
export function answerFormOffer(form: Form, t: Messages): Message {
  const r = own(t).reflection;
  const prompt = form.fields[0]?.label ?? "";
  const editing = form.fields[0]?.initial !== undefined;
  return {
    blocks: [
      { type: "section", title: r.promptTitle, text: `*${prompt}*` },
      {
        type: "actions",
        buttons: [
          editing
            ? { actionId: ACTION_EDIT, label: r.editButton, value: form.metadata }
            : { actionId: ACTION_ANSWER, label: r.answerButton, value: form.metadata, style: "primary" },
        ],
      },
    ],
  };
}

function problemText(t: Messages, problem: AnswerProblem): string {
  return problem.problem === "empty"
    ? own(t).reflection.answerEmpty
    : own(t).reflection.answerTooLong(problem.length, MAX_ANSWER_LENGTH);
}

/** Registers the reflection commands, buttons, form and free-text answers on the bot. */
export function registerReflections(
  bot: Bot,
  bank: PromptBank,
  deliverer: Deliverer,
  audit: AuditLog,
  promptContext?: PromptContextSources,
): Reflections {
  const reflections = new Reflections(bot, bank, deliverer, promptContext);

  /**
   * The prompt a button value or form metadata names, when the person acting received it
   * (only then is it theirs to answer, edit, snooze or skip). Otherwise says why not, and
   * the caller changes nothing: "not yours" when it names a prompt that was sent to others
   * (or someone else's delivery), "no longer applies" when it names nothing at all.
   */
  const ownPrompt = async (ctx: Context, occurrenceId: string | undefined) => {
    if (occurrenceId) {
      const delivery = await bot.store.deliveries.get(deliveryId("reflection", occurrenceId, ctx.person.id));
      const prompt =
        delivery?.personId === ctx.person.id
          ? await reflections.receivedPrompt(ctx.person.id, occurrenceId)
          : undefined;
      if (prompt) return prompt;
    }
    const someoneElses =
      !!occurrenceId &&
      ((await bot.store.occurrences.has(occurrenceId)) || (await bot.store.deliveries.has(occurrenceId)));
    if (someoneElses)
      bot.logger.warn({ person: ctx.person.id, kind: ctx.event.kind }, "refused someone else's prompt");
    await ctx.respond.reply(text(someoneElses ? ctx.t.notYours : ctx.t.staleAction));
    return undefined;
  };

  /**
   * Replaces the buttons under every message about the prompt once it has been dealt with:
   * the prompt itself, its reminder (what people tap most) and any "Later" re-send, so no
   * "Beantwoorden" or "Overslaan" stays live under an answered or skipped prompt.
   */
  const settlePrompt = async (ctx: Context, occurrenceId: string, line: string) => {
    const person = ctx.person.id;
    const prompt = await reflections.receivedPrompt(person, occurrenceId);
    if (!prompt) return;
    const state = await bot.store.people.get(person);
    const snoozes = [...(state?.snoozeLog ?? []), ...(state?.snoozes ?? [])].filter(
      (z) => z.occurrenceId === occurrenceId,
    );
    const ids = [
      deliveryId("reflection", occurrenceId, person),
      deliveryId("reflection-reminder", occurrenceId, person),
      ...new Set(snoozes.map((z) => deliveryId("reflection-snoozed", occurrenceId, person, z.until))),
    ];
    const settled = {
      // As the prompt's own text: the question first, not the title.
      text: `${prompt.text}\n${line}`,
      blocks: [
        { type: "section" as const, title: own(ctx.t).reflection.promptTitle, text: `*${prompt.text}*` },
        { type: "context" as const, text: line },
      ],
    };
    for (const delivery of await bot.store.deliveries.getMany(ids)) {
      const adapter = delivery?.conversation ? bot.adapterFor(delivery.conversation) : undefined;
      if (!adapter?.update || !delivery?.conversation || !delivery.messageId || delivery.personId !== person)
        continue;
      await adapter
        .update({ conversation: delivery.conversation, messageId: delivery.messageId }, settled)
        .catch((error: unknown) =>
          bot.logger.warn({ err: error }, "could not update a message about the prompt"),
        );
    }
  };

  const saved = async (ctx: Context, prompt: ReceivedPrompt, answerText: string, visibility: Visibility) => {
    const { edited, unchanged } = await reflections.saveAnswer(ctx.person, prompt, answerText, visibility);
    const r = own(ctx.t).reflection;
    const readers = r.visibility[visibility].toLowerCase();
    if (unchanged) {
      // Sent again as it was (a double tap, a platform resending): said so, nothing stored.
      await ctx.respond.reply({
        text: r.alreadySaved(readers),
        blocks: [
          { type: "text", text: r.alreadySaved(readers) },
          {
            type: "actions",
            buttons: [{ actionId: ACTION_EDIT, label: r.editButton, value: prompt.occurrenceId }],
          },
        ],
      });
      return;
    }
    await settlePrompt(ctx, prompt.occurrenceId, r.answeredMark(readers));
    const line = (edited ? r.updated : r.saved)(readers);
    // Who sees a shared answer, and when: said exactly, with the way back to private.
    const who = whoSeesIt(
      bot.programme,
      bot.directory,
      ctx.person,
      visibility,
      bot.clock.now(),
      ctx.language,
    );
    const buttons: Button[] = [{ actionId: ACTION_EDIT, label: r.editButton, value: prompt.occurrenceId }];
    if (who)
      buttons.push({
        actionId: ACTION_MAKE_PRIVATE,
        label: own(ctx.t).audience.makePrivateButton,
        value: prompt.occurrenceId,
      });
    await ctx.respond.reply({
      text: who ? `${line}\n${who}` : line,
      blocks: [
        { type: "text", text: line },
        ...(who ? [{ type: "text" as const, text: who }] : []),
        { type: "actions", buttons },
      ],
    });
  };

  /** The answer form of the latest prompt, or (from a button) of the prompt it names, if it is theirs. */
  const openAnswerForm = async (ctx: Context, occurrenceId?: string | null) => {
    const prompt =
      occurrenceId === undefined
        ? await reflections.latestPrompt(ctx.person.id)
        : await ownPrompt(ctx, occurrenceId ?? undefined);
    if (!prompt) {
      if (occurrenceId === undefined) await ctx.respond.reply(text(own(ctx.t).reflection.noOpenPrompt));
      return;
    }
    await ctx.respond.openForm(
      answerForm(
        ctx.t,
        prompt,
        await reflections.answerTo(ctx.person.id, prompt.occurrenceId),
        bot.directory.mentorOf(ctx.person.id),
      ),
    );
  };

  bot.command("reflection", async (ctx) => {
    const prompt = await reflections.latestPrompt(ctx.person.id);
    if (!prompt) await ctx.respond.reply(text(own(ctx.t).reflection.noOpenPrompt));
    else await ctx.respond.reply(reflections.promptMessage(ctx.person, prompt, ctx.language));
    return undefined;
  });

  bot.command("answer", async (ctx) => {
    await openAnswerForm(ctx);
    return undefined;
  });

  /**
   * `antwoorden`: the person's own answers, newest first, a page at a time (a card stays far
   * under Teams' 28 KB and a phone screen or four), each long answer shortened with how to
   * read it whole; "Oudere antwoorden" shows the next page. Numbers stay as `wijzig N` knows them.
   */
  const answersPage = async (ctx: Context, page: number) => {
    const answers = await reflections.answersOf(ctx.person.id);
    const r = own(ctx.t).reflection;
    if (answers.length === 0) {
      await ctx.respond.reply(text(r.listEmpty));
      return;
    }
    const dateOf = (iso: string) =>
      new Intl.DateTimeFormat(ctx.language === "nl" ? "nl-NL" : "en-GB", {
        day: "numeric",
        month: "long",
        timeZone: ctx.person.timezone,
      }).format(new Date(iso));
    const pages = Math.ceil(answers.length / ANSWERS_PER_PAGE);
    const current = Math.min(Math.max(page, 1), pages);
    // Numbered oldest first (1 = the first answer), shown newest first.
    const numbered = answers.map((answer, i) => ({ answer, n: i + 1 })).reverse();
    const shown = numbered.slice((current - 1) * ANSWERS_PER_PAGE, current * ANSWERS_PER_PAGE);
    const makePrivate = own(ctx.t).audience.makePrivateButton;
    const header =
      answers.length <= ANSWERS_PER_PAGE
        ? r.listHeader(answers.length)
        : r.listPage(answers.length, shown[0]?.n ?? 1, shown.at(-1)?.n ?? 1);
    const blocks: Block[] = [
      { type: "text", text: header },
      ...shown.flatMap(({ answer, n }): Block[] => {
        const long = answer.text.length > ANSWER_SHOWN_CHARS;
        const body = `_${r.questionLabel}: ${answer.promptText}_\n${
          long ? cutAtWord(answer.text, ANSWER_SHOWN_CHARS) : answer.text
        }${long ? `\n${r.clipped(n)}` : ""}`;
        const section: Block = {
          type: "section",
          title: r.listItem(
            n,
            dateOf(answer.createdAt),
            r.visibility[answer.visibility],
            answer.history.length,
          ),
          text: body,
        };
        if (answer.visibility === "private") return [section];
        return [
          section,
          {
            type: "actions",
            buttons: [{ actionId: ACTION_MAKE_PRIVATE, label: makePrivate, value: answer.occurrenceId }],
          },
        ];
      }),
      ...(current < pages
        ? [
            {
              type: "actions" as const,
              buttons: [{ actionId: ACTION_ANSWERS_PAGE, label: r.olderButton, value: String(current + 1) }],
            },
          ]
        : []),
    ];
    await ctx.respond.reply({ blocks });
  };

  bot.command("answers", async (ctx) => {
    await answersPage(ctx, 1);
    return undefined;
  });

  bot.onAction(ACTION_ANSWERS_PAGE, { roles: ["participant"], personal: true }, async (ctx) => {
    const page = /^\d{1,3}$/.test(ctx.event.value ?? "") ? Number(ctx.event.value) : 1;
    await answersPage(ctx, page);
    return undefined;
  });

  /** Makes one of the person's own answers private again (the value names it; the book is theirs). */
  const makePrivate = async (ctx: Context, occurrenceId: string | undefined) => {
    const a = own(ctx.t).audience;
    const current = occurrenceId ? await reflections.answerTo(ctx.person.id, occurrenceId) : undefined;
    if (!current || !occurrenceId) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return;
    }
    if (current.visibility === "private") {
      await ctx.respond.reply(text(a.alreadyPrivate));
      return;
    }
    await reflections.setVisibility(ctx.person.id, occurrenceId, "private");
    await ctx.respond.reply(text(a.madePrivate(bot.directory.mentorOf(ctx.person.id)?.firstName)));
  };

  bot.command("makePrivate", async (ctx, args) => {
    const answers = await reflections.answersOf(ctx.person.id);
    const answer = answers[Number.parseInt(args.replace("#", ""), 10) - 1];
    if (!answer) await ctx.respond.reply(text(own(ctx.t).audience.makePrivateUsage(answers.length)));
    else await makePrivate(ctx, answer.occurrenceId);
    return undefined;
  });

  bot.onAction(ACTION_MAKE_PRIVATE, PARTICIPANT_PERSONAL, async (ctx) => {
    // Untrusted: a short string, looked up in the person's own book only.
    const value = z.string().min(1).max(200).safeParse(ctx.event.value);
    await makePrivate(ctx, value.success ? value.data : undefined);
    return undefined;
  });

  bot.command("edit", async (ctx, args) => {
    const answers = await reflections.answersOf(ctx.person.id);
    const n = Number.parseInt(args.replace("#", ""), 10);
    const answer = answers[n - 1];
    if (!answer) {
      await ctx.respond.reply(text(own(ctx.t).reflection.editUsage(answers.length)));
      return undefined;
    }
    await openAnswerForm(ctx, answer.occurrenceId);
    return undefined;
  });

  bot.onAction(ACTION_ANSWER, PARTICIPANT_PERSONAL, async (ctx) => {
    await openAnswerForm(ctx, ctx.event.value ?? null);
    return undefined;
  });
  bot.onAction(ACTION_EDIT, PARTICIPANT_PERSONAL, async (ctx) => {
    await openAnswerForm(ctx, ctx.event.value ?? null);
    return undefined;
  });

  /** "Later": the moments to choose from, as buttons. */
  const offerLater = async (ctx: Context, prompt: ReceivedPrompt) => {
    const r = own(ctx.t).reflection;
    const zone = ctx.person.timezone;
    const now = DateTime.fromJSDate(bot.clock.now(), { zone });
    const evening = now.set({ hour: 19, minute: 0, second: 0, millisecond: 0 });
    const choices = [
      { label: r.laterChoices.hours, at: now.plus({ hours: 3 }) },
      ...(evening > now.plus({ minutes: 30 }) ? [{ label: r.laterChoices.evening, at: evening }] : []),
      {
        label: r.laterChoices.tomorrow,
        at: now.plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }),
      },
    ];
    await ctx.respond.reply({
      blocks: [
        { type: "text", text: r.laterQuestion },
        {
          type: "actions",
          buttons: choices.map((c) => ({
            actionId: ACTION_SNOOZE,
            label: c.label,
            value: snoozeValue(prompt.occurrenceId, c.at.toUTC().toISO() ?? ""),
          })),
        },
      ],
    });
  };

  bot.onAction(ACTION_LATER, PARTICIPANT_PERSONAL, async (ctx) => {
    const prompt = await ownPrompt(ctx, ctx.event.value);
    if (prompt) await offerLater(ctx, prompt);
    return undefined;
  });

  bot.onAction(ACTION_SNOOZE, PARTICIPANT_PERSONAL, async (ctx) => {
    const choice = parseSnoozeValue(ctx.event.value ?? "");
    const occurrenceId = choice?.occurrenceId;
    const until = choice ? DateTime.fromISO(choice.until) : undefined;
    const latest = DateTime.fromJSDate(bot.clock.now()).plus({ hours: MAX_SNOOZE_HOURS });
    if (!occurrenceId || !until?.isValid || until > latest) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    if (!(await ownPrompt(ctx, occurrenceId))) return undefined;
    await reflections.snooze(ctx.person.id, occurrenceId, until.toJSDate());
    const when = until
      .setZone(ctx.person.timezone)
      .setLocale(ctx.language === "nl" ? "nl-NL" : "en-GB")
      .toFormat("cccc d LLLL, HH:mm");
    const done = text(own(ctx.t).reflection.snoozed(when));
    await ctx.respond.replace(done);
    // The prompt and its reminder lose their buttons too: it comes back at the chosen moment.
    await settlePrompt(ctx, occurrenceId, own(ctx.t).reflection.snoozed(when));
    return undefined;
  });

  bot.onAction(ACTION_SKIP, PARTICIPANT_PERSONAL, async (ctx) => {
    const prompt = await ownPrompt(ctx, ctx.event.value);
    if (!prompt) return undefined;
    await reflections.skip(ctx.person.id, prompt.occurrenceId);
    const done = text(own(ctx.t).reflection.skipped);
    await ctx.respond.replace(done);
    // Every other message about the prompt (the prompt, its reminder) loses its buttons too.
    await settlePrompt(ctx, prompt.occurrenceId, own(ctx.t).reflection.skipped);
    return undefined;
  });

  /** Typed "overslaan": as the button, and the prompt's own buttons make way for the line. */
  const skipTyped = async (ctx: Context, prompt: ReceivedPrompt) => {
    await reflections.skip(ctx.person.id, prompt.occurrenceId);
    await settlePrompt(ctx, prompt.occurrenceId, own(ctx.t).reflection.skipped);
    await ctx.respond.reply(text(own(ctx.t).reflection.skipped));
  };

  bot.command("pause", async (ctx, args) => {
    const zone = ctx.person.timezone;
    const now = DateTime.fromJSDate(bot.clock.now(), { zone });
    const date = /(\d{4}-\d{2}-\d{2})/.exec(args)?.[1];
    const amount = /^(\d{1,2})\s*(\w*)$/.exec(args.trim());
    let until: DateTime | undefined;
    if (date) until = DateTime.fromISO(date, { zone }).endOf("day");
    else if (amount) {
      const n = Number(amount[1]);
      const days = /^(d|dag|dagen|day|days)$/i.test(amount[2] ?? "") ? n : n * 7;
      until = now.plus({ days }).endOf("day");
    }
    if (!until?.isValid || until <= now) {
      await ctx.respond.reply(text(own(ctx.t).pause.usage));
      return undefined;
    }
    await reflections.setPause(ctx.person.id, until.toJSDate());
    const shown = until.setLocale(ctx.language === "nl" ? "nl-NL" : "en-GB").toFormat("cccc d LLLL");
    await ctx.respond.reply(text(own(ctx.t).pause.paused(shown)));
    return undefined;
  });
  bot.command("resume", async (ctx) => {
    await reflections.setPause(ctx.person.id, undefined);
    await ctx.respond.reply(text(own(ctx.t).pause.resumed));
    return undefined;
  });
  bot.command("optOut", async (ctx) => {
    await reflections.setOptedOut(ctx.person.id, true);
    await ctx.respond.reply(text(own(ctx.t).pause.optedOut));
    return undefined;
  });
  bot.command("optIn", async (ctx) => {
    await reflections.setOptedOut(ctx.person.id, false);
    await ctx.respond.reply(text(own(ctx.t).pause.optedIn));
    return undefined;
  });

  bot.onSubmit(FORM_ANSWER, { ...PARTICIPANT_PERSONAL, offer: answerFormOffer }, async (ctx) => {
    // The metadata names the prompt; the answer is stored in the book of the person acting,
    // and only for a prompt they received themselves.
    const prompt = await ownPrompt(ctx, ctx.event.metadata);
    if (!prompt) return undefined;
    const answerText = ctx.event.values.answer ?? "";
    const problem = reflections.checkAnswer(answerText);
    const visibility = visibilitySchema.safeParse(ctx.event.values.visibility || "private");
    const errors: FieldErrors = {};
    if (problem) errors.answer = problemText(ctx.t, problem);
    if (!visibility.success) errors.visibility = own(ctx.t).reflection.visibilityLabel;
    if (Object.keys(errors).length > 0 || !visibility.success) return { errors };
    await saved(ctx, prompt, answerText, visibility.data);
    return undefined;
  });

  /**
   * When the prompt after this one comes (for this person: the programme's next moment in
   * their timezone, or any later send such as a coordinator's): from then on a message is
   * no longer its answer.
   */
  const nextPromptAt = async (person: Person, prompt: ReceivedPrompt): Promise<Date | undefined> => {
    const index = (await bot.store.occurrenceIndex.get("all"))?.occurrences ?? [];
    const from = new Date(index.find((o) => o.id === prompt.occurrenceId)?.at ?? prompt.receivedAt);
    const scheduled = reflections.job.next(from, 1)[0];
    // The programme's own moments come from the job (in the person's timezone); a later send
    // recorded in the index that is not one of them is a coordinator's.
    const own = new Set(reflections.job.occurrences.map((o) => o.id));
    const recorded = index.find((o) => new Date(o.at) > from && !own.has(o.id));
    const moments = [
      ...(recorded ? [new Date(recorded.at)] : []),
      ...(scheduled ? [dueAt(scheduled, person)] : []),
    ];
    return moments.length ? new Date(Math.min(...moments.map((m) => m.getTime()))) : undefined;
  };

  /** The prompt an expectation is about, as this person received it. */
  const expectedPrompt = (ctx: Context, expectation: Expectation) =>
    reflections.receivedPrompt(ctx.person.id, expectation.ref);

  // The expected reply: the answer to the latest prompt a participant received (sent, or
  // interrupted), while it is not answered or skipped and the next prompt has not come.
  // Free text in the DM goes here (see `Bot.routeText`); one that ends in a question mark
  // gets "answer or question?" from the core, with the button below to keep it as the answer.
  bot.onExpected({
    feature: "reflections",
    kind: REPLY_KIND,
    open: async (person) => {
      if (person.role !== "participant") return [];
      const prompt = await reflections.openPrompt(person.id);
      if (!prompt) return [];
      const expectation: Expectation = {
        feature: "reflections",
        kind: REPLY_KIND,
        ref: prompt.occurrenceId,
        since: new Date(prompt.receivedAt),
        until: await nextPromptAt(person, prompt),
      };
      return [expectation];
    },
    take: async (ctx, expectation, answerText) => {
      const prompt = await expectedPrompt(ctx, expectation);
      if (!prompt) return ctx.respond.reply(text(own(ctx.t).reflection.noOpenPrompt));
      const problem = reflections.checkAnswer(answerText);
      if (problem) await ctx.respond.reply(text(problemText(ctx.t, problem)));
      else await saved(ctx, prompt, answerText, "private");
    },
    keep: (expectation, t) => ({
      to: own(t).reflection.replyTo,
      button: {
        actionId: ACTION_SAVE_PENDING,
        label: t.offer.saveAsAnswer,
        value: expectation.ref,
        style: "primary",
      },
    }),
    shortcuts: [
      {
        words: SKIP_WORDS,
        run: async (ctx, expectation) => {
          const prompt = await expectedPrompt(ctx, expectation);
          if (prompt) await skipTyped(ctx, prompt);
        },
      },
      {
        words: LATER_WORDS,
        run: async (ctx, expectation) => {
          const prompt = await expectedPrompt(ctx, expectation);
          if (prompt) await offerLater(ctx, prompt);
        },
      },
    ],
  });

  bot.onAction(ACTION_SAVE_PENDING, PARTICIPANT_PERSONAL, async (ctx) => {
    const prompt = await ownPrompt(ctx, ctx.event.value);
    if (!prompt) return undefined;
    // The waiting message is the person's own (kept in their state), never someone else's.
    const pending = await takePending(ctx);
    if (pending === undefined) await ctx.respond.reply(text(ctx.t.staleAction));
    else await saved(ctx, prompt, pending, "private");
    return undefined;
  });

  registerFanout(bot, reflections, audit);
  return reflections;
}

/**
 * The coordinator's "send the reflection now": a dry run first, then a confirmed send. The
 * preview counts only who will get it now (not who had it already, not who unsubscribed, not
 * who cannot be reached: those are counted apart), and in a week whose prompt already went out
 * a second one needs its own, explicit "send a second one". Every send is in the audit log.
 */
function registerFanout(bot: Bot, reflections: Reflections, audit: AuditLog) {
  /** What a send of this week's prompt now would do: who gets it, who not and why, and whether one went out this week. */
  const plan = async (ctx: Context) => {
    const now = bot.clock.now();
    const prompt = reflections.promptOfTheWeek(now);
    if (!prompt) return undefined;
    const occurrenceId = reflections.manualOccurrenceId(prompt.id, now);
    const audience = await reflections.audience();
    const had = await reflections.receivedBy(occurrenceId, audience.reachable);
    const recipients = audience.reachable.filter((p) => !had.has(p.id));
    const earlier = await reflections.sentThisWeek(now, occurrenceId);
    return { prompt, occurrenceId, recipients, already: had.size, ...audience, earlier, now, ctx };
  };

  const previewOf = (p: NonNullable<Awaited<ReturnType<typeof plan>>>, t: Messages): Message => {
    const f = own(t).fanout;
    const counts = f.preview(p.recipients.length, p.already, p.optedOut.length, p.unreachable.length);
    const example = p.recipients[0]
      ? reflections.promptFor(p.recipients[0], p.prompt.id, p.now, p.ctx.language)
      : undefined;
    const buttons: Button[] =
      p.recipients.length === 0
        ? []
        : p.earlier
          ? [
              {
                actionId: ACTION_FANOUT_SECOND,
                label: f.confirmSecond,
                value: p.occurrenceId,
                style: "danger",
              },
              { actionId: ACTION_FANOUT_CANCEL, label: f.cancel, value: p.occurrenceId },
            ]
          : [
              { actionId: ACTION_FANOUT_CONFIRM, label: f.confirm, value: p.occurrenceId, style: "primary" },
              { actionId: ACTION_FANOUT_CANCEL, label: f.cancel, value: p.occurrenceId },
            ];
    return {
      blocks: [
        { type: "section", title: f.previewTitle, text: counts },
        ...(p.earlier && p.recipients.length > 0
          ? [
              {
                type: "text" as const,
                text: f.secondThisWeek(formatDay(p.earlier, p.ctx.language, bot.programme.timezone)),
              },
            ]
          : []),
        ...(example && p.recipients[0]
          ? [
              {
                type: "context" as const,
                text: `${f.exampleLabel} (${p.recipients[0].firstName}): ${example.text}`,
              },
            ]
          : []),
        ...(buttons.length ? [{ type: "actions" as const, buttons }] : []),
      ],
    };
  };

  bot.command("sendReflection", async (ctx) => {
    const f = own(ctx.t).fanout;
    if (bot.directory.withRole("participant").length === 0) {
      await ctx.respond.reply(text(f.nobody));
      return undefined;
    }
    const p = await plan(ctx);
    if (!p) {
      await ctx.respond.reply(text(f.noPrompts));
      return undefined;
    }
    await ctx.respond.reply(previewOf(p, ctx.t));
    return undefined;
  });

  // The coordinator's buttons: the core refuses anyone else before these run. The summary
  // names who could not be reached, so in a channel it goes to the coordinator's DM.
  const confirm =
    (second: boolean) => async (ctx: Context<Extract<Context["event"], { kind: "action" }>>) => {
      const f = own(ctx.t).fanout;
      const occurrenceId = ctx.event.value ?? "";
      const promptId = MANUAL_OCCURRENCE.exec(occurrenceId)?.[1];
      if (!promptId || !reflections.bank.get(promptId, bot.programme.language)) {
        await ctx.respond.reply(text(ctx.t.staleAction));
        return undefined;
      }
      // A first-send button pressed in a week whose prompt went out meanwhile (or a forged one):
      // ask again, with the explicit button.
      if (!second && (await reflections.sentThisWeek(bot.clock.now(), occurrenceId))) {
        const p = await plan(ctx);
        if (p) await ctx.respond.replace(previewOf(p, ctx.t));
        return undefined;
      }
      const result = await reflections.fanout({
        id: occurrenceId,
        kind: "reflection",
        promptId,
        createdAt: bot.clock.now().toISOString(),
        createdBy: ctx.person.id,
      });
      await audit.record({
        actorId: ctx.person.id,
        action: "reflection.send",
        count: result.sent,
        detail: second ? "second this week" : undefined,
      });
      const summary = f.sent(
        result.sent,
        result.already,
        result.unreachable,
        result.failed,
        result.uncertain,
      );
      const names = (result.unreachablePeople ?? []).map((p) => p.name).sort((a, b) => a.localeCompare(b));
      const done = names.length
        ? {
            // Its own text: the names on one line under the summary (the blocks list them).
            text: `${summary}\n${names.join(", ")}\n${own(ctx.t).unreachable.whatToDo}`,
            blocks: [
              { type: "text" as const, text: summary },
              { type: "section" as const, text: names.map((n) => `• ${n}`).join("\n") },
              { type: "context" as const, text: own(ctx.t).unreachable.whatToDo },
            ],
          }
        : text(summary);
      await ctx.respond.replace(done);
      return undefined;
    };
  bot.onAction(ACTION_FANOUT_CONFIRM, { roles: ["coordinator"], personal: true }, confirm(false));
  bot.onAction(ACTION_FANOUT_SECOND, { roles: ["coordinator"], personal: true }, confirm(true));

  bot.onAction(ACTION_FANOUT_CANCEL, { roles: ["coordinator"] }, async (ctx) => {
    const done = text(own(messages(ctx.language)).fanout.cancelled);
    await ctx.respond.replace(done);
    return undefined;
  });
}
