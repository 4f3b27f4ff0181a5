import { DateTime } from "luxon";
import type { Programme } from "../../config/programme-schema.js";
import type { Directory } from "../../core/people.js";
import { soloUnit } from "./ids.js";
import type { CreatedAssignment } from "./records.js";
import {
  type AssignmentConfig,
  assignmentsSection,
  groupsSection,
  momentOf,
  type QuestionConfig,
} from "./settings.js";

/**
 * Who does an assignment together: a homework group (or a team, when the programme has no
 * `groups:`), or one participant alone for an individual assignment. Its answers are seen by
 * its members, its mentor and the coordinators, nobody else.
 */
export interface Unit {
  /** The group's id, or `@<person>` for one participant alone. */
  key: string;
  name: string;
  members: string[];
  /** A `groups:` group's own mentor (the file's); see `followsDirectory`. */
  mentor?: string;
  /**
   * A team or one participant: its mentor is whoever the directory says mentors its members
   * (an approved pairing, else the team's `mentor:`), so a new pairing is followed at once.
   */
  followsDirectory?: boolean;
  /** The group's own channel (a conversation address): the opening goes there instead of by DM. */
  channel?: string;
  solo: boolean;
}

/** An assignment as the feature works with it: from the file or made in chat, its moments resolved. */
export interface Assignment {
  id: string;
  title: string;
  description?: string;
  questions: QuestionConfig[];
  for: AssignmentConfig["for"];
  mode: AssignmentConfig["mode"];
  opensAt: Date;
  dueAt: Date;
  /** When the one reminder goes out; undefined when there is none. */
  reminderAt?: Date;
  source: "file" | "chat";
  createdBy?: string;
}

/** The homework groups: the `groups:` section, or the teams when it has none. */
export function groupsOf(programme: Programme): Unit[] {
  const groups = groupsSection.of(programme);
  if (groups.length > 0)
    return groups.map((g) => ({
      key: g.id,
      name: g.name,
      members: g.members,
      mentor: g.mentor,
      channel: g.channel,
      solo: false,
    }));
  return programme.teams.map((t) => ({
    key: t.id,
    name: t.name,
    members: t.members,
    mentor: t.mentor,
    followsDirectory: true,
    solo: false,
  }));
}

/** The reminder: `days` before the due moment, at 09:00; none when that is not after the opening. */
export function reminderMoment(opensAt: Date, dueAt: Date, days: number, zone: string): Date | undefined {
  if (days <= 0) return undefined;
  const at = DateTime.fromJSDate(dueAt, { zone })
    .minus({ days })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
  return at > opensAt && at < dueAt ? at : undefined;
}

/** The assignments of the programme file, their moments resolved (the file was checked: they exist). */
export function fileAssignments(programme: Programme): Assignment[] {
  return assignmentsSection.of(programme).map((a) => {
    const opensAt = momentOf(a.opens, "opens", programme) as Date;
    const dueAt = momentOf(a.due, "due", programme) as Date;
    return {
      id: a.id,
      title: a.title,
      description: a.description,
      questions: a.questions,
      for: a.for,
      mode: a.mode,
      opensAt,
      dueAt,
      reminderAt: reminderMoment(opensAt, dueAt, a.reminderDaysBefore, programme.timezone),
      source: "file" as const,
    };
  });
}

/** An assignment made in chat, once opened. */
export function chatAssignment(record: CreatedAssignment, zone: string): Assignment {
  const opensAt = new Date(record.openedAt ?? record.createdAt);
  const dueAt = new Date(record.dueAt);
  return {
    id: record.id,
    title: record.title,
    description: record.description,
    questions: record.questions,
    for: record.for,
    mode: record.mode,
    opensAt,
    dueAt,
    reminderAt: reminderMoment(opensAt, dueAt, record.reminderDaysBefore, zone),
    source: "chat",
    createdBy: record.createdBy,
  };
}

/** The units an assignment is for: some or all groups, or every participant alone. */
export function unitsFor(assignment: Pick<Assignment, "for">, groups: Unit[], directory: Directory): Unit[] {
  if (assignment.for === "individual")
    return directory.withRole("participant").map((p) => ({
      key: soloUnit(p.id),
      name: p.name,
      members: [p.id],
      mentor: directory.mentorOf(p.id)?.id,
      followsDirectory: true,
      solo: true,
    }));
  if (assignment.for === "all") return groups;
  const wanted = new Set(assignment.for);
  return groups.filter((g) => wanted.has(g.key));
}
