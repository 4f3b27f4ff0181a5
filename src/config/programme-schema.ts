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
  })
  .strict();

export const mentorSchema = z
  .object({
    ...personBase,
    capacity: z.number().int().positive().default(2),
    expertise: z.array(z.string().trim().min(1)).default([]),
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
    phase: z.enum(["after-session", "midway", "before-session"]),
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

export const programmeSchema = z
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
  .strict()
  .superRefine((p, ctx) => {
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
  });

export type ProgrammeInput = z.input<typeof programmeSchema>;
export type Programme = z.infer<typeof programmeSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type Team = z.infer<typeof teamSchema>;
export type ParticipantConfig = z.infer<typeof participantSchema>;
export type MentorConfig = z.infer<typeof mentorSchema>;
export type CoordinatorConfig = z.infer<typeof coordinatorSchema>;
