import type { AuditLog } from "../../core/audit.js";
import type { Bot } from "../../core/bot.js";
import type { Deliverer, DeliveryHint, DeliveryOutcome } from "../../core/deliveries.js";
import type { Person } from "../../core/people.js";
import type { Collection } from "../../storage/collection.js";
import { answerRecordId, completeDeliveryId, occurrenceId } from "./ids.js";
import { assignmentMessage, completeMessage, reminderMessage } from "./message.js";
import { type Assignment, chatAssignment, fileAssignments, groupsOf, type Unit, unitsFor } from "./model.js";
import { questionId } from "./question-id.js";
import { COMPLETE_KIND, type PlannedSend, sheetKey } from "./plan.js";
import {
  type AnswerRecord,
  answerRecords,
  type CreatedAssignment,
  createdAssignments,
  type Entry,
  homeworkIndex,
  type Sheet,
} from "./records.js";

/** The longest answer to one question. */
export const MAX_ANSWER_LENGTH = 4000;

/** Who a person is to one unit's answers: they write, or they only read, or (undefined) neither. */
export type Access = "member" | "mentor" | "coordinator";

/**
 * Homework: the groups, the assignments (the file's and those made in chat), the answers
 * per unit, and the rule of who sees them. Every read and write goes through `access`.
 */
export class Homework {
  readonly groups: Unit[];
  readonly fileAssignments: Assignment[];
  readonly records: Collection<typeof answerRecords.schema>;
  readonly created: Collection<typeof createdAssignments.schema>;
  readonly index: Collection<typeof homeworkIndex.schema>;
  /** The assignments made in chat as last read: for `upcoming`, which cannot wait for the store. */
  private chatCache: Assignment[] = [];

  constructor(
    readonly bot: Bot,
    private readonly deliverer: Deliverer,
    readonly audit: AuditLog,
  ) {
    this.groups = groupsOf(bot.programme);
    this.fileAssignments = fileAssignments(bot.programme);
    this.records = bot.store.collection(answerRecords);
    this.created = bot.store.collection(createdAssignments);
    this.index = bot.store.collection(homeworkIndex);
  }

  /** Every assignment: the file's, then the open ones made in chat (read through their index). */
  async assignments(): Promise<Assignment[]> {
    const ids = (await this.index.get("open"))?.ids ?? [];
    const found = ids.length ? await this.created.getMany(ids) : [];
    this.chatCache = found
      .filter((c): c is CreatedAssignment => c?.status === "open")
      .map((c) => chatAssignment(c, this.bot.programme.timezone));
    return [...this.fileAssignments, ...this.chatCache];
  }

  /** The assignments as last read, without the store (the scheduler's `upcoming`). */
  knownAssignments(): Assignment[] {
    return [...this.fileAssignments, ...this.chatCache];
  }

  async assignment(id: string): Promise<Assignment | undefined> {
    return (await this.assignments()).find((a) => a.id === id);
  }

  unitsOf(assignment: Assignment): Unit[] {
    return unitsFor(assignment, this.groups, this.bot.directory);
  }

  unitOf(assignment: Assignment, personId: string): Unit | undefined {
    return this.unitsOf(assignment).find((u) => u.members.includes(personId));
  }

  unit(assignment: Assignment, key: string): Unit | undefined {
    return this.unitsOf(assignment).find((u) => u.key === key);
  }

  /** The only rule of who sees homework answers: the unit's members, its mentor, the coordinators. */
  access(person: Person, unit: Unit): Access | undefined {
    if (person.role === "participant" && unit.members.includes(person.id)) return "member";
    if (person.role === "mentor" && this.mentorsOf(unit).includes(person.id)) return "mentor";
    if (person.role === "coordinator") return "coordinator";
    return undefined;
  }

  /** Who mentors a unit now: a group's own mentor, or (a team, one participant) its members' mentors. */
  mentorsOf(unit: Unit): string[] {
    if (!unit.followsDirectory) return unit.mentor ? [unit.mentor] : [];
    return [...new Set(unit.members.flatMap((m) => this.bot.directory.mentorOf(m)?.id ?? []))];
  }

  recordId(assignment: Assignment, unit: Unit): string {
    return answerRecordId(assignment.id, unit.key);
  }

  record(assignment: Assignment, unit: Unit): Promise<AnswerRecord | undefined> {
    return this.records.get(this.recordId(assignment, unit));
  }

  /** Is it open now: past its opening moment. */
  isOpen(assignment: Assignment, now = this.bot.clock.now()): boolean {
    return assignment.opensAt <= now;
  }

  /** The assignments open for this participant now, each with their unit. */
  async openFor(person: Person): Promise<{ assignment: Assignment; unit: Unit }[]> {
    const now = this.bot.clock.now();
    return (await this.assignments()).flatMap((assignment) => {
      const unit = this.isOpen(assignment, now) ? this.unitOf(assignment, person.id) : undefined;
      return unit ? [{ assignment, unit }] : [];
    });
  }

  /**
   * Saves what a member wrote: only the questions whose text changed get a new entry with
   * its author and time; the earlier one goes to the history. `submit` hands it in (late
   * after the due moment). Whether the unit became complete with this save is returned.
   */
  async save(
    person: Person,
    assignment: Assignment,
    unit: Unit,
    values: Record<string, string>,
    submit: boolean,
  ): Promise<{ sheet: Sheet; record: AnswerRecord; completedNow: boolean; wasSubmitted: boolean }> {
    const at = this.bot.clock.now().toISOString();
    const key = sheetKey(assignment, unit, person.id);
    let wasSubmitted = false;
    let wasComplete = false;
    const record = await this.records.update(this.recordId(assignment, unit), (current) => {
      const base: AnswerRecord = current ?? { assignmentId: assignment.id, unit: unit.key, sheets: {} };
      wasComplete = base.completedAt !== undefined;
      const before: Sheet = base.sheets[key] ?? { answers: {}, history: [], status: "draft", late: false };
      wasSubmitted = before.status === "submitted";
      const answers: Record<string, Entry> = { ...before.answers };
      const history = [...before.history];
      assignment.questions.forEach((_, i) => {
        const question = questionId(i);
        const text = (values[question] ?? "").trim();
        const old = answers[question];
        if ((old?.text ?? "") === text) return;
        if (old) history.push({ ...old, question });
        if (text) answers[question] = { text, by: person.id, at };
        else delete answers[question];
      });
      const sheet: Sheet = {
        answers,
        history,
        status: submit || before.status === "submitted" ? "submitted" : "draft",
        late: before.late,
        submittedAt: before.submittedAt,
        submittedBy: before.submittedBy,
      };
      if (submit && before.status !== "submitted") {
        sheet.submittedAt = at;
        sheet.submittedBy = person.id;
        sheet.late = new Date(at) > assignment.dueAt;
      }
      const next: AnswerRecord = { ...base, sheets: { ...base.sheets, [key]: sheet } };
      if (!next.completedAt && this.isComplete(assignment, unit, next)) next.completedAt = at;
      return next;
    });
    const sheet = record.sheets[key] as Sheet;
    return { sheet, record, completedNow: !wasComplete && record.completedAt !== undefined, wasSubmitted };
  }

  /** Everyone answered (per member), or the group's answer is handed in (shared). */
  isComplete(assignment: Assignment, unit: Unit, record: AnswerRecord | undefined): boolean {
    return unit.members.every((m) => record?.sheets[sheetKey(assignment, unit, m)]?.status === "submitted");
  }

  /** How many members have answered, of how many. */
  answeredCount(assignment: Assignment, unit: Unit, record: AnswerRecord | undefined): number {
    return unit.members.filter((m) => record?.sheets[sheetKey(assignment, unit, m)]?.status === "submitted")
      .length;
  }

  /** Sends one planned opening or reminder, exactly once. */
  send(planned: PlannedSend, hint?: DeliveryHint): Promise<DeliveryOutcome> {
    const { assignment } = planned.moment;
    const { unit, person } = planned;
    return this.deliverer.deliver(
      {
        id: planned.deliveryId,
        kind: planned.kind,
        occurrenceId: occurrenceId(assignment.id, planned.moment.what),
        person,
        conversation: planned.channel,
        build: (language) =>
          planned.moment.what === "open"
            ? assignmentMessage(assignment, unit, this.bot.programme, language)
            : reminderMessage(assignment, unit, this.bot.programme, language),
      },
      hint,
    );
  }

  /** The short note to the group when it is complete: to each member except who completed it (or in its channel). */
  async noteComplete(assignment: Assignment, unit: Unit, except: string): Promise<void> {
    const targets: { person: Person; channel?: string; id: string }[] = [];
    const members = unit.members.flatMap((id) => this.bot.directory.get(id) ?? []);
    if (unit.solo) return;
    if (unit.channel && members[0])
      targets.push({
        person: members[0],
        channel: unit.channel,
        id: completeDeliveryId(assignment.id, unit.key, "channel"),
      });
    else
      for (const person of members)
        if (person.id !== except)
          targets.push({ person, id: completeDeliveryId(assignment.id, unit.key, person.id) });
    for (const target of targets)
      await this.deliverer.deliver({
        id: target.id,
        kind: COMPLETE_KIND,
        occurrenceId: occurrenceId(assignment.id, "complete"),
        person: target.person,
        conversation: target.channel,
        build: (language) => completeMessage(assignment, unit, language),
      });
  }
}
