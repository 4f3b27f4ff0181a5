import { z } from "zod";
import { languageSchema } from "../config/programme-schema.js";

/** What is stored. Every record is validated with these schemas when it is read back. */

export const visibilitySchema = z.enum(["private", "mentor", "group"]);
export type Visibility = z.infer<typeof visibilitySchema>;

const isoTime = z.iso.datetime({ offset: true });

/** One send of one prompt (a scheduled week, or a coordinator's "send now"). */
export const occurrenceSchema = z.object({
  id: z.string(),
  kind: z.literal("reflection"),
  promptId: z.string(),
  createdAt: isoTime,
  createdBy: z.string().optional(),
});
export type Occurrence = z.infer<typeof occurrenceSchema>;

/** One message to one person for one occurrence: the record that makes sending exactly-once. */
export const deliverySchema = z.object({
  occurrenceId: z.string(),
  personId: z.string(),
  status: z.enum(["sent", "unreachable"]),
  at: isoTime,
  conversation: z.string().optional(),
  messageId: z.string().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** A prompt as a person received it, with their own details filled in. */
export const receivedPromptSchema = z.object({
  occurrenceId: z.string(),
  promptId: z.string(),
  text: z.string(),
  receivedAt: isoTime,
});
export type ReceivedPrompt = z.infer<typeof receivedPromptSchema>;

/** A person's own settings and state, kept apart from the programme file. */
export const personStateSchema = z.object({
  personId: z.string(),
  language: languageSchema.optional(),
  received: z.array(receivedPromptSchema).default([]),
});
export type PersonState = z.infer<typeof personStateSchema>;

export const answerVersionSchema = z.object({
  text: z.string(),
  visibility: visibilitySchema,
  at: isoTime,
});

export const answerSchema = z.object({
  id: z.string(),
  occurrenceId: z.string(),
  promptId: z.string(),
  promptText: z.string(),
  text: z.string(),
  visibility: visibilitySchema,
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Earlier versions, oldest first; an edit never throws the old text away. */
  history: z.array(answerVersionSchema).default([]),
});
export type Answer = z.infer<typeof answerSchema>;

/** All answers of one person, in one record: only that person writes it. */
export const answerBookSchema = z.object({
  personId: z.string(),
  answers: z.array(answerSchema),
});
export type AnswerBook = z.infer<typeof answerBookSchema>;

export const schemaVersionSchema = z.object({ version: z.number().int(), createdAt: isoTime });
