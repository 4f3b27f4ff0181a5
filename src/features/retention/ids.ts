/**
 * The ids this feature makes. The warning is one occurrence per programme, named by the day
 * of the deletion (`retention:2027-05-12:warning`); its delivery to one person adds their id.
 */
export function warningOccurrenceId(deleteDate: string): string {
  return `retention:${deleteDate}:warning`;
}

/** The warning's delivery to one person. */
export function warningDeliveryId(occurrenceId: string, personId: string): string {
  return `${occurrenceId}:${personId}`;
}

/** The delivery kind of the warning (its label in `kampvuur simulate`). */
export const WARNING_KIND = "retention.warning";

/** The scheduler job's id. */
export const RETENTION_JOB_ID = "retention";
