import type { Bot, Context, HandlerOptions } from "../../core/bot.js";
import { type FieldErrors, text } from "../../core/messages.js";
import { registerCreate } from "./create.js";
import { isAssignmentId, parseUnitValue, unitValue } from "./ids.js";
import {
  ACTION_ANSWER,
  ACTION_VALUE_DRAFT,
  ACTION_VIEW,
  answerForm,
  FIELD_ACTION,
  FORM_ANSWER,
  groupView,
} from "./message.js";
import type { Assignment, Unit } from "./model.js";
import { sheetKey } from "./plan.js";
import { questionId } from "./question-id.js";
import { type Homework, MAX_ANSWER_LENGTH } from "./service.js";
import { strings } from "./strings.js";
import { overviewBlocks, participantBlocks, progressText } from "./views.js";

/** Answering is a participant's own: only members of the unit write, and the answer goes to their DM. */
const PARTICIPANT: HandlerOptions = { roles: ["participant"], personal: true };
/** Reading a group's answers: a member, its mentor or a coordinator (checked per unit). */
const READER: HandlerOptions = { roles: "everyone", personal: true };

/**
 * Homework in chat: `huiswerk` (a participant's open assignments; a mentor's and a
 * coordinator's view of the groups), "Beantwoorden" (the form), "Bekijk ons groepje" (the
 * group's answers and progress), and the coordinator's new assignment (`create.ts`). Every
 * button value and form metadata names an assignment and a unit; it is used only after
 * `homework.access` says the person acting may: otherwise "Dit hoort niet bij jou".
 */
export function registerHomework(bot: Bot, homework: Homework): Homework {
  const zone = bot.programme.timezone;

  const refuse = async (ctx: Context, known: boolean) => {
    if (known)
      bot.logger.warn({ person: ctx.person.id, kind: ctx.event.kind }, "refused another group's homework");
    await ctx.respond.reply(text(known ? ctx.t.notYours : ctx.t.staleAction));
  };

  /** The open assignment a button names, with the person's own unit; else says why not. */
  const ownAssignment = async (
    ctx: Context,
    id: string | undefined,
  ): Promise<{ assignment: Assignment; unit: Unit } | undefined> => {
    const assignment = isAssignmentId(id) ? await homework.assignment(id) : undefined;
    if (!assignment || !homework.isOpen(assignment)) {
      await refuse(ctx, false);
      return undefined;
    }
    const unit = homework.unitOf(assignment, ctx.person.id);
    if (!unit) {
      await refuse(ctx, true);
      return undefined;
    }
    return { assignment, unit };
  };

  /** The unit a value or metadata names (`<assignment>|<unit>`), when the person acting may see it. */
  const visibleUnit = async (ctx: Context, value: string | undefined, write: boolean) => {
    const parsed = parseUnitValue(value);
    const assignment = parsed ? await homework.assignment(parsed.assignmentId) : undefined;
    const unit = assignment && parsed ? homework.unit(assignment, parsed.unit) : undefined;
    if (!assignment || !unit) {
      await refuse(ctx, !!assignment);
      return undefined;
    }
    const access = homework.access(ctx.person, unit);
    if (!access || (write && access !== "member")) {
      await refuse(ctx, true);
      return undefined;
    }
    return { assignment, unit, access };
  };

  bot.command("homework", async (ctx) => {
    const blocks =
      ctx.person.role === "participant"
        ? await participantBlocks(homework, ctx.person, ctx.language)
        : await overviewBlocks(homework, ctx.person, ctx.language);
    await ctx.respond.reply({ blocks });
    return undefined;
  });

  bot.onAction(ACTION_ANSWER, PARTICIPANT, async (ctx) => {
    const found = await ownAssignment(ctx, ctx.event.value);
    if (!found) return undefined;
    const record = await homework.record(found.assignment, found.unit);
    const sheet = record?.sheets[sheetKey(found.assignment, found.unit, ctx.person.id)];
    await ctx.respond.openForm(
      answerForm(found.assignment, found.unit, sheet, ctx.language, MAX_ANSWER_LENGTH),
    );
    return undefined;
  });

  bot.onAction(ACTION_VIEW, READER, async (ctx) => {
    const found = await visibleUnit(ctx, ctx.event.value, false);
    if (!found) return undefined;
    const record = await homework.record(found.assignment, found.unit);
    await ctx.respond.reply(
      groupView(found.assignment, found.unit, record, ctx.person.id, bot.directory, ctx.language, zone),
    );
    return undefined;
  });

  bot.onSubmit(FORM_ANSWER, PARTICIPANT, async (ctx) => {
    // The metadata names the assignment and the unit: written only by a member of that unit.
    const found = await visibleUnit(ctx, ctx.event.metadata, true);
    if (!found) return undefined;
    const { assignment, unit } = found;
    const t = strings(ctx.language);
    const values = ctx.event.values;
    const draft = values[FIELD_ACTION] === ACTION_VALUE_DRAFT;
    const errors: FieldErrors = {};
    const current = (await homework.record(assignment, unit))?.sheets[
      sheetKey(assignment, unit, ctx.person.id)
    ];
    assignment.questions.forEach((q, i) => {
      const id = questionId(i);
      const value = (values[id] ?? "").trim();
      if (value.length > MAX_ANSWER_LENGTH) errors[id] = t.tooLong(MAX_ANSWER_LENGTH);
      else if (value && q.choices && !q.choices.includes(value)) errors[id] = t.badChoice;
      else if (!value && !draft && q.required) errors[id] = t.required;
    });
    if (Object.keys(errors).length > 0) return { errors };
    const written = assignment.questions.some((_, i) => (values[questionId(i)] ?? "").trim());
    if (draft && !written && !current) {
      await ctx.respond.reply(text(t.nothingWritten));
      return undefined;
    }
    const saved = await homework.save(ctx.person, assignment, unit, values, !draft);
    if (saved.completedNow) await homework.noteComplete(assignment, unit, ctx.person.id);
    const line = saved.wasSubmitted
      ? t.updated(assignment.title)
      : draft
        ? t.draftSaved(assignment.title)
        : saved.sheet.late
          ? t.submittedLate(assignment.title)
          : t.submitted(assignment.title);
    const progress = unit.solo ? "" : progressText(homework, assignment, unit, saved.record, ctx.language);
    await ctx.respond.reply({
      text: line,
      blocks: [
        { type: "text", text: line },
        ...(progress
          ? [
              {
                type: "context" as const,
                text: saved.completedNow ? `${progress}. ${t.groupComplete}` : progress,
              },
            ]
          : []),
        {
          type: "actions",
          buttons: [
            { actionId: ACTION_ANSWER, label: t.editButton, value: assignment.id },
            {
              actionId: ACTION_VIEW,
              label: unit.solo ? t.viewButtonSolo : t.viewButton,
              value: unitValue(assignment.id, unit.key),
            },
          ],
        },
      ],
    });
    return undefined;
  });

  registerCreate(bot, homework);
  return homework;
}
