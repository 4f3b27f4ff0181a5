import type { Language } from "../../config/programme-schema.js";
import type { Block, Button } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { unitValue } from "./ids.js";
import { ACTION_ANSWER, ACTION_NEW, ACTION_VIEW, dueText } from "./message.js";
import type { Assignment, Unit } from "./model.js";
import { sheetKey } from "./plan.js";
import type { AnswerRecord } from "./records.js";
import type { Homework } from "./service.js";
import { strings } from "./strings.js";

/** At most this many assignments in one list (the newest due first); the rest is counted. */
const MAX_LISTED = 5;

/** One unit's progress in words: "3 van 5 hebben geantwoord", or for a shared answer how far it is. */
export function progressText(
  homework: Homework,
  assignment: Assignment,
  unit: Unit,
  record: AnswerRecord | undefined,
  language: Language,
): string {
  const t = strings(language);
  if (assignment.mode === "shared" && !unit.solo) {
    const sheet = record?.sheets.group;
    const filled = Object.keys(sheet?.answers ?? {}).length;
    const status =
      sheet?.status === "submitted" ? (sheet.late ? t.statusLate : t.statusSubmitted) : t.sharedNotSubmitted;
    return `${t.sharedProgress(filled, assignment.questions.length)}. ${status.replace(/\.$/, "")}`;
  }
  return t.progress(homework.answeredCount(assignment, unit, record), unit.members.length);
}

/** A participant's open assignments, with their due dates and where they stand. */
export async function participantBlocks(
  homework: Homework,
  person: Person,
  language: Language,
): Promise<Block[]> {
  const t = strings(language);
  const zone = homework.bot.programme.timezone;
  const open = (await homework.openFor(person)).sort(
    (a, b) => a.assignment.dueAt.getTime() - b.assignment.dueAt.getTime(),
  );
  if (open.length === 0) return [{ type: "text", text: t.listEmpty }];
  const records = await homework.records.getMany(open.map((o) => homework.recordId(o.assignment, o.unit)));
  const now = homework.bot.clock.now();
  const blocks: Block[] = [{ type: "text", text: `*${t.listTitle}*` }];
  open.slice(0, MAX_LISTED).forEach(({ assignment, unit }, i) => {
    const sheet = records[i]?.sheets[sheetKey(assignment, unit, person.id)];
    const status =
      sheet?.status === "submitted"
        ? sheet.late
          ? t.statusLate
          : t.statusSubmitted
        : assignment.dueAt < now
          ? t.statusPastDue
          : sheet
            ? t.statusDraft
            : t.statusOpen;
    blocks.push({
      type: "section",
      text: `${t.listItem(assignment.title, dueText(assignment.dueAt, language, zone))}\n${status}`,
    });
    blocks.push({
      type: "actions",
      buttons: [
        { actionId: ACTION_ANSWER, label: t.answerButton, value: assignment.id },
        {
          actionId: ACTION_VIEW,
          label: unit.solo ? t.viewButtonSolo : t.viewButton,
          value: unitValue(assignment.id, unit.key),
        },
      ],
    });
  });
  if (open.length > MAX_LISTED) blocks.push({ type: "context", text: t.more(open.length - MAX_LISTED) });
  return blocks;
}

/**
 * How far the groups are: a mentor sees the groups they mentor, a coordinator all of them
 * (individual preparation as one count), each group with a button to read its answers.
 */
export async function overviewBlocks(
  homework: Homework,
  person: Person,
  language: Language,
): Promise<Block[]> {
  const t = strings(language);
  const zone = homework.bot.programme.timezone;
  const coordinator = person.role === "coordinator";
  const now = homework.bot.clock.now();
  const items = (await homework.assignments())
    .map((assignment) => ({
      assignment,
      units: homework
        .unitsOf(assignment)
        .filter((u) => homework.access(person, u) === (coordinator ? "coordinator" : "mentor")),
    }))
    .filter((x) => x.units.length > 0 && (coordinator || homework.isOpen(x.assignment, now)))
    .sort((a, b) => a.assignment.dueAt.getTime() - b.assignment.dueAt.getTime());
  const blocks: Block[] = [{ type: "text", text: `*${t.overviewTitle}*` }];
  if (items.length === 0) blocks.push({ type: "text", text: coordinator ? t.overviewEmpty : t.mentorEmpty });
  for (const { assignment, units } of items.slice(0, MAX_LISTED)) {
    const records = await homework.records.getMany(units.map((u) => homework.recordId(assignment, u)));
    const head = t.overviewItem(assignment.title, dueText(assignment.dueAt, language, zone));
    let lines: string[];
    const buttons: Button[] = [];
    if (!homework.isOpen(assignment, now))
      lines = [t.notOpenYet(dueText(assignment.opensAt, language, zone))];
    else if (units.every((u) => u.solo)) {
      const answered = units.filter((u, i) => homework.answeredCount(assignment, u, records[i]) > 0).length;
      lines = [t.progress(answered, units.length)];
    } else {
      lines = units.map((u, i) =>
        t.overviewGroup(u.name, progressText(homework, assignment, u, records[i], language)),
      );
      for (const u of units.slice(0, 5))
        buttons.push({ actionId: ACTION_VIEW, label: u.name, value: unitValue(assignment.id, u.key) });
    }
    blocks.push({ type: "section", text: [head, ...lines].join("\n") });
    if (buttons.length > 0) blocks.push({ type: "actions", buttons });
  }
  if (items.length > MAX_LISTED) blocks.push({ type: "context", text: t.more(items.length - MAX_LISTED) });
  if (coordinator) blocks.push({ type: "actions", buttons: [{ actionId: ACTION_NEW, label: t.newButton }] });
  return blocks;
}
