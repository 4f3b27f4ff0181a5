import type { Language } from "../../config/programme-schema.js";
import type { Assignment, Evaluation, Infeasibility, MentorInput, PairingProblem, Unit } from "./solver.js";
import { strings } from "./strings.js";

/** One pair as the coordinator reads it: who, why, and what it breaks. */
export interface PairExplanation {
  unitId: string;
  unit: string;
  mentorId: string;
  mentor: string;
  score: number;
  shared: string[];
  /** The hard constraints it meets, in words, and the stability or fixed note. */
  reasons: string[];
  /** Hard constraints it breaks, in words. */
  broken: string[];
}

export const formatScore = (score: number) => (Math.round(score * 100) / 100).toString();

/** Every pair of an assignment, explained, in the programme's order. */
export function explain(
  problem: PairingProblem,
  assignment: Assignment,
  evaluation: Evaluation,
  language: Language,
): PairExplanation[] {
  const t = strings(language);
  const mentors = new Map(problem.mentors.map((m) => [m.id, m]));
  return problem.units.flatMap((unit) => {
    const mentor = mentors.get(assignment.get(unit.id) ?? "");
    const pair = evaluation.pairs.get(unit.id);
    if (!mentor || !pair) return [];
    const load = evaluation.load.get(mentor.id) ?? 0;
    const lang = t.languageName[unit.language];
    const reasons: string[] = [];
    const broken: string[] = [];
    if (unit.fixedMentor) reasons.push(t.fixed);
    else if (pair.stable) reasons.push(t.stable);
    for (const c of problem.hard) {
      if (c === "capacity") {
        (load <= mentor.capacity ? reasons : broken).push(
          load <= mentor.capacity
            ? t.met.capacity(load, mentor.capacity)
            : t.broken.capacity(load, mentor.capacity),
        );
        continue;
      }
      const ok = pair.met.includes(c);
      if (c === "organisation")
        (ok ? reasons : broken).push(
          ok ? t.met.organisation : t.broken.organisation(mentor.organisation ?? ""),
        );
      else if (c === "language")
        (ok ? reasons : broken).push(ok ? t.met.language(lang) : t.broken.language(lang));
      else (ok ? reasons : broken).push(ok ? t.met.availability : t.broken.availability);
    }
    return [
      {
        unitId: unit.id,
        unit: unit.name,
        mentorId: mentor.id,
        mentor: mentor.name,
        score: pair.score,
        shared: pair.shared,
        reasons,
        broken,
      },
    ];
  });
}

/** The constraint that cannot be met, in one line ("Team De Vonk: geen mentor buiten Gemeente Zutphen met plek over"), and the smallest relaxation. */
export function explainInfeasible(
  problem: PairingProblem,
  infeasible: Infeasibility,
  language: Language,
): { line: string; relaxation: string } {
  const t = strings(language).infeasible;
  const unit = problem.units.find((u) => u.id === infeasible.unitId) as Unit;
  const mentors = new Map<string, MentorInput>(problem.mentors.map((m) => [m.id, m]));
  const parts: string[] = [];
  for (const c of infeasible.constraints) {
    if (c === "organisation") {
      // Only the organisations that rule a mentor out say something.
      const own = unit.organisations.filter((o) =>
        problem.mentors.some((m) => m.organisation?.trim().toLowerCase() === o.trim().toLowerCase()),
      );
      if (own.length > 0) parts.push(t.outside(own));
    } else if (c === "language") parts.push(t.speaks(strings(language).languageName[unit.language]));
    else if (c === "availability") parts.push(t.available);
  }
  if (infeasible.constraints.includes("capacity")) parts.push(t.withRoom);
  const r = infeasible.relaxation;
  const mentor = r ? mentors.get(r.mentorId) : undefined;
  const relaxation =
    r?.kind === "capacity" && mentor
      ? t.capacity(mentor.name, r.extra, mentor.capacity)
      : r?.kind === "exception" && mentor
        ? t.exception[r.constraint](unit.name, mentor.name)
        : t.none;
  return { line: t.line(unit.name, parts), relaxation };
}
