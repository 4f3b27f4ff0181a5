import { DateTime } from "luxon";
import { z } from "zod";
import { defineSection } from "../../config/programme-schema.js";

/**
 * `groups:` and `assignments:` in the programme file: the homework groups, and the
 * assignments they do between the session days. Both may be left out: without `groups:` the
 * teams are the homework groups, and without `assignments:` there is no homework (until a
 * coordinator creates one in chat).
 *
 * @example
 * groups:
 *   - id: groepje-noord
 *     name: Groepje Noord
 *     mentor: henk-westerveld          # optional: who sees the group's answers besides coordinators
 *     members: [anna-de-vries, bram-jansen]
 *     channel: "slack:-:C0123ABC"       # optional: the assignment goes here instead of by DM
 * assignments:
 *   - id: reisverslag
 *     title: Het reisverslag
 *     for: all                         # all | individual | [groepje-noord, …]
 *     mode: shared                     # shared (one answer per group) | per-member
 *     opens: after session 3           # a date (2027-01-15) or "after session N"
 *     due: before session 4            # a date or "before session N"
 *     questions:
 *       - text: Wat hebben jullie gedaan?
 *       - { text: Hoe ging het?, kind: text, choices: [goed, wisselend, moeizaam] }
 */

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and hyphens, e.g. 'groepje-noord'");

const MOMENT_HELP = "use a date like 2027-01-19, or 'after session 2' / 'before session 3'";

/** When an assignment opens or is due: a date, or a session day by its number (1-based). */
const moment = (word: "after" | "before") =>
  z
    .string()
    .trim()
    .superRefine((s, ctx) => {
      const parsed = parseMoment(s);
      if (!parsed) ctx.addIssue({ code: "custom", message: MOMENT_HELP });
      else if (parsed.kind === "date" && !DateTime.fromISO(parsed.date).isValid)
        ctx.addIssue({ code: "custom", message: "is not a real calendar date" });
      else if (parsed.kind === "session" && parsed.word !== word)
        ctx.addIssue({ code: "custom", message: `use '${word} session N' here (or a date)` });
    });

/** `2027-01-19`, `after session 2`, `before session 3` (Dutch: `na bijeenkomst 2`, `voor bijeenkomst 3`). */
export function parseMoment(
  value: string,
):
  | { kind: "date"; date: string }
  | { kind: "session"; word: "after" | "before"; session: number }
  | undefined {
  const s = value.trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { kind: "date", date: s };
  const m = /^(after|before|na|voor|vóór)\s+(?:session|bijeenkomst)\s+(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const word = m[1] === "after" || m[1] === "na" ? "after" : "before";
  return { kind: "session", word, session: Number(m[2]) };
}

const channelAddress = z
  .string()
  .trim()
  .regex(
    /^(slack:(-|T[A-Z0-9]{2,}):[CG][A-Z0-9]{2,}|teams:19:\S+)$/,
    "is not a channel address (slack:-:C0123ABC, or teams:19:…@thread.tacv2)",
  );

export const groupSchema = z
  .object({
    id: slug,
    name: z.string().trim().min(1, "is empty"),
    /** Who guides the group: sees its answers (besides the coordinators). */
    mentor: slug.optional(),
    members: z.array(slug).min(1, "a group needs at least one member"),
    /** The group's own channel: an assignment is posted there instead of sent to each member. */
    channel: channelAddress.optional(),
  })
  .strict();

export const questionSchema = z
  .object({
    text: z.string().trim().min(3, "is too short for a question").max(500, "is longer than 500 characters"),
    /** `long` (several lines, the default) or `text` (one line). */
    kind: z.enum(["long", "text"]).default("long"),
    /** A fixed list of answers to choose from, instead of writing. */
    choices: z
      .array(z.string().trim().min(1).max(75))
      .min(2, "give at least two choices")
      .max(10, "give at most ten choices")
      .optional(),
    /** Must be filled in before the answer can be handed in (`Inleveren`). */
    required: z.boolean().default(true),
  })
  .strict();

export const assignmentSchema = z
  .object({
    id: slug,
    title: z.string().trim().min(1, "is empty").max(80, "is longer than 80 characters"),
    description: z.string().trim().min(1).max(3000).optional(),
    questions: z.array(questionSchema).min(1, "an assignment needs at least one question").max(10),
    /** `all` groups, some groups by id, or `individual`: every participant alone (preparation). */
    for: z
      .union([z.enum(["all", "individual"]), z.array(slug).min(1, "name at least one group")])
      .default("all"),
    /** `shared`: one answer per group, written by any member; `per-member`: each member answers. */
    mode: z.enum(["shared", "per-member"]).default("per-member"),
    opens: moment("after"),
    due: moment("before"),
    /** Days before the due date that the reminder goes out (0: none). */
    reminderDaysBefore: z.number().int().min(0).max(30).default(3),
  })
  .strict();

export type GroupConfig = z.infer<typeof groupSchema>;
export type AssignmentConfig = z.infer<typeof assignmentSchema>;
export type QuestionConfig = z.infer<typeof questionSchema>;

type Problem = { path: (string | number)[]; message: string };
type ProgrammeLike = {
  sessions: { date: string; start: string; end: string }[];
  participants: { id: string }[];
  mentors: { id: string }[];
  teams: { id: string; members: string[] }[];
  timezone: string;
};

/** `groups:`: the homework groups; empty or absent, the teams are the groups. */
export const groupsSection = defineSection(
  "groups",
  z.array(groupSchema).default([]),
  (groups, programme): Problem[] => {
    const problems: Problem[] = [];
    const participants = new Set(programme.participants.map((p) => p.id));
    const mentors = new Set(programme.mentors.map((p) => p.id));
    const ids = new Set<string>();
    const groupOf = new Map<string, string>();
    groups.forEach((group, g) => {
      if (ids.has(group.id)) problems.push({ path: [g, "id"], message: `'${group.id}' is used twice` });
      ids.add(group.id);
      if (group.mentor && !mentors.has(group.mentor))
        problems.push({ path: [g, "mentor"], message: `'${group.mentor}' is not one of the mentors` });
      group.members.forEach((m, i) => {
        if (!participants.has(m))
          problems.push({ path: [g, "members", i], message: `'${m}' is not one of the participants` });
        else if (groupOf.has(m))
          problems.push({
            path: [g, "members", i],
            message: `'${m}' is already in homework group '${groupOf.get(m)}'`,
          });
        else groupOf.set(m, group.id);
      });
    });
    return problems;
  },
);

/**
 * `assignments:`: what the groups do between the session days. Checked against the
 * programme: known groups, session numbers that exist, and a due moment after the opening.
 */
export const assignmentsSection = defineSection(
  "assignments",
  z.array(assignmentSchema).default([]),
  (assignments, programme): Problem[] => {
    const problems: Problem[] = [];
    const p = programme as unknown as ProgrammeLike & { groups?: GroupConfig[] };
    // The groups as the file gives them (a wrong groups: section is reported on its own).
    const fileGroups = groupsSection.schema.safeParse(p.groups);
    const groups = fileGroups.success && fileGroups.data.length > 0 ? fileGroups.data : p.teams;
    const groupIds = new Set(groups.map((g) => g.id));
    const ids = new Set<string>();
    assignments.forEach((a, i) => {
      if (ids.has(a.id)) problems.push({ path: [i, "id"], message: `'${a.id}' is used twice` });
      ids.add(a.id);
      if (Array.isArray(a.for))
        a.for.forEach((g, j) => {
          if (!groupIds.has(g))
            problems.push({
              path: [i, "for", j],
              message: `'${g}' is not one of the homework groups (${[...groupIds].join(", ") || "none"})`,
            });
        });
      else if (a.for === "all" && groups.length === 0)
        problems.push({
          path: [i, "for"],
          message: "the programme has no groups or teams: use 'individual', or add groups",
        });
      const opens = momentOf(a.opens, "opens", p);
      const due = momentOf(a.due, "due", p);
      if (typeof opens === "string") problems.push({ path: [i, "opens"], message: opens });
      if (typeof due === "string") problems.push({ path: [i, "due"], message: due });
      if (opens instanceof Date && due instanceof Date && due <= opens)
        problems.push({
          path: [i, "due"],
          message: `is before the assignment opens (${a.opens}): the due moment must come after it`,
        });
    });
    return problems;
  },
);

/**
 * The moment an assignment opens or is due, in the programme's timezone: a date opens at
 * 09:00 and is due at the end of that day (23:59); "after session N" is the end of that
 * session day, "before session N" its start. A string when the programme has no such day.
 */
export function momentOf(
  value: string,
  which: "opens" | "due",
  programme: Pick<ProgrammeLike, "sessions" | "timezone">,
): Date | string {
  const parsed = parseMoment(value);
  if (!parsed) return MOMENT_HELP;
  const zone = programme.timezone;
  if (parsed.kind === "date")
    return DateTime.fromISO(`${parsed.date}T${which === "opens" ? "09:00" : "23:59"}`, { zone }).toJSDate();
  const session = programme.sessions[parsed.session - 1];
  if (!session || parsed.session < 1)
    return `the programme has ${programme.sessions.length} session ${programme.sessions.length === 1 ? "day" : "days"}, so there is no session ${parsed.session}`;
  const time = parsed.word === "after" ? session.end : session.start;
  return DateTime.fromISO(`${session.date}T${time}`, { zone }).toJSDate();
}
