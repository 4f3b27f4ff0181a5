import { z } from "zod";
import type { Bot, Context } from "../../core/bot.js";
import { text } from "../../core/messages.js";
import { MAX_QUESTION_LENGTH } from "../../knowledge/answerer.js";
import type { KnowledgeBase } from "../../knowledge/knowledge-base.js";
import { takePending } from "../../core/pending.js";
import {
  ACTION_HELPFUL,
  ACTION_NOT_HELPFUL,
  ACTION_READ_MORE,
  answerMessage,
  readMoreMessage,
  readMoreValue,
} from "./message.js";
import { ACTION_SESSION, sessionBlock } from "./programme/answer.js";
import { smallTalk } from "./small-talk.js";
import type { Questions } from "./service.js";
import { own } from "./strings.js";

export { ACTION_HELPFUL, ACTION_NOT_HELPFUL, ACTION_READ_MORE, answerMessage } from "./message.js";
/** "Answer my question" on the offer made when a DM could be an answer or a question. */
export { ACTION_ASK_PENDING } from "../../core/pending.js";
import { ACTION_ASK_PENDING } from "../../core/pending.js";

/** A few words without a question mark that the content base does not know: a command someone guessed. */
const commandLike = (q: string) => !q.includes("?") && q.split(/\s+/).length <= 3;

/**
 * Questions in chat: `vraag: …`/`ask …`, and as the catch-all any other free text in a DM
 * or a mention in a channel that is no command, no near-miss of one ("wijzg 3" gets
 * "Bedoel je …?" from the core and is never logged here) and no reply another feature
 * expects. A greeting gets a greeting; a question about the programme itself (the next
 * session day, my mentor) is answered from the programme file; the rest from the content
 * base, with the rating buttons and "Lees verder".
 */
export function registerQuestions(bot: Bot, questions: Questions, knowledge: KnowledgeBase): Questions {
  const answer = async (ctx: Context, question: string) => {
    const q = question.trim();
    const t = own(ctx.t).qa;
    if (!q) {
      await ctx.respond.reply(text(t.empty));
      return;
    }
    if (q.length > MAX_QUESTION_LENGTH) {
      await ctx.respond.reply(text(t.tooLong(q.length, MAX_QUESTION_LENGTH)));
      return;
    }
    // Greetings and thanks are no content questions, and are not logged as gaps.
    const talk = smallTalk(q);
    if (talk) {
      await ctx.respond.reply(text(talk === "greeting" ? t.greeting(ctx.person.firstName) : t.thanks));
      return;
    }
    const programme = await questions.programmeAnswer(ctx.person, q);
    if (programme) {
      // Nothing about the asker in a channel.
      const tp = programme.strings;
      if (programme.personal && !ctx.event.direct) {
        await ctx.respond.reply(text(tp.personalInChannel));
        return;
      }
      const hint = programme.personal
        ? await questions.consentHint(ctx.person, programme.language)
        : undefined;
      const blocks = hint
        ? [...programme.blocks, { type: "context" as const, text: hint }]
        : programme.blocks;
      await ctx.respond.reply({ kind: "programme-answer", blocks });
      return;
    }
    const result = await questions.answer(ctx.person, q);
    // A few unknown words ("dansen", "menu graag") are more likely a guessed command than a question.
    if (result.mode === "none" && commandLike(q)) {
      await ctx.respond.reply(text(ctx.t.unknownCommand(q.slice(0, 40))));
      return;
    }
    const { id } = await questions.log(ctx.person, q, result);
    await ctx.respond.reply(answerMessage(result, id, true, ctx.event.platform));
  };

  bot.command("ask", async (ctx, args) => {
    await answer(ctx, args);
    return undefined;
  });

  bot.command("principles", async (ctx) => {
    const docs = knowledge.content.docs
      .filter((d) => d.id.startsWith("principe-") && d.language === ctx.language)
      .sort((a, b) => a.id.localeCompare(b.id));
    const list = docs.map((d) => `• ${d.title}`).join("\n");
    const t = own(ctx.t).qa;
    await ctx.respond.reply({
      blocks: [
        { type: "section", title: t.principlesTitle, text: list },
        { type: "context", text: t.principlesFooter },
      ],
    });
    return undefined;
  });

  const rate = (helpful: boolean) => async (ctx: Context<Extract<Context["event"], { kind: "action" }>>) => {
    const rated = await questions.rate(ctx.person, ctx.event.value ?? "", helpful);
    const t = own(ctx.t).qa;
    if (!rated) {
      await ctx.respond.reply(text(t.feedbackNotYours));
      return undefined;
    }
    const thanks = helpful ? t.thanksHelpful : t.thanksNotHelpful;
    // The answer stays where it was; its buttons make way for the thanks (no dead buttons).
    // Where it cannot be replaced, only the thanks is said (not the answer a second time).
    if (ctx.respond.canReplace && rated.answer) {
      await ctx.respond.replace({
        kind: "answer",
        blocks: [
          { type: "text", text: rated.answer },
          { type: "context", text: thanks },
        ],
      });
    } else await ctx.respond.reply(text(thanks));
    return undefined;
  };
  // Anyone may rate an answer they were given; `rate` refuses a question someone else asked.
  bot.onAction(ACTION_HELPFUL, { roles: "everyone" }, rate(true));
  bot.onAction(ACTION_NOT_HELPFUL, { roles: "everyone" }, rate(false));

  // "Lees verder": the whole section the answer led with. The value names a section of the
  // shipped content, nothing personal; anything else gets a polite "cannot find it".
  bot.onAction(ACTION_READ_MORE, { roles: "everyone" }, async (ctx) => {
    const parsed = readMoreValue.safeParse(ctx.event.value ?? "");
    const chunk = parsed.success
      ? knowledge.content.chunks.find((c) => c.key === parsed.data.key && c.language === parsed.data.language)
      : undefined;
    await ctx.respond.reply(chunk ? readMoreMessage(chunk) : text(own(ctx.t).qa.readMoreGone));
    return undefined;
  });

  // "Bedoel je de leerdag van 10 december of die van 14 januari?": a button per day.
  bot.onAction(ACTION_SESSION, { roles: "everyone" }, async (ctx) => {
    const date = z.iso.date().safeParse(ctx.event.value ?? "");
    const session = date.success ? bot.programme.sessions.find((s) => s.date === date.data) : undefined;
    if (!session) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    const language = await bot.languageOf(ctx.person);
    const block = sessionBlock(session, {
      programme: bot.programme,
      directory: bot.directory,
      person: ctx.person,
      now: bot.clock.now(),
      language,
    });
    await ctx.respond.reply({ kind: "programme-answer", blocks: [block] });
    return undefined;
  });

  // Only a participant's DM can be waiting (it might have been a reflection answer); it is
  // read from the state of the person acting, so nobody can take someone else's.
  bot.onAction(ACTION_ASK_PENDING, { roles: ["participant"], personal: true }, async (ctx) => {
    const pending = await takePending(ctx);
    if (pending === undefined) await ctx.respond.reply(text(ctx.t.staleAction));
    else await answer(ctx, pending);
    return undefined;
  });

  // Text that nothing else took (free text, or a slash command that is no command): a
  // question, in a DM or as a mention in a channel. See `Bot.routeText` for the order.
  bot.catchAll(async (ctx, question) => {
    await answer(ctx, question);
    return undefined;
  });
  return questions;
}
