import { DateTime } from "luxon";
import type { Bot } from "../../core/bot.js";
import type { DeliveryOutcome } from "../../core/deliveries.js";
import type { DueSend, Job, JobPlan } from "../../core/jobs.js";
import type { Person } from "../../core/people.js";
import {
  deliveryIdsFor,
  occurrencesInView,
  type PlannedSend,
  type PlanSettings,
  planSends,
  reflectionOccurrences,
  type ScheduledOccurrence,
} from "./plan.js";
import type { Reflections } from "./service.js";

/**
 * The weekly reflection as a scheduler job: the programme's rhythm and coordinators' "send
 * now" occurrences, planned by the pure `planSends` from one snapshot of the store, sent
 * through `Reflections.sendPrompt` (exactly once), with one report per occurrence to the
 * coordinators of who could not be reached.
 */
export class ReflectionJob implements Job {
  readonly id = "reflection.prompts";
  private planned?: ScheduledOccurrence[];
  readonly settings: PlanSettings;

  constructor(
    private readonly bot: Bot,
    private readonly reflections: Reflections,
    options: { graceMs?: number } = {},
  ) {
    const { programme } = bot;
    this.settings = {
      graceMs: options.graceMs ?? programme.reflection.graceHours * 3_600_000,
      reminderAfterMs: programme.reflection.reminderAfterHours * 3_600_000,
    };
  }

  /** Every reflection moment of the programme: worked out at the first pass or look, not at start. */
  get occurrences(): ScheduledOccurrence[] {
    return (this.planned ??= reflectionOccurrences(this.bot.programme, this.reflections.bank));
  }

  async plan(now: Date): Promise<JobPlan> {
    const { store, directory, programme } = this.bot;
    const occurrences = occurrencesInView(
      [...this.occurrences, ...(await this.manualOccurrences())].sort(
        (a, b) => a.at.getTime() - b.at.getTime(),
      ),
      now,
      this.settings,
    );
    if (occurrences.length === 0) return { send: [], missed: [] };
    const participants = directory.withRole("participant");
    const ids = participants.map((p) => p.id);
    const [stateList, books] = await Promise.all([store.people.getMany(ids), store.answers.getMany(ids)]);
    const states = new Map(ids.map((id, i) => [id, stateList[i]]));
    const deliveryIds = deliveryIdsFor({ occurrences, participants, states });
    const deliveryList = await store.deliveries.getMany(deliveryIds);
    const deliveries = new Map(deliveryIds.map((id, i) => [id, deliveryList[i]]));
    const answered = new Set<string>();
    for (const book of books)
      for (const a of book?.answers ?? []) answered.add(`${a.occurrenceId}:${book?.personId}`);
    const { send, missed } = planSends(
      { occurrences, participants, states, deliveries, answered },
      now,
      this.settings,
    );

    // Occurrences are recorded before their first send: "your latest prompt" is found through them.
    const recorded = new Set<string>();
    for (const s of send) {
      if (s.kind !== "reflection" || recorded.has(s.occurrence.id)) continue;
      recorded.add(s.occurrence.id);
      await store.recordOccurrence({
        id: s.occurrence.id,
        kind: "reflection",
        promptId: s.occurrence.promptId,
        createdAt: s.occurrence.at.toISOString(),
      });
    }
    // What the first prompt of an occurrence can refer to, per person (one read for everyone).
    const language = (id: string) =>
      states.get(id)?.language ?? directory.get(id)?.language ?? programme.language;
    const firsts = [...new Set(send.filter((s) => s.kind === "reflection").map((s) => s.personId))];
    const context =
      firsts.length > 0 && this.reflections.promptContext
        ? await this.reflections.promptContext.lines(firsts, now, language)
        : new Map<string, string>();
    const due = (s: PlannedSend): DueSend => ({
      deliveryId: s.deliveryId,
      kind: s.kind,
      occurrenceId: s.occurrence.id,
      personId: s.personId,
      dueAt: s.dueAt,
      send: () => {
        const person = directory.get(s.personId) as Person;
        // The store was read just now: no need to read the delivery and the language again.
        const hint = {
          known: deliveries.get(s.deliveryId),
          language: states.get(s.personId)?.language ?? person.language ?? programme.language,
        };
        return this.reflections.sendPrompt(
          {
            id: s.occurrence.id,
            kind: "reflection",
            promptId: s.occurrence.promptId,
            createdAt: s.occurrence.at.toISOString(),
          },
          person,
          s.kind,
          s.extra,
          hint,
          s.kind === "reflection" ? context.get(s.personId) : undefined,
        );
      },
    });
    return { send: send.map(due), missed: missed.map(due) };
  }

  /** Coordinators hear, once per occurrence, who could not be reached for its prompt. */
  async after(sent: DueSend[], outcomes: DeliveryOutcome[]): Promise<void> {
    const byOccurrence = new Map<string, Person[]>();
    sent.forEach((s, i) => {
      if (s.kind !== "reflection" || outcomes[i] !== "unreachable") return;
      const person = this.bot.directory.get(s.personId) as Person;
      byOccurrence.set(s.occurrenceId, [...(byOccurrence.get(s.occurrenceId) ?? []), person]);
    });
    for (const [occurrenceId, people] of byOccurrence)
      await this.reflections.reportUnreachable(occurrenceId, people);
  }

  /** The programme's next reflection moments after `from`. */
  upcoming(from: Date, count: number): Date[] {
    return this.next(from, count).map((o) => o.at);
  }

  /** The next `count` occurrences of the programme's rhythm after `from`. */
  next(from: Date, count: number): ScheduledOccurrence[] {
    return this.occurrences.filter((o) => o.at.getTime() > from.getTime()).slice(0, count);
  }

  /**
   * Coordinators' "send now" occurrences, so the scheduler finishes what a send left undone
   * (a failure, a crash half-way) and reminds and brings back snoozed prompts like any other.
   */
  private async manualOccurrences(): Promise<ScheduledOccurrence[]> {
    const { store, programme } = this.bot;
    const index = (await store.occurrenceIndex.get("all"))?.occurrences ?? [];
    const manual = index.filter((o) => o.id.startsWith("manual:"));
    if (manual.length === 0) return [];
    const records = await store.occurrences.getMany(manual.map((o) => o.id));
    return records.flatMap((o) => {
      if (!o) return [];
      const at = DateTime.fromISO(o.createdAt, { zone: programme.timezone });
      const prompt = this.reflections.bank.get(o.promptId, programme.language);
      return [
        {
          id: o.id,
          date: at.toISODate() as string,
          hour: at.hour,
          minute: at.minute,
          at: at.toJSDate(),
          phase: prompt?.phase ?? "midway",
          promptId: o.promptId,
          fixed: true,
        } satisfies ScheduledOccurrence,
      ];
    });
  }
}
