import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import { scheduleProblem } from "./cron.js";
import { placeholderProblem, unknownPlaceholders } from "./placeholders.js";

/**
 * The programme file: one YAML (or JSON) document that a coordinator writes.
 * Everything the bot knows about a programme comes from here; it is parsed once,
 * at the edge, and trusted inside.
 */

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and hyphens, e.g. 'anna-de-vries'");

const isoDate = z.string().superRefine((s, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s))
    ctx.addIssue({ code: "custom", message: "use an ISO date like 2027-01-19" });
  else if (!DateTime.fromISO(s).isValid)
    ctx.addIssue({ code: "custom", message: "is not a real calendar date" });
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a 24-hour time like 09:30");

const timezone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), "is not an IANA timezone (e.g. Europe/Amsterdam)");

export const languageSchema = z.enum(["nl", "en"]);
export type Language = z.infer<typeof languageSchema>;

/** Platform identities: how a programme person is known on Slack, Teams, or by e-mail. */
const identitiesSchema = z
  .object({
    email: z.email("is not an e-mail address").optional(),
    slack: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/, "is not a Slack user id (they look like U012AB3CD)")
      .optional(),
    teams: z.string().min(1).optional(),
  })
  .strict();

const personBase = {
  id: slug,
  name: z.string().trim().min(1, "is empty"),
  organisation: z.string().trim().min(1).optional(),
  language: languageSchema.optional(),
  timezone: timezone.optional(),
  identities: identitiesSchema.default({}),
};

export const participantSchema = z
  .object({
    ...personBase,
    learningQuestion: z.string().trim().min(1, "is empty").optional(),
    /** Tags of what they want to learn or need (mentor pairing: matched with a mentor's expertise). */
    interests: z.array(z.string().trim().min(1)).optional(),
  })
  .strict();

export const mentorSchema = z
  .object({
    ...personBase,
    capacity: z.number().int().positive().default(2),
    expertise: z.array(z.string().trim().min(1)).default([]),
    /** The languages they can mentor in (mentor pairing); their own `language`, or the programme's, when absent. */
    languages: z.array(languageSchema).min(1).optional(),
    /** When they can mentor (mentor pairing): the first and last date, both optional. */
    availability: z.object({ from: isoDate.optional(), until: isoDate.optional() }).strict().optional(),
  })
  .strict();

export const coordinatorSchema = z.object({ ...personBase }).strict();

export const sessionSchema = z
  .object({
    date: isoDate,
    start: clockTime.default("09:30"),
    end: clockTime.default("16:30"),
    theme: z.string().trim().min(1, "is empty"),
    location: z.string().trim().min(1).optional(),
    preparation: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

export const practiceCaseSchema = z
  .object({
    name: z.string().trim().min(1, "is empty"),
    place: z.string().trim().min(1).optional(),
    description: z.string().trim().min(1).optional(),
    initiators: z.string().trim().min(1).optional(),
  })
  .strict();

export const teamSchema = z
  .object({
    id: slug,
    name: z.string().trim().min(1, "is empty"),
    mentor: slug.optional(),
    members: z.array(slug).min(1, "a team needs at least one member"),
    case: practiceCaseSchema.optional(),
    /** What the team needs from a mentor, as tags (mentor pairing: matched with a mentor's expertise). */
    needs: z.array(z.string().trim().min(1)).optional(),
    /** The language the team works in (mentor pairing); the programme's when absent. */
    language: languageSchema.optional(),
  })
  .strict();

const promptText = z
  .string()
  .trim()
  .min(10, "is too short for a reflection prompt")
  .superRefine((text, ctx) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) ctx.addIssue({ code: "custom", message: placeholderProblem(unknown) });
  });

/** A prompt the programme adds, or a replacement for a shipped prompt with the same id. */
export const programmePromptSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and hyphens"),
    phase: z.enum(["after-session", "midway", "before-session", "closing", "follow-up"]),
    text: z.union([
      promptText,
      z
        .object({ nl: promptText.optional(), en: promptText.optional() })
        .strict()
        .refine((t) => t.nl || t.en, "give the text in nl, en or both"),
    ]),
  })
  .strict();

export const reflectionSettingsSchema = z
  .object({
    /** Cron, at most once a day (see `scheduleProblem`): a schedule that fires every minute would send every minute. */
    schedule: z
      .string()
      .superRefine((expression, ctx) => {
        const problem = scheduleProblem(expression);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .default("0 9 * * 2"),
    reminderAfterHours: z
      .number()
      .positive()
      .max(24 * 14)
      .default(48),
    /** After downtime, how late a prompt may still go out. */
    graceHours: z
      .number()
      .positive()
      .max(24 * 7)
      .default(12),
    skipDates: z.array(isoDate).default([]),
    /** Extra prompts, or replacements (same id) for shipped ones; text in the programme's language or per language. */
    prompts: z.array(programmePromptSchema).default([]),
  })
  .strict();

/** The programme file's own fields (without the sections features add). */
const programmeShape = z
  .object({
    id: slug,
    name: z.string().trim().min(1, "is empty"),
    kind: z.enum(["leergang", "community-of-practice", "masterclass", "other"]).default("other"),
    language: languageSchema.default("nl"),
    timezone: timezone.default("Europe/Amsterdam"),
    description: z.string().trim().optional(),
    reflection: reflectionSettingsSchema.default({
      schedule: "0 9 * * 2",
      reminderAfterHours: 48,
      graceHours: 12,
      skipDates: [],
      prompts: [],
    }),
    sessions: z.array(sessionSchema).min(1, "a programme needs at least one session day"),
    teams: z.array(teamSchema).default([]),
    participants: z.array(participantSchema).default([]),
    mentors: z.array(mentorSchema).default([]),
    coordinators: z.array(coordinatorSchema).min(1, "name at least one coordinator"),
  })
  .strict();

type ProgrammeFields = z.infer<typeof programmeShape>;

/** The checks across fields: session days in order, ids used once, teams of known people. */
function crossCheck(p: ProgrammeFields, ctx: z.RefinementCtx): void {
  // Session days in order, one per date.
  p.sessions.forEach((s, i) => {
    const prev = p.sessions[i - 1];
    if (prev && s.date <= prev.date) {
      ctx.addIssue({
        code: "custom",
        path: ["sessions", i, "date"],
        message: `must come after the previous session day (${prev.date})`,
      });
    }
    if (s.end <= s.start) {
      ctx.addIssue({ code: "custom", path: ["sessions", i, "end"], message: "must be after start" });
    }
  });

  // One id per person, across all roles except a person who is listed twice on purpose is still an error.
  const seen = new Map<string, string>();
  const roles = [
    ["participants", p.participants],
    ["mentors", p.mentors],
    ["coordinators", p.coordinators],
  ] as const;
  for (const [role, people] of roles) {
    people.forEach((person, i) => {
      const where = seen.get(person.id);
      if (where) {
        ctx.addIssue({
          code: "custom",
          path: [role, i, "id"],
          message: `'${person.id}' is already used at ${where}`,
        });
      } else seen.set(person.id, `${role}.${i}`);
    });
  }

  const participantIds = new Set(p.participants.map((x) => x.id));
  const mentorIds = new Set(p.mentors.map((x) => x.id));
  const teamOf = new Map<string, string>();
  const teamIds = new Set<string>();
  p.teams.forEach((team, t) => {
    if (teamIds.has(team.id)) {
      ctx.addIssue({ code: "custom", path: ["teams", t, "id"], message: `'${team.id}' is used twice` });
    }
    teamIds.add(team.id);
    if (team.mentor && !mentorIds.has(team.mentor)) {
      ctx.addIssue({
        code: "custom",
        path: ["teams", t, "mentor"],
        message: `'${team.mentor}' is not one of the mentors`,
      });
    }
    team.members.forEach((m, i) => {
      if (!participantIds.has(m)) {
        ctx.addIssue({
          code: "custom",
          path: ["teams", t, "members", i],
          message: `'${m}' is not one of the participants`,
        });
      } else if (teamOf.has(m)) {
        ctx.addIssue({
          code: "custom",
          path: ["teams", t, "members", i],
          message: `'${m}' is already a member of team '${teamOf.get(m)}'`,
        });
      } else teamOf.set(m, team.id);
    });
  });

  // Platform ids must point at one person only.
  const byIdentity = new Map<string, string>();
  for (const [role, people] of roles) {
    people.forEach((person, i) => {
      for (const [platform, value] of Object.entries(person.identities)) {
        if (!value) continue;
        const key = `${platform}:${platform === "email" ? value.toLowerCase() : value}`;
        const owner = byIdentity.get(key);
        if (owner && owner !== person.id) {
          ctx.addIssue({
            code: "custom",
            path: [role, i, "identities", platform],
            message: `'${value}' is already the ${platform} identity of '${owner}'`,
          });
        } else byIdentity.set(key, person.id);
      }
    });
  }
}

/**
 * A section of the programme file that a feature owns (`reminders:` for session-day
 * reminders): its key, its zod schema, and checks against the rest of the programme. It is
 * validated with the whole file when the file is read (`loadProgramme(file, sections)`), so a
 * mistake in it is reported like any other, with its path; the feature reads it back with
 * `section.of(programme)`. Define one with `defineSection`.
 */
export interface ProgrammeSection<T = unknown> {
  readonly key: string;
  readonly schema: z.ZodType<T>;
  /** Problems that need the rest of the programme (a team that does not exist), by path inside the section. */
  check?(value: T, programme: ProgrammeFields): { path: (string | number)[]; message: string }[];
  /** The section as the programme file gave it, or its defaults when the file has none. */
  of(programme: Programme): T;
}

/**
 * A feature's section of the programme file. The schema must accept an absent section (give
 * it a `.default(…)`), so that a programme without it keeps working.
 *
 * @example
 * export const reminderSettings = defineSection(
 *   "reminders",
 *   z.object({ daysBefore: z.number().int().min(0).max(14).default(1) }).strict().default({ daysBefore: 1 }),
 * );
 * const { daysBefore } = reminderSettings.of(bot.programme);
 */
export function defineSection<S extends z.ZodType>(
  key: string,
  schema: S,
  check?: (
    value: z.output<S>,
    programme: ProgrammeFields,
  ) => { path: (string | number)[]; message: string }[],
): ProgrammeSection<z.output<S>> {
  if (key in programmeShape.shape || key === "sections")
    throw new Error(`'${key}' is a field of the programme file itself; give the section another name.`);
  const fallback = schema.safeParse(undefined);
  if (!fallback.success)
    throw new Error(
      `The programme section '${key}' needs a default: a programme without it must still work.`,
    );
  return {
    key,
    schema: schema as z.ZodType<z.output<S>>,
    check,
    of: (programme) =>
      key in programme.sections ? (programme.sections[key] as z.output<S>) : (fallback.data as z.output<S>),
  };
}

/**
 * The programme file's schema with the sections of the given features: unknown top-level
 * keys are refused, and each section's value ends up under `sections[key]`.
 */
export function programmeSchemaWith(sections: readonly ProgrammeSection[] = []) {
  const keys = new Set<string>();
  for (const s of sections) {
    if (keys.has(s.key)) throw new Error(`Two features define the programme section '${s.key}'.`);
    keys.add(s.key);
  }
  const extra: Record<string, z.ZodType> = Object.fromEntries(sections.map((s) => [s.key, s.schema]));
  return programmeShape
    .extend(extra)
    .strict()
    .superRefine((value, ctx) => {
      const p = value as ProgrammeFields & Record<string, unknown>;
      crossCheck(p, ctx);
      for (const s of sections) {
        if (!s.check) continue;
        // Its checks against the programme need a well-formed section: zod runs this step
        // after a field's mistake too, and a wrong field is already reported.
        const own = s.schema.safeParse(p[s.key]);
        if (!own.success) continue;
        for (const problem of s.check(own.data, p))
          ctx.addIssue({ code: "custom", path: [s.key, ...problem.path], message: problem.message });
      }
    })
    .transform((value): Programme => {
      const fields: Record<string, unknown> = { ...value };
      const values: Record<string, unknown> = {};
      for (const s of sections) {
        values[s.key] = fields[s.key];
        delete fields[s.key];
      }
      return { ...(fields as ProgrammeFields), sections: values };
    });
}

/** The programme file without any feature's section. */
export const programmeSchema = programmeSchemaWith();

export type ProgrammeInput = z.input<typeof programmeShape>;
/**
 * A validated programme: the file's own fields, and `sections` with what the features'
 * sections of the file say (read them with `section.of(programme)`).
 */
export type Programme = ProgrammeFields & { readonly sections: Readonly<Record<string, unknown>> };
export type Session = z.infer<typeof sessionSchema>;
export type Team = z.infer<typeof teamSchema>;
export type ParticipantConfig = z.infer<typeof participantSchema>;
export type MentorConfig = z.infer<typeof mentorSchema>;
export type CoordinatorConfig = z.infer<typeof coordinatorSchema>;
