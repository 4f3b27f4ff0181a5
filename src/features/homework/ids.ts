/**
 * The ids this feature makes and reads back, each builder next to its parser. A group (or,
 * for individual preparation, one participant: `@anna-de-vries`) is a "unit"; an
 * assignment's opening, reminder and completion note are occurrences
 * (`homework:<assignment>:open`), and each message one delivery with the unit and person
 * (`homework:<assignment>:open:<unit>:<person>`, `…:open:<unit>:channel`).
 */

const SLUG = "[a-z0-9][a-z0-9-]*";
const UNIT = `@?${SLUG}`;

/** The unit of one participant alone (an individual assignment). */
export function soloUnit(personId: string): string {
  return `@${personId}`;
}

export function occurrenceId(assignmentId: string, what: "open" | "reminder" | "complete"): string {
  return `homework:${assignmentId}:${what}`;
}

export function openDeliveryId(assignmentId: string, unit: string, personId: string | "channel"): string {
  return `homework:${assignmentId}:open:${unit}:${personId}`;
}

export function reminderDeliveryId(assignmentId: string, personId: string): string {
  return `homework:${assignmentId}:reminder:${personId}`;
}

export function completeDeliveryId(assignmentId: string, unit: string, personId: string | "channel"): string {
  return `homework:${assignmentId}:complete:${unit}:${personId}`;
}

/** The answer record of one unit for one assignment. */
export function answerRecordId(assignmentId: string, unit: string): string {
  return `${assignmentId}:${unit}`;
}

/** A "Bekijk" button's value and the answer form's metadata: the assignment and the unit (`reisverslag|team-vonk`). */
export function unitValue(assignmentId: string, unit: string): string {
  return `${assignmentId}|${unit}`;
}

const UNIT_VALUE = new RegExp(`^(${SLUG})\\|(${UNIT})$`);

/** Untrusted (a button value, form metadata): only the shape is checked here, the access by the caller. */
export function parseUnitValue(
  value: string | undefined,
): { assignmentId: string; unit: string } | undefined {
  const m = UNIT_VALUE.exec(value ?? "");
  return m?.[1] && m[2] ? { assignmentId: m[1], unit: m[2] } : undefined;
}

const ASSIGNMENT = new RegExp(`^${SLUG}$`);

/** True for a value that can be an assignment id (a button value, untrusted). */
export function isAssignmentId(value: string | undefined): value is string {
  return value !== undefined && value.length <= 80 && ASSIGNMENT.test(value);
}
