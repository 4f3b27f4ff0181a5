import { DateTime } from "luxon";
import { z } from "zod";
import type { Language } from "../../config/programme-schema.js";
import type { AuditLog } from "../../core/audit.js";
import type { Bot } from "../../core/bot.js";
import type { Deliverer, DeliveryHint, DeliveryOutcome } from "../../core/deliveries.js";
import { markErased } from "../../core/erasure.js";
import type { Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import type { PersonalDataRegistry } from "../../core/personal-data.js";
import { type Collection, defineCollection } from "../../storage/collection.js";
import { WARNING_KIND, warningDeliveryId, warningOccurrenceId } from "./ids.js";
import type { RetentionSettings } from "./settings.js";
import { strings } from "./strings.js";

/** The local time of day of the warning (as the other reminders) and of the deletion. */
export const RETENTION_TIME = "09:00";

/**
 * `retention:run`: that the deletion after the programme has run, when, and how much it
 * removed. Counts only: nothing about a person. While it exists the job does nothing more.
 */
export const retentionRuns = defineCollection(
  "retention",
  z.object({
    at: z.iso.datetime({ offset: true }),
    deleteDate: z.string(),
    people: z.number().int().min(0),
    removed: z.number().int().min(0),
  }),
);
export type RetentionRun = z.infer<typeof retentionRuns.schema>;
const RUN = "run";

/**
 * Deletion after the programme: on `afterLastSessionDays` after the last session day (at
 * 09:00 in the programme's timezone) everything kampvuur keeps about every person in the
 * programme file is erased through the personal-data registry, the same erasure as
 * "verwijder mij", and they are marked erased: the programme is over, so the bot neither
 * writes to them nor keeps what they send. `warnDaysBefore` days earlier, at 09:00 in each
 * participant's and mentor's own timezone, they get one message offering their export.
 */
export class Retention {
  /** The day of the deletion and of the warning (ISO dates in the programme's timezone). */
  readonly deleteDate: string;
  readonly warnDate: string;
  /** The moment of the deletion: 09:00 on its day, in the programme's timezone. */
  readonly deleteAt: Date;
  readonly occurrenceId: string;
  /** How late a warning may still go out after downtime: while the deletion is more than a day off. */
  readonly graceMs: number;
  /** The deletion's record once it has run (read at start, written by the job). */
  run: RetentionRun | undefined;
  private readonly runs: Collection<typeof retentionRuns.schema>;
  private readonly warnAts = new Map<string, Date>();

  constructor(
    readonly bot: Bot,
    private readonly deliverer: Deliverer,
    private readonly audit: AuditLog,
    private readonly registry: () => PersonalDataRegistry,
    readonly settings: RetentionSettings,
  ) {
    const { programme } = bot;
    const zone = programme.timezone;
    const last = DateTime.fromISO(programme.sessions.at(-1)?.date as string, { zone });
    const remove = last.plus({ days: settings.afterLastSessionDays });
    this.deleteDate = remove.toISODate() as string;
    this.warnDate = remove.minus({ days: settings.warnDaysBefore }).toISODate() as string;
    this.deleteAt = DateTime.fromISO(`${this.deleteDate}T${RETENTION_TIME}`, { zone }).toJSDate();
    this.occurrenceId = warningOccurrenceId(this.deleteDate);
    this.graceMs = Math.max(12, (settings.warnDaysBefore - 1) * 24) * 3_600_000;
    this.runs = bot.store.collection(retentionRuns);
  }

  /** Reads whether the deletion has run (at start; the job reads it again while it is due). */
  async load(): Promise<RetentionRun | undefined> {
    this.run = await this.runs.get(RUN);
    return this.run;
  }

  /** When the warning goes out to someone in this timezone: 09:00 there on the warning day. */
  warnAt(zone: string): Date {
    let at = this.warnAts.get(zone);
    if (!at) {
      at = DateTime.fromISO(`${this.warnDate}T${RETENTION_TIME}`, { zone }).toJSDate();
      this.warnAts.set(zone, at);
    }
    return at;
  }

  /** Who gets the warning: every participant and mentor still in the programme. */
  recipients(): Person[] {
    const { directory } = this.bot;
    return [...directory.withRole("participant"), ...directory.withRole("mentor")];
  }

  /** Whose data is deleted: everyone the programme file names (also coordinators, also who is already erased). */
  everyone(): string[] {
    const p = this.bot.programme;
    return [...new Set([...p.participants, ...p.mentors, ...p.coordinators].map((x) => x.id))];
  }

  deliveryIdOf(personId: string): string {
    return warningDeliveryId(this.occurrenceId, personId);
  }

  /** A date in words, in the programme's timezone: "woensdag 12 mei 2027". */
  day(date: string, language: Language): string {
    return DateTime.fromISO(date, { zone: this.bot.programme.timezone })
      .setLocale(language === "en" ? "en-GB" : "nl-NL")
      .toFormat("cccc d LLLL yyyy");
  }

  /** The warning for one person: whole days from their today to the deletion day. */
  message(person: Person, language: Language): Message {
    const t = strings(language);
    const today = DateTime.fromJSDate(this.bot.clock.now(), { zone: person.timezone }).startOf("day");
    const days = Math.round(
      DateTime.fromISO(this.deleteDate, { zone: person.timezone }).diff(today, "days").days,
    );
    return {
      kind: WARNING_KIND,
      blocks: [
        { type: "text", text: t.warning(days) },
        { type: "context", text: t.warningWhen(this.day(this.deleteDate, language)) },
      ],
    };
  }

  /** Sends the warning to one person, exactly once (the deliverer, by its delivery id). */
  send(person: Person, hint?: DeliveryHint): Promise<DeliveryOutcome> {
    return this.deliverer.deliver(
      {
        id: this.deliveryIdOf(person.id),
        kind: WARNING_KIND,
        occurrenceId: this.occurrenceId,
        person,
        build: (language) => this.message(person, language),
      },
      hint,
    );
  }

  /**
   * The deletion: every person's data from every part, then everyone marked erased, one audit
   * entry (who: `retention`, how many people and records; no content), and the run's record.
   * Runs under the scheduler's lock; after a crash half-way it runs again, and erasing what
   * is already gone removes nothing. Once it has run it does nothing (undefined).
   */
  async deleteAll(): Promise<RetentionRun | undefined> {
    if (await this.load()) return undefined;
    const { store, directory, clock, logger } = this.bot;
    const registry = this.registry();
    const ids = this.everyone();
    let removed = 0;
    for (const id of ids) removed += (await registry.erase(id)).removed;
    for (const id of ids) if (!directory.isErased(id)) await markErased(store, directory, id, true);
    await this.audit.record({
      actorId: "retention",
      action: "retention.erase",
      count: ids.length,
      detail: `${removed} records, ${this.settings.afterLastSessionDays} days after the last session day`,
    });
    const run: RetentionRun = {
      at: clock.now().toISOString(),
      deleteDate: this.deleteDate,
      people: ids.length,
      removed,
    };
    await this.runs.set(RUN, run);
    this.run = run;
    logger.info({ people: ids.length, removed }, "retention: the programme's personal data is deleted");
    return run;
  }

  /** What the part says in each language: the dates to come, or that it has run. */
  describe(language: Language): string {
    const t = strings(language);
    if (this.run) {
      const at = DateTime.fromISO(this.run.at, { zone: this.bot.programme.timezone }).toISODate() as string;
      return t.done(this.day(at, language), this.run.people);
    }
    return t.planned(this.day(this.warnDate, language), this.day(this.deleteDate, language));
  }
}
