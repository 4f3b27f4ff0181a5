import type { Bot, Context } from "../../core/bot.js";
import { type Message, text } from "../../core/messages.js";
import { MAX_QUESTION_LENGTH } from "../../knowledge/answerer.js";
import type { KnowledgeBase } from "../../knowledge/knowledge-base.js";
import { takePending } from "../../core/pending.js";
import type { Answer } from "./answer-text.js";
import type { Questions } from "./service.js";
import { own, strings } from "./strings.js";

export const ACTION_HELPFUL = "qa.helpful";
export const ACTION_NOT_HELPFUL = "qa.not-helpful";
/** "Answer my question" on the offer made when a DM could be an answer or a question. */
export { ACTION_ASK_PENDING } from "../../core/pending.js";
import { ACTION_ASK_PENDING } from "../../core/pending.js";

/** The answer as a chat message: the text, its sources, and (when there is an answer) the rating buttons. */
export function answerMessage(result: Answer, questionId: string, logged: boolean): Message {
  const t = strings(result.language).qa;
  const sources = result.sources.map((s) => `${s.title} [${s.id}]`).join(" · ");
  const note = result.mode === "none" && logged ? t.logged : undefined;
  return {
    kind: "answer",
    blocks: [
      { type: "text", text: result.answer },
      ...(sources ? [{ type: "context" as const, text: `${t.sourcesLabel}: ${sources}` }] : []),
      ...(note ? [{ type: "context" as const, text: note }] : []),
      ...(result.mode === "none"
        ? []
        : [
            {
              type: "actions" as const,
              buttons: [
                { actionId: ACTION_HELPFUL, label: t.helpful, value: questionId },
                { actionId: ACTION_NOT_HELPFUL, label: t.notHelpful, value: questionId },
              ],
            },
          ]),
    ],
  };
}

/**
 * Questions in chat: `vraag: …`/`ask …`, and as the catch-all any other free text in a DM
 * or a mention in a channel that is no command, no near-miss of one ("wijzg 3" gets
 * "Bedoel je …?" from the core and is never logged here) and no reply another feature
 * expects; the rating buttons and the list of principles.
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
    const result = await questions.answer(ctx.person, q);
    // One unknown word ("dansen") is more likely a mistyped command than a question.
    if (result.mode === "none" && /^[^\s?]+$/.test(q)) {
      await ctx.respond.reply(text(ctx.t.unknownCommand(q.slice(0, 40))));
      return;
    }
    const { id } = await questions.log(ctx.person, q, result);
    await ctx.respond.reply(answerMessage(result, id, true));
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
      const titleOf = (id: string) =>
        knowledge.content.docs.find((d) => d.id === id && d.language === rated.language)?.title;
      const sources = rated.sources.length
        ? `${t.sourcesLabel}: ${rated.sources.map((id) => `${titleOf(id) ?? ""} [${id}]`.trim()).join(" · ")}`
        : "";
      await ctx.respond.replace({
        kind: "answer",
        blocks: [
          { type: "text", text: rated.answer },
          ...(sources ? [{ type: "context" as const, text: sources }] : []),
          { type: "context", text: thanks },
        ],
      });
    } else await ctx.respond.reply(text(thanks));
    return undefined;
  };
  // Anyone may rate an answer they were given; `rate` refuses a question someone else asked.
  bot.onAction(ACTION_HELPFUL, { roles: "everyone" }, rate(true));
  bot.onAction(ACTION_NOT_HELPFUL, { roles: "everyone" }, rate(false));

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
