import type { Language } from "../config/programme-schema.js";

/**
 * What happened since a participant's last reflection prompt that the next prompt can refer
 * to ("Je sprak onlangs met je leerbuddy Fatima"), contributed by features the reflections
 * do not know (leerbuddy's, …). Read for all recipients of a fan-out at once.
 *
 * Only the person's own context: a line goes into that person's prompt and nowhere else.
 *
 * @example
 * deps.promptContext.add({
 *   id: "pairing.peers",
 *   lines: async (personIds, now, language) => new Map([["anna-de-vries", "Je sprak onlangs met Fatima."]]),
 * });
 */
export interface PromptContextSource {
  readonly id: string;
  /**
   * One short line per person who has something to refer to now (at most one per source), in
   * their language. Reads what it needs for all of them at once, never one at a time.
   */
  lines(
    personIds: string[],
    now: Date,
    language: (personId: string) => Language,
  ): Promise<Map<string, string>>;
}

/** The sources of one app, in the order the features registered them. */
export class PromptContextSources {
  private readonly sources: PromptContextSource[] = [];

  add(source: PromptContextSource): this {
    this.sources.push(source);
    return this;
  }

  /** Every source's lines for these people, joined per person (by a blank line), read at the same time. */
  async lines(
    personIds: string[],
    now: Date,
    language: (personId: string) => Language,
  ): Promise<Map<string, string>> {
    const all = await Promise.all(this.sources.map((s) => s.lines(personIds, now, language)));
    const out = new Map<string, string>();
    for (const map of all)
      for (const [person, line] of map)
        out.set(person, out.has(person) ? `${out.get(person)}\n\n${line}` : line);
    return out;
  }
}
