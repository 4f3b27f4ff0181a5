import type { DeliveryKind } from "../../storage/records.js";

/**
 * The ids this feature makes and reads back, each builder next to its parser: delivery ids
 * (stored keys, which never change) and the value a "Later" button carries.
 */

/** The delivery id of one kind of message about one occurrence to one person. */
export function deliveryId(
  kind: DeliveryKind,
  occurrenceId: string,
  personId: string,
  extra?: string,
): string {
  const suffix =
    kind === "reflection" ? "" : kind === "reflection-reminder" ? ":reminder" : `:snoozed:${extra}`;
  return `${occurrenceId}:${personId}${suffix}`;
}

/** The delivery id of the report to one coordinator of who could not be reached for an occurrence. */
export function unreachableReportId(occurrenceId: string, coordinatorId: string): string {
  return `report:unreachable:${occurrenceId}:${coordinatorId}`;
}

/** The value of a "Later" choice: the prompt's occurrence and the moment, `<occurrence>|<ISO time>`. */
export function snoozeValue(occurrenceId: string, until: string): string {
  return `${occurrenceId}|${until}`;
}

/** A "Later" choice's value read back; undefined when it is not one (a forged or mangled value). */
export function parseSnoozeValue(value: string): { occurrenceId: string; until: string } | undefined {
  const cut = value.lastIndexOf("|");
  if (cut <= 0) return undefined;
  return { occurrenceId: value.slice(0, cut), until: value.slice(cut + 1) };
}
