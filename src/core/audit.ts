import { DateTime } from "luxon";
import { z } from "zod";
import type { Collection } from "../storage/collection.js";
import { defineCollection } from "../storage/collection.js";
import type { Store } from "../storage/store.js";
import type { Clock } from "./clock.js";
import type { PersonalData } from "./personal-data.js";

/**
 * What a coordinator did that reached many people or took data out: a send, an
 * announcement, an export. Who, when, what kind, how many; never the content.
 */
export const auditEntrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  /** The person who did it (a coordinator's id), or `erased` after their data was erased. */
  actorId: z.string(),
  /** What was done, named by the feature (`reflection.send`, `announcement.send`, `export.answers`). */
  action: z.string().min(1).max(100),
  /** How many people it reached, or how many records it held. */
  count: z.number().int().min(0),
  /** Words that are no content: the audience ("team-vonk"), a format ("csv"), "second this week". */
  detail: z.string().max(200).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** `audit:<yyyy-mm>`: one month's entries, oldest first; `audit:months`: which months have any. */
const auditMonths = defineCollection("audit", z.object({ entries: z.array(auditEntrySchema) }));
const auditIndex = defineCollection("audit-index", z.object({ months: z.array(z.string()) }));

/**
 * The programme's audit log (`kampvuur audit`). Entries are appended atomically, a month per
 * record, so reading the log costs the months it spans and writing one entry costs one record.
 */
export class AuditLog {
  private readonly months: Collection<typeof auditMonths.schema>;
  private readonly index: Collection<typeof auditIndex.schema>;

  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.months = store.collection(auditMonths);
    this.index = store.collection(auditIndex);
  }

  async record(entry: Omit<AuditEntry, "at">): Promise<AuditEntry> {
    const at = this.clock.now();
    const full = auditEntrySchema.parse({ ...entry, at: at.toISOString() });
    const month = DateTime.fromJSDate(at, { zone: "utc" }).toFormat("yyyy-MM");
    await this.index.update("months", (current) => ({
      months: [...new Set([...(current?.months ?? []), month])].sort(),
    }));
    await this.months.update(month, (current) => ({ entries: [...(current?.entries ?? []), full] }));
    return full;
  }

  /** Every entry, oldest first. */
  async entries(): Promise<AuditEntry[]> {
    const months = (await this.index.get("months"))?.months ?? [];
    const records = await this.months.getMany(months);
    return records.flatMap((r) => r?.entries ?? []);
  }

  /** What the log keeps about one person (as the one who acted): export it, or replace their id by `erased`. */
  personalData(): PersonalData {
    return {
      describe: {
        nl: "Als coördinator: wanneer je iets naar veel mensen stuurde of exporteerde (wat en hoeveel, niet de inhoud).",
        en: "As a coordinator: when you sent something to many people or exported (what and how many, not the content).",
      },
      export: async (personId) => {
        const own = (await this.entries()).filter((e) => e.actorId === personId);
        return own.length === 0 ? undefined : { entries: own };
      },
      erase: async (personId) => {
        const removed = (await this.entries()).filter((e) => e.actorId === personId).length;
        if (removed === 0) return { removed };
        const months = (await this.index.get("months"))?.months ?? [];
        for (const month of months)
          await this.months.update(month, (current) => ({
            entries: (current?.entries ?? []).map((e) =>
              e.actorId === personId ? { ...e, actorId: "erased" } : e,
            ),
          }));
        return { removed };
      },
    };
  }
}
