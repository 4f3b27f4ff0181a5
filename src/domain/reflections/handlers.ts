import type { Bot, Context } from "../../core/bot.js";
import { type Messages, messages } from "../../core/i18n/index.js";
import type { FieldErrors, Form } from "../../core/messages.js";
import { text } from "../../core/messages.js";
import {
  type Answer,
  type ReceivedPrompt,
  type Visibility,
  visibilitySchema,
} from "../../storage/records.js";
import type { Person } from "../people.js";
import type { PromptBank } from "./prompt-bank.js";
import {
  ACTION_ANSWER,
  ACTION_EDIT,
  type AnswerProblem,
  FORM_ANSWER,
  MAX_ANSWER_LENGTH,
  Reflections,
} from "./service.js";

const ACTION_FANOUT_CONFIRM = "fanout.confirm";
const ACTION_FANOUT_CANCEL = "fanout.cancel";

/** The answer form for a prompt, filled in with the current answer when editing. */
export function answerForm(t: Messages, prompt: ReceivedPrompt, current?: Answer): Form {
  const r = t.reflection;
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
        options: visibilitySchema.options.map((v) => ({ value: v, label: r.visibility[v] })),
      },
    ],
  };
}

function problemText(t: Messages, problem: AnswerProblem): string {
  return problem.problem === "empty"
    ? t.reflection.answerEmpty
    : t.reflection.answerTooLong(problem.length, MAX_ANSWER_LENGTH);
}

/** Registers the reflection commands, buttons, form and free-text answers on the bot. */
export function registerReflections(bot: Bot, bank: PromptBank): Reflections {
  const reflections = new Reflections(bot, bank);

  const saved = async (ctx: Context, prompt: ReceivedPrompt, answerText: string, visibility: Visibility) => {
    const { edited } = await reflections.saveAnswer(ctx.person, prompt, answerText, visibility);
    const r = ctx.t.reflection;
    const line = (edited ? r.updated : r.saved)(r.visibility[visibility].toLowerCase());
    await ctx.respond.reply({
      text: line,
      blocks: [
        { type: "text", text: line },
        {
          type: "actions",
          buttons: [{ actionId: ACTION_EDIT, label: r.editButton, value: prompt.occurrenceId }],
        },
      ],
    });
  };

  const openAnswerForm = async (ctx: Context, occurrenceId?: string) => {
    const prompt = occurrenceId
      ? await reflections.receivedPrompt(ctx.person.id, occurrenceId)
      : await reflections.latestPrompt(ctx.person.id);
    if (!prompt) {
      await ctx.respond.reply(text(ctx.t.reflection.noOpenPrompt));
      return;
    }
    await ctx.respond.openForm(
      answerForm(ctx.t, prompt, await reflections.answerTo(ctx.person.id, prompt.occurrenceId)),
    );
  };

  bot.command("reflection", async (ctx) => {
    const prompt = await reflections.latestPrompt(ctx.person.id);
    if (!prompt) await ctx.respond.reply(text(ctx.t.reflection.noOpenPrompt));
    else await ctx.respond.reply(reflections.promptMessage(ctx.person, prompt, ctx.language));
    return undefined;
  });

  bot.command("answer", async (ctx) => {
    await openAnswerForm(ctx);
    return undefined;
  });

  bot.command("answers", async (ctx) => {
    const answers = await reflections.answersOf(ctx.person.id);
    const r = ctx.t.reflection;
    if (answers.length === 0) {
      await ctx.respond.reply(text(r.listEmpty));
      return undefined;
    }
    const dateOf = (iso: string) =>
      new Intl.DateTimeFormat(ctx.language === "nl" ? "nl-NL" : "en-GB", {
        day: "numeric",
        month: "long",
        timeZone: ctx.person.timezone,
      }).format(new Date(iso));
    const items = answers.map((a, i) => ({
      title: r.listItem(i + 1, dateOf(a.createdAt), r.visibility[a.visibility], a.history.length),
      body: `_${r.questionLabel}: ${a.promptText}_\n${a.text}`,
    }));
    await ctx.respond.reply({
      text: [r.listHeader(answers.length), ...items.map((i) => `${i.title}\n${i.body}`)].join("\n\n"),
      blocks: [
        { type: "text", text: r.listHeader(answers.length) },
        ...items.map((i) => ({ type: "section" as const, title: i.title, text: i.body })),
      ],
    });
    return undefined;
  });

  bot.command("edit", async (ctx, args) => {
    const answers = await reflections.answersOf(ctx.person.id);
    const n = Number.parseInt(args.replace("#", ""), 10);
    const answer = answers[n - 1];
    if (!answer) {
      await ctx.respond.reply(text(ctx.t.reflection.editUsage(answers.length)));
      return undefined;
    }
    await openAnswerForm(ctx, answer.occurrenceId);
    return undefined;
  });

  bot.onAction(ACTION_ANSWER, async (ctx) => {
    await openAnswerForm(ctx, ctx.event.value);
    return undefined;
  });
  bot.onAction(ACTION_EDIT, async (ctx) => {
    await openAnswerForm(ctx, ctx.event.value);
    return undefined;
  });

  bot.onSubmit(FORM_ANSWER, async (ctx) => {
    const prompt = ctx.event.metadata
      ? await reflections.receivedPrompt(ctx.person.id, ctx.event.metadata)
      : undefined;
    if (!prompt) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    const answerText = ctx.event.values.answer ?? "";
    const problem = reflections.checkAnswer(answerText);
    const visibility = visibilitySchema.safeParse(ctx.event.values.visibility || "private");
    const errors: FieldErrors = {};
    if (problem) errors.answer = problemText(ctx.t, problem);
    if (!visibility.success) errors.visibility = ctx.t.reflection.visibilityLabel;
    if (Object.keys(errors).length > 0 || !visibility.success) return { errors };
    await saved(ctx, prompt, answerText, visibility.data);
    return undefined;
  });

  // A plain message in the DM answers the latest prompt, if it has no answer yet.
  bot.onMessage(async (ctx) => {
    if (!ctx.event.direct || ctx.person.role !== "participant") return false;
    const prompt = await reflections.latestPrompt(ctx.person.id);
    if (!prompt || (await reflections.answerTo(ctx.person.id, prompt.occurrenceId))) return false;
    const problem = reflections.checkAnswer(ctx.event.text);
    if (problem) {
      await ctx.respond.reply(text(problemText(ctx.t, problem)));
      return true;
    }
    await saved(ctx, prompt, ctx.event.text, "private");
    return true;
  });

  registerFanout(bot, reflections);
  return reflections;
}

/** The coordinator's "send the reflection now": a dry run first, then a confirmed send. */
function registerFanout(bot: Bot, reflections: Reflections) {
  bot.command("sendReflection", async (ctx) => {
    const f = ctx.t.fanout;
    const now = bot.clock.now();
    const prompt = reflections.promptOfTheWeek(now);
    if (!prompt) {
      await ctx.respond.reply(text(f.noPrompts));
      return undefined;
    }
    const { reachable, unreachable } = await reflections.audience();
    if (reachable.length === 0) {
      await ctx.respond.reply(text(f.nobody));
      return undefined;
    }
    const example = reflections.promptFor(reachable[0] as Person, prompt.id, now, ctx.language);
    const preview = f.preview(reachable.length, unreachable.length);
    const occurrenceId = reflections.manualOccurrenceId(prompt.id, now);
    await ctx.respond.reply({
      text: `${preview}\n\n${f.exampleLabel} (${reachable[0]?.firstName}): ${example?.text ?? ""}`,
      blocks: [
        { type: "section", title: f.previewTitle, text: preview },
        { type: "context", text: `${f.exampleLabel} (${reachable[0]?.firstName}): ${example?.text ?? ""}` },
        {
          type: "actions",
          buttons: [
            { actionId: ACTION_FANOUT_CONFIRM, label: f.confirm, value: occurrenceId, style: "primary" },
            { actionId: ACTION_FANOUT_CANCEL, label: f.cancel, value: occurrenceId },
          ],
        },
      ],
    });
    return undefined;
  });

  bot.onAction(ACTION_FANOUT_CONFIRM, async (ctx) => {
    const f = ctx.t.fanout;
    const occurrenceId = ctx.event.value ?? "";
    const promptId = occurrenceId.split(":")[2];
    if (ctx.person.role !== "coordinator" || !promptId) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    const result = await reflections.fanout({
      id: occurrenceId,
      kind: "reflection",
      promptId,
      createdAt: bot.clock.now().toISOString(),
      createdBy: ctx.person.id,
    });
    const done = text(f.sent(result.sent, result.already, result.unreachable));
    if (ctx.respond.updateSource) await ctx.respond.updateSource(done);
    else await ctx.respond.reply(done);
    return undefined;
  });

  bot.onAction(ACTION_FANOUT_CANCEL, async (ctx) => {
    const done = text(messages(ctx.language).fanout.cancelled);
    if (ctx.respond.updateSource) await ctx.respond.updateSource(done);
    else await ctx.respond.reply(done);
    return undefined;
  });
}
