import type { Bot, Context, HandlerOptions } from "../../core/bot.js";
import type { Messages } from "../../core/i18n/index.js";
import { type FieldErrors, type Form, type Message, text } from "../../core/messages.js";
import { isAnnouncementId, parseAudienceValue } from "./ids.js";
import {
  ACTION_AUDIENCE,
  ACTION_CANCEL,
  ACTION_CONFIRM,
  ACTION_EDIT,
  ACTION_NEW,
  announcementForm,
  FORM_ANNOUNCEMENT,
  previewMessage,
  problemText,
  resultLines,
  settledMessage,
} from "./message.js";
import type { Announcement } from "./records.js";
import { Announcements } from "./service.js";
import { own } from "./strings.js";

/** Every button and the form are a coordinator's; in a channel their answers go to the coordinator's DM. */
const COORDINATOR: HandlerOptions = { roles: ["coordinator"], personal: true };

/** The command words that take the text after a colon, as typed (longest first). */
const TYPED = /^\s*\/?(?:kampvuur\s+)?\/?(?:aankondiging|aankondigen|announcement|announce)\s*:/i;

/**
 * The text after "aankondiging:" with its line breaks: the command's `args` have every run of
 * white space made one space, so the text is taken from the message itself when it says the
 * same thing.
 */
function typedText(ctx: Context, args: string): string {
  const event = ctx.event;
  if (event.kind !== "message" && event.kind !== "command") return args;
  const rest = event.text.replace(TYPED, "");
  const flat = (s: string) => s.trim().split(/\s+/).join(" ");
  return rest !== event.text && flat(rest) === flat(args) ? rest : args;
}

/** Typed in a channel, the form cannot open there: the DM gets a button that opens it. */
function formOffer(form: Form, t: Messages): Message {
  const button = form.metadata
    ? {
        actionId: ACTION_EDIT,
        label: t.privacy.openFormButton,
        value: form.metadata,
        style: "primary" as const,
      }
    : { actionId: ACTION_NEW, label: t.privacy.openFormButton, style: "primary" as const };
  return {
    blocks: [
      { type: "text", text: t.privacy.openForm(form.title) },
      { type: "actions", buttons: [button] },
    ],
  };
}

/**
 * Announcements in chat: `aankondiging` (the form), `aankondiging: <tekst>` (the preview at
 * once, for everyone), the home view's button, and the preview's buttons: another audience,
 * "Versturen", "Aanpassen", "Annuleren". Only the coordinator who wrote an announcement can
 * act on it; every value from a button or a form is checked before it is used.
 */
export function registerAnnouncements(bot: Bot, service: Announcements): Announcements {
  /**
   * The announcement a button value or form metadata names, when the coordinator acting wrote
   * it; otherwise says why not ("not yours", or "no longer applies") and the caller changes nothing.
   */
  const ownAnnouncement = async (ctx: Context, id: string | undefined): Promise<Announcement | undefined> => {
    const found = isAnnouncementId(id) ? await service.get(id) : undefined;
    if (found?.authorId === ctx.person.id) return found;
    if (found) bot.logger.warn({ person: ctx.person.id }, "refused someone else's announcement");
    await ctx.respond.reply(text(found ? ctx.t.notYours : ctx.t.staleAction));
    return undefined;
  };

  /** A draft is what buttons can still change; a cancelled one no longer applies, a sent one says so. */
  const stillDraft = async (ctx: Context, announcement: Announcement): Promise<boolean> => {
    if (announcement.status === "draft") return true;
    await ctx.respond.reply(
      text(announcement.status === "cancelled" ? ctx.t.staleAction : own(ctx.t).alreadySent),
    );
    return false;
  };

  const preview = async (ctx: Context, announcement: Announcement): Promise<Message> =>
    previewMessage(
      service,
      announcement,
      await service.reach(announcement.audience, announcement.authorId),
      ctx.language,
    );

  const openForm = (ctx: Context, draft?: Announcement) =>
    ctx.respond.openForm(announcementForm(service, ctx.language, draft));

  bot.command("announce", async (ctx) => {
    await openForm(ctx);
    return undefined;
  });

  bot.command("announceText", async (ctx, args) => {
    const typed = typedText(ctx, args);
    if (!typed.trim()) {
      await openForm(ctx);
      return undefined;
    }
    const problem = service.checkText(typed);
    if (problem) {
      await ctx.respond.reply(text(problemText(problem, ctx.language)));
      return undefined;
    }
    const draft = await service.createDraft(ctx.person, typed, "everyone");
    await ctx.respond.reply(await preview(ctx, draft));
    return undefined;
  });

  bot.onAction(ACTION_NEW, COORDINATOR, async (ctx) => {
    await openForm(ctx);
    return undefined;
  });

  bot.onAction(ACTION_EDIT, COORDINATOR, async (ctx) => {
    const announcement = await ownAnnouncement(ctx, ctx.event.value);
    if (announcement && (await stillDraft(ctx, announcement))) await openForm(ctx, announcement);
    return undefined;
  });

  bot.onAction(ACTION_AUDIENCE, COORDINATOR, async (ctx) => {
    const value = parseAudienceValue(ctx.event.value);
    const audience = service.parseAudience(value?.audience);
    if (!value || !audience) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    const announcement = await ownAnnouncement(ctx, value.id);
    if (!announcement || !(await stillDraft(ctx, announcement))) return undefined;
    const changed = await service.setAudience(announcement.id, audience);
    if (changed?.status === "draft") await ctx.respond.replace(await preview(ctx, changed));
    else await stillDraft(ctx, changed ?? announcement);
    return undefined;
  });

  bot.onAction(ACTION_CONFIRM, COORDINATOR, async (ctx) => {
    const announcement = await ownAnnouncement(ctx, ctx.event.value);
    if (!announcement) return undefined;
    if (announcement.status === "cancelled") {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    // Who it reaches is looked at again now; a second click (already confirmed) only finishes the sends.
    const reach =
      announcement.status === "draft"
        ? await service.reach(announcement.audience, announcement.authorId)
        : { reachable: [], unreachable: [], channels: [] };
    if (announcement.status === "draft" && Announcements.count(reach) === 0) {
      await ctx.respond.replace(previewMessage(service, announcement, reach, ctx.language));
      return undefined;
    }
    const { announcement: current, tally } = await service.confirm(announcement, reach);
    if (!tally) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    await ctx.respond.replace(
      settledMessage(service, current, resultLines(current, tally, ctx.language), ctx.language),
    );
    return undefined;
  });

  bot.onAction(ACTION_CANCEL, COORDINATOR, async (ctx) => {
    const announcement = await ownAnnouncement(ctx, ctx.event.value);
    if (!announcement) return undefined;
    const current = announcement.status === "draft" ? await service.cancel(announcement.id) : announcement;
    if (current?.status !== "cancelled") {
      await ctx.respond.reply(text(own(ctx.t).alreadySent));
      return undefined;
    }
    await ctx.respond.replace(settledMessage(service, current, [own(ctx.t).cancelled], ctx.language));
    return undefined;
  });

  bot.onSubmit(FORM_ANNOUNCEMENT, { ...COORDINATOR, offer: formOffer }, async (ctx) => {
    const t = own(ctx.t);
    const values = ctx.event.values;
    const typed = typeof values.text === "string" ? values.text : "";
    const problem = service.checkText(typed);
    const audience = service.parseAudience(values.audience);
    const errors: FieldErrors = {};
    if (problem) errors.text = problemText(problem, ctx.language);
    if (!audience) errors.audience = t.chooseAudience;
    if (Object.keys(errors).length > 0 || !audience) return { errors };
    // Sent from "Aanpassen": the draft it edits must be this coordinator's, and still a draft.
    // It makes way for a new one, so the old preview's buttons no longer apply.
    if (ctx.event.metadata !== undefined) {
      const edited = await ownAnnouncement(ctx, ctx.event.metadata);
      if (!edited || !(await stillDraft(ctx, edited))) return undefined;
      await service.cancel(edited.id);
    }
    const draft = await service.createDraft(ctx.person, typed, audience);
    await ctx.respond.reply(await preview(ctx, draft));
    return undefined;
  });

  return service;
}
