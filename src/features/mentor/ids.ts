import { z } from "zod";

/**
 * The ids this feature makes and reads back, each builder next to its parser. A digest is
 * one occurrence per week (`mentor-digest:2026-11-27`, the local date of its day), its
 * delivery to one mentor adds their id; a nudge is one delivery per reflection prompt and
 * participant, whoever of their mentors pressed the button; a reply is numbered in its thread.
 */

const PERSON = "[a-z0-9][a-z0-9-]*";
/** A reflection occurrence id as the reflections feature makes them (`2026-11-24T09:00`, `manual:…:p1`). */
const OCCURRENCE = "[A-Za-z0-9:._+-]{1,120}";

export const DIGEST_KIND = "mentor.digest";
export const QUIET_DIGEST_KIND = "mentor.digest.quiet";
export const NUDGE_KIND = "mentor.nudge";
export const REPLY_KIND = "mentor.reply";
export const REPLY_BACK_KIND = "mentor.reply-back";

export function digestOccurrenceId(date: string): string {
  return `mentor-digest:${date}`;
}

export function digestDeliveryId(date: string, mentorId: string): string {
  return `mentor:digest:${date}:${mentorId}`;
}

/** One nudge per prompt and participant: the same id whoever presses the button, so it goes once. */
export function nudgeDeliveryId(occurrenceId: string, personId: string): string {
  return `mentor:nudge:${occurrenceId}:${personId}`;
}

/** The n-th message (0-based) in the thread about one answer: the mentor's replies and the participant's answers back. */
export function threadDeliveryId(personId: string, occurrenceId: string, n: number): string {
  return `mentor:thread:${personId}:${occurrenceId}:${n}`;
}

/** A button's value naming one participant's answer (or prompt): `<person>|<occurrence>`. */
export function answerValue(personId: string, occurrenceId: string): string {
  return `${personId}|${occurrenceId}`;
}

const ANSWER_VALUE = new RegExp(`^(${PERSON})\\|(${OCCURRENCE})$`);

/** A button value or form metadata naming one participant's answer: checked with zod, split in two. */
const answerValueSchema = z
  .string()
  .max(200)
  .regex(ANSWER_VALUE)
  .transform((value) => {
    const m = ANSWER_VALUE.exec(value) as RegExpExecArray;
    return { personId: m[1] as string, occurrenceId: m[2] as string };
  });

/** Untrusted (a button value, form metadata): only the shape is checked here, the access by the caller. */
export function parseAnswerValue(
  value: string | undefined,
): { personId: string; occurrenceId: string } | undefined {
  const parsed = answerValueSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const pageSchema = z.coerce.number().int().min(1).max(1000);

/** The page of `gedeeld` a "Meer" button asks for (1-based); untrusted. */
export function parsePage(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const parsed = pageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
