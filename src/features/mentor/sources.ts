import { DateTime } from "luxon";
import { z } from "zod";
import type { Programme } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import { type ParticipationSources, weekOfDate } from "../../core/participation.js";

/**
 * What the mentor's views read from the other features, without importing them (a feature
 * does not reach into another): the reflections' records are the store's own collections
 * (`store.answers`, …, read in `snapshot.ts`); the session days come through their
 * participation source (counts only: tasks done, can't come); homework through its stored
 * records, read here by their documented keys (`homework-answer:<assignment>:<unit>`,
 * `homework-index:open`, `homework-assignment:<id>`) and the programme file's
 * `assignments:`/`groups:`, each checked with a lenient schema of the fields used here. A
 * record of another shape is passed over, never shown half.
 */

/** Where one person stands with the next session day. */
export interface SessionStanding {
  tasksDone: number;
  cantCome: boolean;
}

/** The next session day's counts for these people (one read for all of them). */
export async function sessionStandings(
  participation: ParticipationSources,
  personIds: string[],
  date: string,
): Promise<Map<string, SessionStanding>> {
  const source = participation.list().find((s) => s.id === "session-reminders");
  const out = new Map<string, SessionStanding>();
  if (!source || personIds.length === 0) return out;
  const week = weekOfDate(date);
  for (const row of await source.counts(personIds)) {
    if (row.week !== week) continue;
    const s = out.get(row.personId) ?? { tasksDone: 0, cantCome: false };
    if (row.metric === "tasksDone") s.tasksDone += row.count;
    if (row.metric === "cantCome") s.cantCome = row.count > 0;
    out.set(row.personId, s);
  }
  return out;
}

/** One assignment as the digest shows it. */
export interface HomeworkItem {
  id: string;
  title: string;
  opensAt: Date;
  dueAt: Date;
  for: "all" | "individual" | string[];
  mode: "shared" | "per-member";
}

/** Where one unit (a group, or one participant alone) stands with one assignment. */
export interface HomeworkStanding {
  assignment: HomeworkItem;
  unit: string;
  members: string[];
  /** Members who handed in (per-member), or all of them when the group did (shared). */
  submitted: number;
  /** Someone saved a draft. */
  started: boolean;
  done: boolean;
}

const assignmentConfig = z.array(
  z
    .object({
      id: z.string(),
      title: z.string(),
      for: z.union([z.enum(["all", "individual"]), z.array(z.string())]).default("all"),
      mode: z.enum(["shared", "per-member"]).default("shared"),
      opens: z.string(),
      due: z.string(),
    })
    .loose(),
);
const groupConfig = z.array(z.object({ id: z.string(), members: z.array(z.string()) }).loose());
const createdAssignment = z
  .object({
    id: z.string(),
    title: z.string(),
    for: z.union([z.enum(["all", "individual"]), z.array(z.string())]),
    mode: z.enum(["shared", "per-member"]),
    dueAt: z.string(),
    status: z.string(),
    createdAt: z.string(),
    openedAt: z.string().optional(),
  })
  .loose();
const answerRecord = z
  .object({
    sheets: z
      .record(z.string(), z.object({ status: z.enum(["draft", "submitted"]).default("draft") }).loose())
      .default({}),
  })
  .loose();

/** A moment of the programme file (`2026-12-01`, `after session 3`, `before session 4`), as homework reads it. */
function momentOf(value: string, which: "opens" | "due", programme: Programme): Date | undefined {
  const s = value.trim().toLowerCase();
  const zone = programme.timezone;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s))
    return DateTime.fromISO(`${s}T${which === "opens" ? "09:00" : "23:59"}`, { zone }).toJSDate();
  const m = /^(after|before|na|voor|vóór)\s+(?:session|bijeenkomst)\s+(\d{1,2})$/.exec(s);
  const session = m ? programme.sessions[Number(m[2]) - 1] : undefined;
  if (!m || !session) return undefined;
  const time = m[1] === "after" || m[1] === "na" ? session.end : session.start;
  return DateTime.fromISO(`${session.date}T${time}`, { zone }).toJSDate();
}

/** Reads homework's records for the mentor's views. */
export class HomeworkReader {
  private readonly fileItems: HomeworkItem[];
  /** The homework groups (the `groups:` section, or the teams when it has none), by member. */
  private readonly groupOf = new Map<string, string>();

  constructor(private readonly bot: Bot) {
    const programme = bot.programme;
    const parsed = assignmentConfig.safeParse(programme.sections.assignments ?? []);
    this.fileItems = (parsed.success ? parsed.data : []).flatMap((a) => {
      const opensAt = momentOf(a.opens, "opens", programme);
      const dueAt = momentOf(a.due, "due", programme);
      return opensAt && dueAt ? [{ id: a.id, title: a.title, opensAt, dueAt, for: a.for, mode: a.mode }] : [];
    });
    const groups = groupConfig.safeParse(programme.sections.groups ?? []);
    const list = groups.success && groups.data.length > 0 ? groups.data : programme.teams;
    for (const g of list) for (const m of g.members) this.groupOf.set(m, g.id);
  }

  private async raw(keys: string[]): Promise<unknown[]> {
    if (keys.length === 0) return [];
    const { store } = this.bot;
    const out: unknown[] = [];
    for (let i = 0; i < keys.length; i += 1000)
      out.push(...(await store.keyv.getMany(keys.slice(i, i + 1000))));
    return out;
  }

  /** Every assignment open now or opening in the coming two weeks: the file's and the open ones made in chat. */
  async assignments(now: Date): Promise<HomeworkItem[]> {
    const [index] = await this.raw(["homework-index:open"]);
    const ids = z.object({ ids: z.array(z.string()) }).safeParse(index);
    const created = ids.success ? await this.raw(ids.data.ids.map((id) => `homework-assignment:${id}`)) : [];
    const chat = created.flatMap((c) => {
      const r = createdAssignment.safeParse(c);
      if (!r.success || r.data.status !== "open") return [];
      const a = r.data;
      return [
        {
          id: a.id,
          title: a.title,
          opensAt: new Date(a.openedAt ?? a.createdAt),
          dueAt: new Date(a.dueAt),
          for: a.for,
          mode: a.mode,
        },
      ];
    });
    const horizon = now.getTime() + 14 * 86_400_000;
    return [...this.fileItems, ...chat].filter((a) => a.opensAt.getTime() <= horizon);
  }

  /** The unit a member does an assignment in, or undefined when it is not for them. */
  unitOf(item: HomeworkItem, personId: string): string | undefined {
    if (item.for === "individual") return `@${personId}`;
    const group = this.groupOf.get(personId);
    if (!group) return undefined;
    return item.for === "all" || item.for.includes(group) ? group : undefined;
  }

  /** Where the units of these members stand with these assignments (one read for all). */
  async standings(items: HomeworkItem[], memberIds: string[]): Promise<HomeworkStanding[]> {
    const units = new Map<string, { item: HomeworkItem; unit: string; members: string[] }>();
    for (const item of items)
      for (const m of memberIds) {
        const unit = this.unitOf(item, m);
        if (!unit) continue;
        const key = `${item.id}:${unit}`;
        const entry = units.get(key) ?? { item, unit, members: [] };
        entry.members.push(m);
        units.set(key, entry);
      }
    const keys = [...units.keys()];
    const records = await this.raw(keys.map((k) => `homework-answer:${k}`));
    return keys.map((key, i) => {
      const { item, unit, members } = units.get(key) as {
        item: HomeworkItem;
        unit: string;
        members: string[];
      };
      const parsed = answerRecord.safeParse(records[i]);
      const sheets = parsed.success ? parsed.data.sheets : {};
      const submitted =
        item.mode === "shared"
          ? sheets.group?.status === "submitted"
            ? members.length
            : 0
          : members.filter((m) => sheets[m]?.status === "submitted").length;
      return {
        assignment: item,
        unit,
        members,
        submitted,
        started: Object.keys(sheets).length > 0,
        done: submitted >= members.length,
      };
    });
  }
}
