import type { Context } from "./bot.js";
import { type Button, type Message, text } from "./messages.js";

/**
 * A DM that could be an expected reply or a question waits in the person's state until
 * they press one of the two buttons. This takes it (once): clears it, and replaces the
 * offer with the message itself so its buttons do not stay behind (where the offer can be
 * replaced: otherwise nothing is said, the answer follows).
 */
export async function takePending(ctx: Context): Promise<string | undefined> {
  const { store } = ctx.bot;
  const pending = (await store.people.get(ctx.person.id))?.pending;
  if (!pending) return undefined;
  await store.people.update(ctx.person.id, (s) => ({
    ...(s ?? { personId: ctx.person.id }),
    pending: undefined,
  }));
  // Only tidying up: where the offer cannot be replaced, no extra message quotes the text.
  if (ctx.respond.canReplace) await ctx.respond.replace(text(`“${pending.text}”`));
  return pending.text;
}

/** Puts a message aside in the person's state, for a button that comes back for it (`takePending`). */
export async function putPending(ctx: Context, message: string): Promise<void> {
  await ctx.bot.store.people.update(ctx.person.id, (s) => ({
    ...(s ?? { personId: ctx.person.id }),
    pending: { text: message, at: ctx.bot.clock.now().toISOString() },
  }));
}

/**
 * "Is this your answer to the reflection prompt, or a question for me?": the text waits
 * (`putPending`), and the person chooses with `keep` (the expected reply's own button) or
 * "Answer my question" (`ACTION_ASK_PENDING`, the catch-all's).
 */
export async function offerAnswerOrQuestion(
  ctx: Context,
  message: string,
  keep: { to: string; button: Button },
): Promise<void> {
  await putPending(ctx, message);
  const q = ctx.t.offer;
  const offer: Message = {
    blocks: [
      { type: "text", text: q.answerOrQuestion(keep.to) },
      {
        type: "actions",
        buttons: [keep.button, { actionId: ACTION_ASK_PENDING, label: q.askAsQuestion }],
      },
    ],
  };
  await ctx.respond.reply(offer);
}

/** "Answer my question": the button of the "answer or question?" offer that hands the waiting text to the catch-all. */
export const ACTION_ASK_PENDING = "qa.ask-pending";
