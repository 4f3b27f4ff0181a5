import { DateTime } from "luxon";
import type { Language, Programme } from "../../config/programme-schema.js";
import { formatDay } from "../../core/i18n/index.js";
import type { Block, Button, Form, FormField, Message } from "../../core/messages.js";
import type { Directory } from "../../core/people.js";
import { unitValue } from "./ids.js";
import type { Assignment, Unit } from "./model.js";
import { sheetKey } from "./plan.js";
import type { AnswerRecord, Sheet } from "./records.js";
import { questionId } from "./question-id.js";
import { strings } from "./strings.js";

export const ACTION_ANSWER = "homework.answer";
export const ACTION_VIEW = "homework.view";
export const ACTION_NEW = "homework.new";
export const ACTION_OPEN = "homework.open";
export const ACTION_CANCEL = "homework.cancel";
export const ACTION_EDIT_DRAFT = "homework.edit-draft";
export const FORM_ANSWER = "homework.answer";
export const FORM_CREATE = "homework.create";
/** The answer form's last field: hand in, or keep as a draft. */
export const FIELD_ACTION = "action";
export const ACTION_VALUE_SUBMIT = "submit";
export const ACTION_VALUE_DRAFT = "draft";

/** The due moment in words: "dinsdag 8 december", with the time when it is not the end of the day. */
export function dueText(date: Date, language: Language, zone: string): string {
  const local = DateTime.fromJSDate(date, { zone });
  const day = formatDay(date, language, zone);
  return local.hour === 23 && local.minute === 59 ? day : `${day}, ${local.toFormat("HH:mm")}`;
}

/** A moment of an edit: "24 nov, 10:15". */
export function when(iso: string, language: Language, zone: string): string {
  return DateTime.fromISO(iso, { zone })
    .setLocale(language === "nl" ? "nl-NL" : "en-GB")
    .toFormat("d LLL, HH:mm");
}

const whoSees = (unit: Unit, language: Language) =>
  unit.solo ? strings(language).whoSeesSolo : strings(language).whoSees;

function buttons(assignment: Assignment, unit: Unit, language: Language): Button[] {
  const t = strings(language);
  return [
    { actionId: ACTION_ANSWER, label: t.answerButton, value: assignment.id, style: "primary" },
    {
      actionId: ACTION_VIEW,
      label: unit.solo ? t.viewButtonSolo : t.viewButton,
      value: unitValue(assignment.id, unit.key),
    },
  ];
}

/**
 * An assignment as it arrives (by DM, or in the group's channel): the title and due date
 * first (what the notification shows), for whom, how they answer, the questions, who will
 * see the answers, and "Beantwoorden" / "Bekijk ons groepje".
 */
export function assignmentMessage(
  assignment: Assignment,
  unit: Unit,
  programme: Programme,
  language: Language,
): Message {
  const t = strings(language);
  const due = t.due(dueText(assignment.dueAt, language, programme.timezone));
  const blocks: Block[] = [
    {
      type: "section",
      title: t.newAssignment(assignment.title),
      text: [`*${due}*`, unit.solo ? t.forYou : t.forGroup(unit.name)].join("\n"),
    },
  ];
  if (assignment.description) blocks.push({ type: "text", text: assignment.description });
  if (!unit.solo)
    blocks.push({ type: "text", text: assignment.mode === "shared" ? t.modeShared : t.modePerMember });
  blocks.push({
    type: "text",
    text: [t.questionsTitle, ...assignment.questions.map((q, i) => t.question(i + 1, q.text))].join("\n"),
  });
  blocks.push({ type: "context", text: whoSees(unit, language) });
  blocks.push({ type: "actions", buttons: buttons(assignment, unit, language) });
  return { kind: "homework", text: `${t.newAssignment(assignment.title)}. ${due}.`, blocks };
}

/** The one reminder before the due date, to a member who has not answered. */
export function reminderMessage(
  assignment: Assignment,
  unit: Unit,
  programme: Programme,
  language: Language,
): Message {
  const t = strings(language);
  const title = t.reminderTitle(assignment.title, dueText(assignment.dueAt, language, programme.timezone));
  const shared = assignment.mode === "shared" && !unit.solo;
  return {
    kind: "homework-reminder",
    text: title,
    blocks: [
      { type: "text", text: `*${title}*` },
      { type: "text", text: shared ? t.reminderShared : t.reminderOwn },
      { type: "context", text: whoSees(unit, language) },
      { type: "actions", buttons: buttons(assignment, unit, language) },
    ],
  };
}

/** The note to the group when everyone has answered. */
export function completeMessage(assignment: Assignment, unit: Unit, language: Language): Message {
  const t = strings(language);
  const title = t.completeTitle(assignment.title, unit.name);
  return {
    kind: "homework-complete",
    text: title,
    blocks: [
      { type: "text", text: `*${title}* ${t.completeText}` },
      {
        type: "actions",
        buttons: [{ actionId: ACTION_VIEW, label: t.viewButton, value: unitValue(assignment.id, unit.key) }],
      },
    ],
  };
}

/**
 * The answer form: one field per question (filled in with what is kept so far), the first
 * saying who will see it before anything is written, and the choice to hand in or keep it
 * as a draft ("Opslaan"). Once handed in, saving again updates it (the history is kept).
 */
export function answerForm(
  assignment: Assignment,
  unit: Unit,
  sheet: Sheet | undefined,
  language: Language,
  maxLength: number,
): Form {
  const t = strings(language);
  const fields: FormField[] = assignment.questions.map((q, i): FormField => {
    const id = questionId(i);
    const initial = sheet?.answers[id]?.text;
    const hint = i === 0 ? t.hintFirst(whoSees(unit, language)) : undefined;
    if (q.choices)
      return {
        kind: "choice",
        id,
        label: q.text,
        hint,
        required: false,
        options: q.choices.map((c) => ({ value: c, label: c })),
        ...(initial ? { initial } : {}),
      };
    return {
      kind: q.kind === "text" ? "text" : "textarea",
      id,
      label: q.text,
      hint,
      required: false,
      maxLength,
      ...(initial ? { initial } : {}),
    };
  });
  if (sheet?.status !== "submitted")
    fields.push({
      kind: "choice",
      id: FIELD_ACTION,
      label: t.actionLabel,
      required: true,
      initial: ACTION_VALUE_SUBMIT,
      options: [
        { value: ACTION_VALUE_SUBMIT, label: t.actionSubmit },
        { value: ACTION_VALUE_DRAFT, label: t.actionDraft },
      ],
    });
  return {
    formId: FORM_ANSWER,
    title: t.formTitle,
    submitLabel: t.formSubmit,
    metadata: unitValue(assignment.id, unit.key),
    fields,
  };
}

/**
 * What the group (and its mentor, and the coordinators) see of one unit's answers: the
 * progress ("3 van 5 hebben geantwoord"), and per member what they handed in; for a shared
 * answer each question with who wrote it, and when it was last edited. A member's draft is
 * shown to that member only.
 */
export function groupView(
  assignment: Assignment,
  unit: Unit,
  record: AnswerRecord | undefined,
  viewerId: string,
  directory: Directory,
  language: Language,
  zone: string,
): Message {
  const t = strings(language);
  const name = (id: string) => directory.get(id)?.name ?? id;
  const blocks: Block[] = [];
  const shared = assignment.mode === "shared" && !unit.solo;
  const answered = unit.members.filter(
    (m) => record?.sheets[sheetKey(assignment, unit, m)]?.status === "submitted",
  ).length;
  const title = t.groupTitle(assignment.title, unit.name);
  const answerLines = (sheet: Sheet | undefined, withAuthor: boolean) =>
    assignment.questions
      .map((q, i) => {
        const entry = sheet?.answers[questionId(i)];
        const body = entry ? entry.text : t.noAnswer;
        const by = entry && withAuthor ? `\n_${t.by(name(entry.by), when(entry.at, language, zone))}_` : "";
        return `*${q.text}*\n${body}${by}`;
      })
      .join("\n\n");
  if (shared) {
    const sheet = record?.sheets.group;
    const filled = assignment.questions.filter((_, i) => sheet?.answers[questionId(i)]).length;
    const status =
      sheet?.status === "submitted" && sheet.submittedAt
        ? t.sharedSubmitted(
            name(sheet.submittedBy ?? ""),
            when(sheet.submittedAt, language, zone),
            sheet.late,
          )
        : t.sharedNotSubmitted;
    const last = Object.values(sheet?.answers ?? {})
      .map((e) => e.at)
      .sort()
      .at(-1);
    blocks.push({
      type: "section",
      title,
      text: [
        t.sharedProgress(filled, assignment.questions.length),
        status,
        ...(last ? [t.lastEdited(when(last, language, zone))] : []),
      ].join("\n"),
    });
    blocks.push({ type: "text", text: answerLines(sheet, true) });
    if (sheet && sheet.history.length > 0)
      blocks.push({ type: "context", text: t.edits(sheet.history.length) });
  } else {
    blocks.push({
      type: "section",
      title,
      text: unit.solo ? "" : t.progress(answered, unit.members.length),
    });
    for (const member of unit.members) {
      const sheet = record?.sheets[member];
      if (sheet?.status === "submitted" && sheet.submittedAt) {
        blocks.push({
          type: "text",
          text: `${t.memberSubmitted(name(member), when(sheet.submittedAt, language, zone), sheet.late)}\n\n${answerLines(sheet, false)}`,
        });
      } else if (member === viewerId && sheet) {
        blocks.push({ type: "text", text: `${t.yourDraft}\n\n${answerLines(sheet, false)}` });
      } else if (!unit.solo) {
        blocks.push({
          type: "text",
          text: sheet ? t.memberDraft(name(member)) : t.memberNothing(name(member)),
        });
      }
    }
  }
  if (unit.members.includes(viewerId))
    blocks.push({
      type: "actions",
      buttons: [{ actionId: ACTION_ANSWER, label: t.answerButton, value: assignment.id }],
    });
  return { kind: "homework-view", text: title, blocks };
}
