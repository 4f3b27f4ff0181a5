import { z } from "zod";
import type { Delivery, PersonState, ReceivedPrompt } from "../../storage/records.js";
import { deliveryId, unreachableReportId } from "./ids.js";

/**
 * What the reflections feature stores, and how one person's records are found without
 * scanning the store. The collections are still opened by the store for everyone (the
 * feature's code reaches them as `store.answers`, `store.deliveries`, …); their definitions
 * are in `src/storage/records.ts`, re-exported here as the feature's own:
 *
 * - `answers:<person>`: all of a person's answers, with their history;
 * - `delivery:<occurrence>:<person>`, `…:reminder`, `…:snoozed:<until>`: the prompts a person
 *   received (or missed), and `delivery:report:unreachable:<occurrence>:<coordinator>`;
 * - `occurrence:<id>` and `occurrences:all`: every send, and their index;
 * - the reflection fields of `person:<id>` (opted out, pause, snoozes, skipped).
 */
export {
  answerBooks,
  deliveries,
  occurrenceIndex,
  occurrences,
  personStates,
} from "../../storage/records.js";

/** The fields of a person's state that are this feature's; the core keeps the others (language, pending). */
export type ReflectionState = Pick<
  PersonState,
  "optedOut" | "pausedUntil" | "snoozes" | "snoozeLog" | "skipped"
>;

/** The reflection part of a person's state, or undefined when it says nothing (all defaults). */
export function reflectionStateOf(state: PersonState | undefined): ReflectionState | undefined {
  if (!state) return undefined;
  const { optedOut, pausedUntil, snoozes, snoozeLog, skipped } = state;
  const empty =
    !optedOut && !pausedUntil && snoozes.length === 0 && !snoozeLog?.length && skipped.length === 0;
  return empty ? undefined : { optedOut, pausedUntil, snoozes, snoozeLog, skipped };
}

/**
 * Every delivery id this feature can have written for one person: per occurrence (the index,
 * and the programme's own schedule, whose missed weeks are recorded without being indexed)
 * the prompt, its reminder and the coordinators' report, and a snoozed prompt for every
 * "Later" the person chose (`snoozeLog`). Bounded by the programme, not by the store.
 */
export function deliveryIdsOf(
  personId: string,
  occurrenceIds: Iterable<string>,
  state: PersonState | undefined,
): string[] {
  const ids = new Set<string>();
  for (const occurrenceId of occurrenceIds) {
    ids.add(deliveryId("reflection", occurrenceId, personId));
    ids.add(deliveryId("reflection-reminder", occurrenceId, personId));
    ids.add(unreachableReportId(occurrenceId, personId));
  }
  for (const snooze of [...(state?.snoozeLog ?? []), ...(state?.snoozes ?? [])])
    ids.add(deliveryId("reflection-snoozed", snooze.occurrenceId, personId, snooze.until));
  return [...ids];
}

/** What a prompt's delivery keeps (`details.prompt`): which prompt, and its text as the person received it. */
const promptDetailsSchema = z.object({ prompt: z.object({ promptId: z.string(), text: z.string() }) });

/** The details a prompt's delivery keeps, for `DeliveryRequest.details`. */
export function promptDetails(prompt: ReceivedPrompt): z.infer<typeof promptDetailsSchema> {
  return { prompt: { promptId: prompt.promptId, text: prompt.text } };
}

/** The prompt a delivery carried, as its person received it; undefined when it kept none (a missed week, a reminder). */
export function receivedFrom(d: Delivery | undefined): ReceivedPrompt | undefined {
  const parsed = promptDetailsSchema.safeParse(d?.details);
  if (!d || !parsed.success) return undefined;
  return { occurrenceId: d.occurrenceId, ...parsed.data.prompt, receivedAt: d.at };
}
