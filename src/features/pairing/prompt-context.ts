import type { Language } from "../../config/programme-schema.js";
import type { PromptContextSource } from "../../core/prompt-context.js";
import type { Pairing } from "./service.js";
import { strings } from "./strings.js";

/** How long after "hebben jullie elkaar gesproken?" was answered the next prompt still refers to it: about one prompt. */
const WITHIN_MS = 8 * 86_400_000;

/**
 * The leerbuddy follow-up's answer, for the next reflection prompt: "Je sprak onlangs met
 * je leerbuddy Fatima" (yes) or a nudge to still meet (not yet). Nothing after "no".
 */
export function peerPromptContext(service: Pairing): PromptContextSource {
  return {
    id: "pairing.peers",
    async lines(personIds: string[], now: Date, language: (personId: string) => Language) {
      const out = new Map<string, string>();
      const people = await service.peerPeople.getMany(personIds);
      const recent = people.flatMap((p) => {
        const last = p?.answers.at(-1);
        const age = last ? now.getTime() - new Date(last.at).getTime() : Number.POSITIVE_INFINITY;
        return p && last && last.answer !== "no" && age >= 0 && age <= WITHIN_MS
          ? [{ person: p.personId, last }]
          : [];
      });
      if (recent.length === 0) return out;
      const roundIds = [...new Set(recent.map((r) => r.last.round))];
      const rounds = new Map(roundIds.map((id, i) => [id, i]));
      const found = await service.peerRounds.getMany(roundIds);
      for (const { person, last } of recent) {
        const round = found[rounds.get(last.round) ?? -1];
        const group = round?.groups.find((g) => g.includes(person));
        const names = (group ?? [])
          .filter((id) => id !== person)
          .flatMap((id) => service.bot.directory.get(id)?.firstName ?? []);
        if (names.length === 0) continue;
        const t = strings(language(person)).peerContext;
        out.set(person, last.answer === "yes" ? t.met(names) : t.notYet(names));
      }
      return out;
    },
  };
}
