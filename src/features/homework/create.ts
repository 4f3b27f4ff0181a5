import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import type { Language } from "../../config/programme-schema.js";
import type { Bot, Context, HandlerOptions } from "../../core/bot.js";
import { type Block, type FieldErrors, type Form, text } from "../../core/messages.js";
import { isAssignmentId } from "./ids.js";
import { ACTION_CANCEL, ACTION_EDIT_DRAFT, ACTION_NEW, ACTION_OPEN, FORM_CREATE } from "./message.js";
import { chatAssignment, unitsFor } from "./model.js";
import { homeworkMoments, planHomework } from "./plan.js";
import type { CreatedAssignment } from "./records.js";
import type { Homework } from "./service.js";
import { strings } from "./strings.js";

const COORDINATOR: HandlerOptions = { roles: ["coordinator"], personal: true };

/**
 * The coordinator's form for a new assignment: title, questions (one a line), groups, due
 * date, mode. With a draft ("Aanpassen" under the preview): filled in with it, and its id as
 * the metadata, so the same draft is changed.
 */
export function createForm(homework: Homework, language: Language, draft?: CreatedAssignment): Form {
  const t = strings(language);
  const groups =
    draft === undefined || draft.for === "all"
      ? language === "en"
        ? "all"
        : "alle"
      : draft.for === "individual"
        ? language === "en"
          ? "individual"
          : "iedereen apart"
        : draft.for.join(", ");
  return {
    formId: FORM_CREATE,
    title: t.createTitle,
    submitLabel: t.createSubmit,
    ...(draft ? { metadata: draft.id } : {}),
    fields: [
      {
        kind: "text",
        id: "title",
        label: t.fieldTitle,
        required: true,
        maxLength: 80,
        ...(draft ? { initial: draft.title } : {}),
      },
      {
        kind: "textarea",
        id: "questions",
        label: t.fieldQuestions,
        hint: t.fieldQuestionsHint,
        required: true,
        maxLength: 3000,
        ...(draft ? { initial: draft.questions.map((q) => q.text).join("\n") } : {}),
      },
      {
        kind: "text",
        id: "groups",
        label: t.fieldGroups,
        hint: t.fieldGroupsHint(homework.groups.map((g) => g.key).join(", ")),
        required: true,
        initial: groups,
      },
      {
        kind: "text",
        id: "due",
        label: t.fieldDue,
        hint: t.fieldDueHint,
        required: true,
        maxLength: 10,
        ...(draft
          ? {
              initial:
                DateTime.fromISO(draft.dueAt, { zone: homework.bot.programme.timezone }).toISODate() ?? "",
            }
          : {}),
      },
      {
        kind: "choice",
        id: "mode",
        label: t.fieldMode,
        required: true,
        initial: draft?.mode ?? "per-member",
        options: [
          { value: "per-member", label: t.modePerMemberOption },
          { value: "shared", label: t.modeSharedOption },
        ],
      },
    ],
  };
}

/** The groups a coordinator typed: `alle`, `iedereen apart`, or ids / names with commas. */
function parseGroups(homework: Homework, typed: string): CreatedAssignment["for"] | { unknown: string } {
  const s = typed.trim().toLowerCase();
  if (/^(alle|all|alle groepjes|all groups|)$/.test(s)) return "all";
  if (/^(iedereen apart|apart|individueel|individual|everyone alone)$/.test(s)) return "individual";
  const ids: string[] = [];
  for (const part of s
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const group = homework.groups.find((g) => g.key === part || g.name.toLowerCase() === part);
    if (!group) return { unknown: part };
    if (!ids.includes(group.key)) ids.push(group.key);
  }
  return ids.length ? ids : "all";
}

/**
 * Coordinators make an assignment in chat: `huiswerk nieuw` (or the button under the
 * overview) opens the form, a preview shows who it goes to, "Openzetten" opens it: stored
 * with the file's assignments, sent to the members at once, reminded like any other.
 */
export function registerCreate(bot: Bot, homework: Homework): void {
  const zone = bot.programme.timezone;

  const openForm = async (ctx: Context) => {
    await ctx.respond.openForm(createForm(homework, ctx.language));
    return undefined;
  };
  bot.command("homeworkNew", openForm);
  bot.onAction(ACTION_NEW, COORDINATOR, openForm);

  bot.onSubmit(FORM_CREATE, COORDINATOR, async (ctx) => {
    const t = strings(ctx.language);
    const v = ctx.event.values;
    const errors: FieldErrors = {};
    const title = (v.title ?? "").trim();
    if (!title || title.length > 80) errors.title = t.errTitle;
    const questions = (v.questions ?? "")
      .split(/\r?\n/)
      .map((q) => q.trim())
      .filter((q) => q.length > 0);
    if (
      questions.length === 0 ||
      questions.length > 10 ||
      questions.some((q) => q.length < 3 || q.length > 500)
    )
      errors.questions = t.errQuestions;
    const groups = parseGroups(homework, v.groups ?? "");
    if (typeof groups === "object" && "unknown" in groups) errors.groups = t.errGroups(groups.unknown);
    const due = DateTime.fromISO(`${(v.due ?? "").trim()}T23:59`, { zone });
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test((v.due ?? "").trim()) ||
      !due.isValid ||
      due.toJSDate() <= bot.clock.now()
    )
      errors.due = t.errDue;
    const mode = v.mode === "shared" ? "shared" : "per-member";
    if (Object.keys(errors).length > 0 || (typeof groups === "object" && "unknown" in groups))
      return { errors };
    const now = bot.clock.now();
    // "Aanpassen": the metadata names the coordinator's own draft, which is changed in place.
    const editing = ctx.event.metadata ? await ownDraft(ctx, ctx.event.metadata) : undefined;
    if (ctx.event.metadata && !editing) return undefined;
    if (editing && editing.status !== "draft") {
      await ctx.respond.reply(text(editing.status === "open" ? t.alreadyOpen : t.cancelled));
      return undefined;
    }
    // The moment and 40 random bits: two drafts in the same millisecond (two coordinators, two
    // replicas) never share an id, so one never overwrites the other.
    const id = editing?.id ?? `opdracht-${now.getTime().toString(36)}-${randomBytes(5).toString("hex")}`;
    const record: CreatedAssignment = {
      id,
      title,
      questions: questions.map((q) => ({ text: q, kind: "long", required: true })),
      for: groups,
      mode,
      dueAt: due.toJSDate().toISOString(),
      reminderDaysBefore: 3,
      status: "draft",
      createdBy: ctx.person.id,
      createdAt: now.toISOString(),
    };
    await homework.created.set(id, record);
    const units = unitsFor(record, homework.groups, bot.directory);
    const people = units.reduce((n, u) => n + u.members.length, 0);
    const names =
      record.for === "all"
        ? t.previewAll
        : record.for === "individual"
          ? t.previewIndividual
          : units.map((u) => u.name).join(", ");
    const blocks: Block[] = [
      { type: "section", title: t.previewTitle(title), text: t.previewFor(names, people) },
      {
        type: "text",
        text: [t.questionsTitle, ...questions.map((q, i) => t.question(i + 1, q))].join("\n"),
      },
      {
        type: "context",
        text: `${t.due(due.setLocale(ctx.language === "nl" ? "nl-NL" : "en-GB").toFormat("cccc d LLLL"))}. ${mode === "shared" ? t.modeSharedOption : t.modePerMemberOption}.`,
      },
      {
        type: "actions",
        buttons: [
          { actionId: ACTION_OPEN, label: t.openButton, value: id, style: "primary" },
          { actionId: ACTION_EDIT_DRAFT, label: t.editDraftButton, value: id },
          { actionId: ACTION_CANCEL, label: t.cancelButton, value: id },
        ],
      },
    ];
    await ctx.respond.reply({ text: t.previewTitle(title), blocks });
    return undefined;
  });

  /** The draft a button names, when the coordinator acting made it. */
  const ownDraft = async (ctx: Context, id: string | undefined) => {
    const found = isAssignmentId(id) ? await homework.created.get(id) : undefined;
    if (found?.createdBy === ctx.person.id) return found;
    await ctx.respond.reply(text(found ? ctx.t.notYours : ctx.t.staleAction));
    return undefined;
  };

  bot.onAction(ACTION_OPEN, COORDINATOR, async (ctx) => {
    const t = strings(ctx.language);
    const draft = await ownDraft(ctx, ctx.event.value);
    if (!draft) return undefined;
    if (draft.status !== "draft") {
      await ctx.respond.replace(text(draft.status === "open" ? t.alreadyOpen : t.cancelled));
      return undefined;
    }
    const now = bot.clock.now();
    const opened = await homework.created.update(draft.id, (c) => ({
      ...(c ?? draft),
      status: "open",
      openedAt: c?.openedAt ?? now.toISOString(),
    }));
    await homework.index.update("open", (c) => ({ ids: [...new Set([...(c?.ids ?? []), draft.id])] }));
    // Sent at once (the scheduler would do the same on its next pass: the same delivery ids).
    const assignment = chatAssignment(opened, zone);
    const { send } = planHomework(
      {
        moments: homeworkMoments([assignment]).filter((m) => m.what === "open"),
        unitsOf: (a) => homework.unitsOf(a),
        person: (id) => bot.directory.get(id),
        records: new Map(),
        deliveries: new Map(),
        recordId: (a, u) => homework.recordId(a, u),
      },
      now,
      Number.MAX_SAFE_INTEGER,
    );
    let sent = 0;
    for (const s of send) if ((await homework.send(s)) === "sent") sent++;
    await homework.audit.record({
      actorId: ctx.person.id,
      action: "homework.open",
      count: sent,
      detail: assignment.id,
    });
    await ctx.respond.replace(text(t.opened(assignment.title, sent)));
    return undefined;
  });

  bot.onAction(ACTION_EDIT_DRAFT, COORDINATOR, async (ctx) => {
    const t = strings(ctx.language);
    const draft = await ownDraft(ctx, ctx.event.value);
    if (!draft) return undefined;
    if (draft.status !== "draft") {
      await ctx.respond.reply(text(draft.status === "open" ? t.alreadyOpen : t.cancelled));
      return undefined;
    }
    await ctx.respond.openForm(createForm(homework, ctx.language, draft));
    return undefined;
  });

  bot.onAction(ACTION_CANCEL, COORDINATOR, async (ctx) => {
    const t = strings(ctx.language);
    const draft = await ownDraft(ctx, ctx.event.value);
    if (!draft) return undefined;
    if (draft.status === "open") {
      await ctx.respond.replace(text(t.alreadyOpen));
      return undefined;
    }
    await homework.created.update(draft.id, (c) => ({ ...(c ?? draft), status: "cancelled" }));
    await ctx.respond.replace(text(t.cancelled));
    return undefined;
  });
}
