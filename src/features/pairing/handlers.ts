import type { Bot, Context, HandlerOptions } from "../../core/bot.js";
import { type FieldErrors, text } from "../../core/messages.js";
import { explainInfeasible } from "./explain.js";
import {
  ACTION_APPROVE,
  ACTION_CANCEL,
  ACTION_SWAP,
  FORM_SWAP,
  proposalMessage,
  swapForm,
} from "./message.js";
import { ACTION_PEER_ANSWER, parsePeerAnswer } from "./peers.js";
import type { PairingDraft } from "./records.js";
import type { Pairing } from "./service.js";
import { strings } from "./strings.js";

const COORDINATOR: HandlerOptions = { roles: ["coordinator"], personal: true };

/**
 * `koppel mentoren` / `pair mentors`: the solver's proposal with its reasons; "Wissel een paar"
 * (a form: which two exchange mentors) shows the new score and any broken rule before
 * "Goedkeuren"; approval stores the version, moves the directory and sends the introductions.
 * `leerbuddy uit|aan` and the follow-up's buttons for leerbuddy's.
 */
export function registerPairing(bot: Bot, service: Pairing): Pairing {
  const ownDraft = async (ctx: Context, id: string | undefined): Promise<PairingDraft | undefined> => {
    const draft = id && /^[A-Za-z0-9_-]{12}$/.test(id) ? await service.getDraft(id) : undefined;
    if (draft?.authorId === ctx.person.id) return draft;
    await ctx.respond.reply(text(draft ? strings(ctx.language).notYours : ctx.t.staleAction));
    return undefined;
  };
  const stillDraft = async (ctx: Context, draft: PairingDraft) => {
    if (draft.status === "draft") return true;
    await ctx.respond.reply(
      text(draft.status === "approved" ? strings(ctx.language).alreadyApproved : ctx.t.staleAction),
    );
    return false;
  };
  const show = async (ctx: Context, draft: PairingDraft, how: "reply" | "replace", note?: string) => {
    const { problem, evaluation } = await service.evaluateDraft(draft);
    const message = proposalMessage(problem, draft, evaluation, ctx.language, note);
    await (how === "reply" ? ctx.respond.reply(message) : ctx.respond.replace(message));
  };

  bot.command("pairMentors", async (ctx) => {
    const t = strings(ctx.language);
    if (bot.programme.mentors.length === 0) {
      await ctx.respond.reply(text(t.noMentors));
      return undefined;
    }
    const { problem, solution } = await service.propose();
    if (problem.units.length === 0) {
      await ctx.respond.reply(text(t.noUnits(service.settings.level)));
      return undefined;
    }
    if (!solution.ok) {
      const why = explainInfeasible(problem, solution.infeasible, ctx.language);
      await ctx.respond.reply(text(`${why.line}\n${why.relaxation}`));
      return undefined;
    }
    const draft = await service.createDraft(ctx.person, solution.assignment, solution.evaluation.score);
    const current = await service.current();
    const by = current ? (bot.directory.get(current.approvedBy)?.name ?? current.approvedBy) : undefined;
    await show(
      ctx,
      draft,
      "reply",
      current && by ? t.current(current.version, by, current.approvedAt.slice(0, 10)) : undefined,
    );
    return undefined;
  });

  bot.onAction(ACTION_SWAP, COORDINATOR, async (ctx) => {
    const draft = await ownDraft(ctx, ctx.event.value);
    if (!draft || !(await stillDraft(ctx, draft))) return undefined;
    await ctx.respond.openForm(swapForm(await service.problem(), draft, ctx.language));
    return undefined;
  });

  bot.onSubmit(FORM_SWAP, COORDINATOR, async (ctx) => {
    const draft = await ownDraft(ctx, ctx.event.metadata);
    if (!draft || !(await stillDraft(ctx, draft))) return undefined;
    const a = String(ctx.event.values.a ?? "");
    const b = String(ctx.event.values.b ?? "");
    const errors: FieldErrors = {};
    if (!draft.assignment[a] || !draft.assignment[b]) errors.a = ctx.t.staleAction;
    else if (a === b) errors.b = strings(ctx.language).swapForm.same;
    if (Object.keys(errors).length > 0) return { errors };
    const swapped = await service.swap(draft.id, a, b);
    if (swapped) await show(ctx, swapped, "reply");
    return undefined;
  });

  bot.onAction(ACTION_APPROVE, COORDINATOR, async (ctx) => {
    const t = strings(ctx.language);
    const draft = await ownDraft(ctx, ctx.event.value);
    if (!draft) return undefined;
    if (draft.status === "cancelled") {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    const result = await service.approve(draft, ctx.person);
    if (!result) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    const sent = result.outcomes.filter((o) => o.outcome === "sent" || o.outcome === "already").length;
    const missed = result.outcomes.filter((o) => o.outcome === "unreachable").map((o) => o.person.name);
    await ctx.respond.replace(
      text(
        [t.approved(result.approval.version, sent), ...(missed.length ? [t.notReached(missed)] : [])].join(
          "\n",
        ),
      ),
    );
    return undefined;
  });

  bot.onAction(ACTION_CANCEL, COORDINATOR, async (ctx) => {
    const draft = await ownDraft(ctx, ctx.event.value);
    if (!draft || !(await stillDraft(ctx, draft))) return undefined;
    await service.cancel(draft.id);
    await ctx.respond.replace(text(strings(ctx.language).cancelled));
    return undefined;
  });

  // ── leerbuddy's ────────────────────────────────────────────────────────────
  const setOptOut = async (ctx: Context, optedOut: boolean) => {
    const t = strings(ctx.language).peers;
    if (!service.settings.peers.enabled) {
      await ctx.respond.reply(text(t.disabled));
      return;
    }
    await service.peerPeople.update(ctx.person.id, (p) => ({
      personId: ctx.person.id,
      answers: p?.answers ?? [],
      optedOut,
    }));
    await ctx.respond.reply(text(optedOut ? t.off : t.on));
  };
  bot.command("peersOff", async (ctx) => {
    await setOptOut(ctx, true);
    return undefined;
  });
  bot.command("peersOn", async (ctx) => {
    await setOptOut(ctx, false);
    return undefined;
  });

  bot.onAction(ACTION_PEER_ANSWER, { roles: ["participant"], personal: true }, async (ctx) => {
    const parsed = parsePeerAnswer(ctx.event.value);
    const round = parsed ? await service.peerRounds.get(parsed.round) : undefined;
    if (!parsed || !round || !round.groups.some((g) => g.includes(ctx.person.id))) {
      await ctx.respond.reply(text(ctx.t.staleAction));
      return undefined;
    }
    const at = bot.clock.now().toISOString();
    await service.peerPeople.update(ctx.person.id, (p) => ({
      personId: ctx.person.id,
      optedOut: p?.optedOut ?? false,
      answers: [
        ...(p?.answers ?? []).filter((a) => a.round !== parsed.round),
        { round: parsed.round, answer: parsed.answer, at },
      ],
    }));
    await ctx.respond.replace(text(strings(ctx.language).peers.thanks[parsed.answer]));
    return undefined;
  });

  return service;
}
