import type { Bot } from "../../core/bot.js";
import type { Job } from "../../core/jobs.js";
import type { ParticipationSources } from "../../core/participation.js";
import type { WriteEvent } from "../../storage/collection.js";

/** How long after the scheduler's first pass the counts of everyone are read, in the background. */
export const WARM_DELAY_MS = 60_000;

/** Records that name nobody but change what is counted for everyone: the occurrences and their index. */
const FOR_EVERYONE = new Set(["occurrence", "occurrences"]);

/** One person's counts: triples of week (an index into `weeks`), metric (into `metrics`) and count. */
type Rows = Int32Array;

/** One person's counts in one week, per metric. */
export type CountVisitor = (personId: string, week: string, metric: string, count: number) => void;

/**
 * The participation counts per person, kept in memory, so an overview of thousands of people
 * does not read every prompt, reminder and answer again: only the people whose records
 * changed since are counted from the sources again.
 *
 * Exactly right, not roughly. The store tells this process of every record it writes or
 * removes (`Store.onWrite`, after the write): one that names a person (its id, as
 * `answers:<person>`; a segment of it, as `delivery:<occurrence>:<person>`; or its
 * `personId`) drops that person's counts, and a write to the occurrences drops everyone's.
 * Counts read while that person's records were written are used once, not kept. What other
 * processes write is seen through `Store.externalVersion` (SQLite's `data_version`): when
 * it changed, everything is counted again; on a store that cannot tell (Redis, PostgreSQL,
 * where several replicas may write) nothing is kept and every overview counts from the
 * sources. So a source must count from records that name the person, or from the occurrences.
 *
 * The bot warms it: `WARM_DELAY_MS` after the scheduler's first pass (`job`), everyone's
 * counts are read once in the background.
 */
export class CountsCache {
  private readonly kept = new Map<string, Rows>();
  /** The weeks and metrics the kept counts refer to, each string once. */
  private readonly weeks: string[] = [];
  private readonly metrics: string[] = [];
  private readonly weekIndex = new Map<string, number>();
  private readonly metricIndex = new Map<string, number>();
  /** How often each person's records were written in this process: counts read across a write are not kept. */
  private readonly versions = new Map<string, number>();
  private generation = 0;
  private external?: number;
  private timer?: NodeJS.Timeout;
  private warming?: Promise<void>;
  private closed = false;

  constructor(
    private readonly bot: Bot,
    private readonly sources: ParticipationSources,
  ) {
    bot.store.onWrite((event) => this.heard(event));
    bot.store.onClose(async () => {
      this.closed = true;
      clearTimeout(this.timer);
      await this.warming;
    });
  }

  /** How many people's counts are kept now. */
  get size(): number {
    return this.kept.size;
  }

  private heard(event: WriteEvent): void {
    if (FOR_EVERYONE.has(event.prefix)) {
      this.generation++;
      this.kept.clear();
      return;
    }
    // Nothing kept and no count being read: nothing a write could make wrong. (A person's
    // version only matters between the start and the end of a `visit`, which reads it afresh.)
    if (this.kept.size === 0 && this.visiting === 0) return;
    const { directory } = this.bot;
    for (const id of event.ids) {
      if (directory.get(id)) this.touch(id);
      else if (id.includes(":")) for (const part of id.split(":")) if (directory.get(part)) this.touch(part);
    }
    for (const value of event.values ?? []) {
      const personId = (value as { personId?: unknown } | null)?.personId;
      if (typeof personId === "string" && directory.get(personId)) this.touch(personId);
    }
  }

  private touch(personId: string): void {
    this.versions.set(personId, (this.versions.get(personId) ?? 0) + 1);
    this.kept.delete(personId);
  }

  /** `visit`s running now (their people's versions are compared at their end). */
  private visiting = 0;

  /** Calls `visit` for every count above 0 of these people: kept ones, and the rest counted now. */
  async visit(personIds: string[], visit: CountVisitor): Promise<void> {
    this.visiting++;
    try {
      await this.visitCounting(personIds, visit);
    } finally {
      this.visiting--;
    }
  }

  private async visitCounting(personIds: string[], visit: CountVisitor): Promise<void> {
    const version = await this.bot.store.externalVersion();
    if (version === undefined) {
      for (const c of await this.sources.counts(personIds))
        if (c.count > 0) visit(c.personId, c.week, c.metric, c.count);
      return;
    }
    if (version !== this.external) {
      this.kept.clear();
      this.generation++;
      this.external = version;
    }
    const generation = this.generation;
    const missing: string[] = [];
    const before = new Map<string, number>();
    for (const personId of personIds) {
      const rows = this.kept.get(personId);
      if (rows)
        for (let i = 0; i < rows.length; i += 3)
          visit(
            personId,
            this.weeks[rows[i] as number] as string,
            this.metrics[rows[i + 1] as number] as string,
            rows[i + 2] as number,
          );
      else {
        missing.push(personId);
        before.set(personId, this.versions.get(personId) ?? 0);
      }
    }
    if (missing.length === 0) return;
    const counted = new Map<string, number[]>(missing.map((p) => [p, []]));
    // A source lists a person's counts together, week by week: looked up once per run.
    let person: string | undefined;
    let rows: number[] | undefined;
    let week: string | undefined;
    let weekAt = 0;
    for (const c of await this.sources.counts(missing)) {
      if (c.count <= 0) continue;
      visit(c.personId, c.week, c.metric, c.count);
      if (c.personId !== person) rows = counted.get((person = c.personId));
      if (!rows) continue;
      if (c.week !== week) weekAt = this.indexOf((week = c.week), this.weeks, this.weekIndex);
      rows.push(weekAt, this.indexOf(c.metric, this.metrics, this.metricIndex), c.count);
    }
    // Keep only what nobody changed while it was read: not here, not in another process.
    if ((await this.bot.store.externalVersion()) !== version || this.generation !== generation) return;
    for (const [personId, rows] of counted)
      if ((this.versions.get(personId) ?? 0) === before.get(personId))
        this.kept.set(personId, Int32Array.from(rows));
  }

  private indexOf(value: string, table: string[], index: Map<string, number>): number {
    let at = index.get(value);
    if (at === undefined) index.set(value, (at = table.push(value) - 1));
    return at;
  }

  /** Reads everyone's counts once, so the next overview needs only what changed since. */
  async warm(): Promise<void> {
    await this.visit(
      this.bot.directory.withRole("participant").map((p) => p.id),
      () => {},
    );
  }

  /**
   * The scheduler job that warms the counts `WARM_DELAY_MS` after the bot's first pass (it
   * sends nothing itself), in the background, so it does not lengthen that pass.
   */
  job(): Job {
    return {
      id: "overview-counts",
      plan: () => Promise.resolve({ send: [], missed: [] }),
      after: () => {
        if (this.timer || this.warming || this.closed) return Promise.resolve();
        this.timer = setTimeout(() => {
          this.warming = this.warm()
            .catch((error: unknown) =>
              this.bot.logger.warn({ err: error }, "overview: counts not read ahead"),
            )
            .finally(() => {
              this.warming = undefined;
            });
        }, WARM_DELAY_MS);
        this.timer.unref();
        return Promise.resolve();
      },
    };
  }
}
