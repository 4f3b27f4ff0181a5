import { z } from "zod";
import { defineCollection } from "../../storage/collection.js";
import { questionSchema } from "./settings.js";

const isoTime = z.iso.datetime({ offset: true });

/** One answer to one question: its text, who wrote it and when. */
export const entrySchema = z.object({ text: z.string().max(5000), by: z.string(), at: isoTime });
export type Entry = z.infer<typeof entrySchema>;

/**
 * One answer to an assignment: a member's own (per-member mode) or the group's (shared mode,
 * sheet key `group`). Each question's current answer keeps its author and time; every earlier
 * version goes to `history`, so an edit by another member never loses who wrote what.
 */
export const sheetSchema = z.object({
  answers: z.record(z.string(), entrySchema).default({}),
  history: z.array(entrySchema.extend({ question: z.string() })).default([]),
  /** `draft`: saved with "Opslaan", still to hand in; `submitted`: handed in ("Inleveren"). */
  status: z.enum(["draft", "submitted"]).default("draft"),
  submittedAt: isoTime.optional(),
  submittedBy: z.string().optional(),
  /** Handed in after the due moment: accepted, and marked. */
  late: z.boolean().default(false),
});
export type Sheet = z.infer<typeof sheetSchema>;

/**
 * `homework-answer:<assignment>:<unit>`: everything one group (or, for individual preparation,
 * one participant) wrote for one assignment. Homework's own records: reflections never read
 * them, nor this feature theirs.
 */
export const answerRecordSchema = z.object({
  assignmentId: z.string(),
  unit: z.string(),
  /** By member id (per-member mode) or `group` (shared mode). */
  sheets: z.record(z.string(), sheetSchema).default({}),
  /** When the group became complete (everyone handed in): the note to the group goes out once. */
  completedAt: isoTime.optional(),
});
export type AnswerRecord = z.infer<typeof answerRecordSchema>;
export const answerRecords = defineCollection("homework-answer", answerRecordSchema);

/** An assignment a coordinator made in chat: a draft until it is opened, then merged with the file's. */
export const createdAssignmentSchema = z.object({
  id: z.string(),
  title: z.string().min(1).max(80),
  description: z.string().max(3000).optional(),
  questions: z.array(questionSchema).min(1).max(10),
  for: z.union([z.enum(["all", "individual"]), z.array(z.string()).min(1)]),
  mode: z.enum(["shared", "per-member"]),
  dueAt: isoTime,
  reminderDaysBefore: z.number().int().min(0).max(30).default(3),
  status: z.enum(["draft", "open", "cancelled"]),
  createdBy: z.string(),
  createdAt: isoTime,
  openedAt: isoTime.optional(),
});
export type CreatedAssignment = z.infer<typeof createdAssignmentSchema>;
export const createdAssignments = defineCollection("homework-assignment", createdAssignmentSchema);

/** `homework-index:open`: the ids of the assignments made in chat that are open (no scan to find them). */
export const homeworkIndex = defineCollection(
  "homework-index",
  z.object({ ids: z.array(z.string()).default([]) }),
);
