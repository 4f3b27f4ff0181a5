import { z } from "zod";
import { languageSchema } from "../config/programme-schema.js";
import { defineCollection } from "./collection.js";

/**
 * What the core and the features store today, and the collections they are stored in. Every
 * record is validated with these schemas when it is read back. Records that only one part of
 * the code knows are defined next to that code instead (`src/adapters/slack/records.ts`,
 * `src/adapters/teams/records.ts`, `src/features/questions/records.ts`).
 */

export const visibilitySchema = z.enum(["private", "mentor", "group"]);
export type Visibility = z.infer<typeof visibilitySchema>;

const isoTime = z.iso.datetime({ offset: true });

/** One send of one prompt (a scheduled week, or a coordinator's "send now"). */
export const occurrenceSchema = z.object({
  id: z.string(),
  /** The feature's kind of occurrence (`reflection`). */
  kind: z.string().min(1).max(100),
  promptId: z.string(),
  createdAt: isoTime,
  createdBy: z.string().optional(),
});
export type Occurrence = z.infer<typeof occurrenceSchema>;

/**
 * What a delivery is, named by the feature that sends it (`reflection`, `reflection-reminder`,
 * `unreachable-report`, …): the core stores and counts them without knowing them.
 */
/** Where a delivery stands (see `deliveryFields`). */
export const deliveryStatusSchema = z.enum(["sent", "unreachable", "failed", "missed", "interrupted"]);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const deliveryKindSchema = z.string().min(1).max(100);
export type DeliveryKind = z.infer<typeof deliveryKindSchema>;

/**
 * One message to one person: the record that makes sending exactly-once (with the claim
 * in the store that guards the send itself).
 * - `sent`, `unreachable`: final;
 * - `failed`: the platform refused or the call threw; tried again on a later tick, up to a limit;
 * - `missed`: the grace window passed while the bot was down; not sent;
 * - `interrupted`: nobody can tell whether it arrived (the process died during the send, or the
 *   platform failed after the request left, and it cannot be asked): not sent again, so nobody
 *   gets it twice, but it counts as received (answerable, reminded, reported as uncertain).
 */
const deliveryFields = z.object({
  id: z.string(),
  kind: deliveryKindSchema.default("reflection"),
  occurrenceId: z.string(),
  personId: z.string(),
  status: deliveryStatusSchema,
  at: isoTime,
  attempts: z.number().int().min(0).default(1),
  error: z.string().optional(),
  conversation: z.string().optional(),
  messageId: z.string().optional(),
  /**
   * What the sending feature keeps with the message (a reflection prompt: which one, as the
   * person received it). The core stores it as it is; the feature validates it when it reads it.
   */
  details: z.record(z.string(), z.json()).optional(),
});

/**
 * A delivery record. Records written before `details` existed kept a prompt's details in a
 * field of their own (`prompt`); they are read as `details: { prompt }`, so a store keeps
 * working as it is.
 */
export const deliverySchema = z.preprocess((raw) => {
  if (raw === null || typeof raw !== "object" || !("prompt" in raw)) return raw;
  const { prompt, ...rest } = raw as Record<string, unknown>;
  return { ...rest, details: { prompt, ...(rest.details as object | undefined) } };
}, deliveryFields);
export type Delivery = z.infer<typeof deliverySchema>;

/** How many times a failed delivery is tried before it is given up. */
export const MAX_DELIVERY_ATTEMPTS = 5;

/** True when nothing more will be sent for this delivery. */
export function isFinal(d: Delivery | undefined): boolean {
  if (!d) return false;
  return d.status !== "failed" || d.attempts >= MAX_DELIVERY_ATTEMPTS;
}

/** True when the person (probably) has the message: sent, or interrupted with the prompt kept. */
export function isReceived(d: Delivery | undefined): boolean {
  return receivedStatus(d?.status);
}

/** The statuses of a delivery the person (probably) has (see `isReceived`). */
export const RECEIVED_STATUSES: readonly DeliveryStatus[] = ["sent", "interrupted"];

/** `isReceived` by the status alone (as `Collection.fieldOfMany` reads it). */
export function receivedStatus(status: DeliveryStatus | undefined): boolean {
  return status === "sent" || status === "interrupted";
}

/** A prompt as a person received it, with their own details filled in (read from its delivery). */
export interface ReceivedPrompt {
  occurrenceId: string;
  promptId: string;
  text: string;
  receivedAt: string;
}

/** Every occurrence of the programme so far, newest last: how "your latest prompt" is found. */
export const occurrenceIndexSchema = z.object({
  occurrences: z.array(z.object({ id: z.string(), at: isoTime })),
});

const snoozeSchema = z.object({ occurrenceId: z.string(), until: isoTime });

/** A person's own settings and state, kept apart from the programme file. */
export const personStateSchema = z.object({
  personId: z.string(),
  language: languageSchema.optional(),
  /** No reflection prompts at all until the person opts in again. */
  optedOut: z.boolean().default(false),
  /** No prompts before this moment. */
  pausedUntil: isoTime.optional(),
  /** "Later": send this prompt again at `until`. */
  snoozes: z.array(snoozeSchema).default([]),
  /**
   * Every "Later" the person ever chose, also those replaced or skipped since: a snoozed
   * prompt's delivery id holds its moment (`<occurrence>:<person>:snoozed:<until>`), so this
   * is how those deliveries are found again for the person's export or erasure without
   * scanning the store. Written by `Reflections.snooze` with each snooze.
   */
  snoozeLog: z.array(snoozeSchema).optional(),
  /** Prompts the person chose to skip: no reminder for these. */
  skipped: z.array(z.string()).default([]),
  /** A DM that could be an answer or a question, waiting for the person to say which. */
  pending: z.object({ text: z.string(), at: isoTime }).optional(),
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

/** A vector for one passage, cached by the hash of model and text: a restart does not pay again. */
export const embeddingSchema = z.object({
  model: z.string(),
  /** Float32 values, base64-encoded (a quarter of the size of a JSON number list). */
  vector: z.string(),
});

export const answerModeSchema = z.enum(["llm", "extractive", "none"]);

/**
 * A question someone asked the bot, and what it answered. Coordinators see these without
 * the asker's name (`kampvuur questions`); `askerId` is kept only so that the feedback
 * buttons work for the asker alone.
 */
export const questionSchema = z.object({
  id: z.string(),
  askerId: z.string(),
  role: z.enum(["participant", "mentor", "coordinator"]),
  language: languageSchema,
  text: z.string(),
  at: isoTime,
  mode: answerModeSchema,
  sources: z.array(z.string()).default([]),
  /** What the bot answered, so a coordinator can see what a "not helpful" was about. */
  answer: z.string().optional(),
  /** Why the model was not used, when it was configured but failed. */
  fallback: z.string().optional(),
  feedback: z.enum(["helpful", "not-helpful"]).optional(),
  feedbackAt: isoTime.optional(),
});
export type QuestionRecord = z.infer<typeof questionSchema>;

/*
 * The collections the store opens for everyone (`store.answers`, `store.people`, …). The
 * reflection and question records are defined here until those features' code stops reaching
 * them through the store's properties; their prefixes are the stored keys and never change.
 */
/** `answers:<person>`: all answers of one person, with their history. */
export const answerBooks = defineCollection("answers", answerBookSchema);
/** `delivery:<occurrence>:<person>[:reminder|:snoozed:<until>]`, `delivery:report:…`. */
export const deliveries = defineCollection("delivery", deliverySchema);
/** `occurrence:<id>`. */
export const occurrences = defineCollection("occurrence", occurrenceSchema);
/** `occurrences:all`: every occurrence so far, newest last. */
export const occurrenceIndex = defineCollection("occurrences", occurrenceIndexSchema);
/** `person:<id>`: a person's settings and state. */
export const personStates = defineCollection("person", personStateSchema);
/** `question:<id>`: a question asked in chat, with its answer and rating. */
export const questionLog = defineCollection("question", questionSchema);
/** `embedding:<hash>`: a cached passage vector. */
export const embeddings = defineCollection("embedding", embeddingSchema);
/** `meta:schema`: the version of the records in this store. */
export const storeMeta = defineCollection("meta", schemaVersionSchema);
