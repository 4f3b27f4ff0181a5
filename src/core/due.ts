import type { Person } from "./people.js";

/**
 * What is due for one person ("wat moet ik nog doen?"): contributed by features the
 * questions feature does not know (homework's open assignments, the next session day's
 * preparation ticked off "Gedaan"), and read by it for that person only. Only the person's
 * own items: a source never tells about anyone else.
 *
 * @example
 * deps.due.add({
 *   id: "homework",
 *   items: async (person, now) => [
 *     { source: "homework", kind: "homework", id: "a1", title: "Je leervraag", dueAt: new Date("2026-12-07T17:00:00Z"), done: false },
 *   ],
 * });
 */
export interface DueItem {
  /** The source it comes from (`homework`). */
  source: string;
  /** An assignment to hand in, or a session day's preparation task. */
  kind: "homework" | "preparation";
  /** Unique within its source (an assignment's id; a task as `<date>#<task>`). */
  id: string;
  /** In the programme's own words (the assignment's title, the task). */
  title: string;
  /** When it is due: an assignment's due moment, a task's session day (its start). */
  dueAt: Date;
  /** Handed in (an assignment), ticked "Gedaan" (a task). */
  done: boolean;
  /** A task's session day (`2026-12-10`). */
  sessionDate?: string;
}

export interface DueSource {
  readonly id: string;
  /** This person's items now: what is open (opened, not past or not done), done or not. */
  items(person: Person, now: Date): Promise<DueItem[]>;
}

/** The sources of one app, in the order the features registered them. */
export class DueSources {
  private readonly sources: DueSource[] = [];

  add(source: DueSource): this {
    this.sources.push(source);
    return this;
  }

  list(): readonly DueSource[] {
    return this.sources;
  }

  /** Every source's items for this person, read at the same time, soonest due first. */
  async items(person: Person, now: Date): Promise<DueItem[]> {
    const all = await Promise.all(this.sources.map((s) => s.items(person, now)));
    return all.flat().sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }
}
