import type { Context } from "./bot.js";
import { text } from "./messages.js";

/**
 * A DM that could be a reflection answer or a question waits in the person's state until
 * they press one of the two buttons. This takes it (once): clears it, and replaces the
 * offer with the message itself so its buttons do not stay behind.
 */
export async function takePending(ctx: Context): Promise<string | undefined> {
  const { store } = ctx.bot;
  const pending = (await store.people.get(ctx.person.id))?.pending;
  if (!pending) return undefined;
  await store.people.update(ctx.person.id, (s) => ({
    ...(s ?? { personId: ctx.person.id }),
    pending: undefined,
  }));
  if (ctx.respond.updateSource) await ctx.respond.updateSource(text(`“${pending.text}”`));
  return pending.text;
}

/** "Answer my question": the button of the "answer or question?" offer that hands the waiting text to the catch-all. */
export const ACTION_ASK_PENDING = "qa.ask-pending";
