import type { Bot, Context, HandlerOptions } from "../../core/bot.js";
import { formatDay } from "../../core/i18n/index.js";
import { type Message, text } from "../../core/messages.js";
import type { Language } from "../../config/programme-schema.js";
import type { Consent, ConsentState } from "./service.js";
import { strings } from "./strings.js";

export const ACTION_CONSENT_YES = "consent.yes";
export const ACTION_CONSENT_NO = "consent.no";

/** Anyone chooses for themselves; the answer is about them, so it goes to their DM. */
const OWN_CHOICE: HandlerOptions = { roles: "everyone", personal: true };

/**
 * `toestemming`: the current state and what it means, with "Ja, dat mag" / "Nee"; when the
 * programme does not allow it at all, only that (nothing to choose).
 */
export function consentMessage(
  state: ConsentState,
  language: Language,
  zone: string,
  usesModel: boolean,
): Message {
  const t = strings(language);
  if (!state.allowedByProgramme) return { kind: "consent", ...text(t.off) };
  const now =
    state.choice === "yes" && state.at
      ? t.state.yes(formatDay(new Date(state.at), language, zone))
      : state.choice === "no"
        ? t.state.no
        : t.state.none;
  return {
    kind: "consent",
    blocks: [
      { type: "section", title: t.title, text: t.what },
      { type: "text", text: now },
      ...(usesModel ? [] : [{ type: "context" as const, text: t.noModel }]),
      { type: "text", text: t.question },
      {
        type: "actions",
        buttons: [
          { actionId: ACTION_CONSENT_YES, label: t.yesButton, value: "yes", style: "primary" },
          { actionId: ACTION_CONSENT_NO, label: t.noButton, value: "no" },
        ],
      },
    ],
  };
}

/** Registers `toestemming` / `consent` and its two buttons. */
export function registerConsent(bot: Bot, consent: Consent, usesModel: () => boolean): Consent {
  const zone = bot.programme.timezone;

  /** Stores the choice and says what it means now; a withdrawal is a no with its own words. */
  const choose = async (ctx: Context, choice: "yes" | "no", withdraw: boolean) => {
    const t = strings(ctx.language);
    if (!consent.allowedByProgramme) return text(t.off);
    await consent.choose(ctx.person.id, choice);
    return text(choice === "yes" ? t.saidYes : withdraw ? t.withdrawn : t.saidNo);
  };

  bot.command("consent", async (ctx, args) => {
    const word = args.trim().toLowerCase();
    if (word === "intrekken" || word === "withdraw" || word === "nee" || word === "no")
      await ctx.respond.reply(await choose(ctx, "no", word === "intrekken" || word === "withdraw"));
    else if (word === "ja" || word === "yes") await ctx.respond.reply(await choose(ctx, "yes", false));
    else
      await ctx.respond.reply(
        consentMessage(await consent.state(ctx.person.id), ctx.language, zone, usesModel()),
      );
    return undefined;
  });

  const button = (choice: "yes" | "no") => async (ctx: Context) => {
    const reply = await choose(ctx, choice, false);
    // The question makes way for the answer (no buttons left to press twice).
    if (ctx.respond.canReplace) await ctx.respond.replace(reply);
    else await ctx.respond.reply(reply);
    return undefined;
  };
  bot.onAction(ACTION_CONSENT_YES, OWN_CHOICE, button("yes"));
  bot.onAction(ACTION_CONSENT_NO, OWN_CHOICE, button("no"));
  return consent;
}
