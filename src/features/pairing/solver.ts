import { munkres } from "munkres";
import type { Language } from "../../config/programme-schema.js";
import type { Constraint, Weights } from "./settings.js";

/**
 * Mentor pairing as an assignment problem, solved with the Hungarian algorithm (npm
 * `munkres`). Pure: no store, no chat. A mentor with capacity c becomes c slots; the k-th
 * slot of a mentor (0-based) costs `load × k` more, so the cost of a mentor with L mentees is
 * `load × L(L−1)/2`, convex, and the optimum spreads the load exactly (the cheapest slots of
 * a mentor are always used first). A cell that breaks a hard constraint costs `FORBIDDEN`:
 * when the optimum still uses one, no assignment meets every hard constraint.
 */

/** What is paired with a mentor: a team (the leergang) or one participant. */
export interface Unit {
  id: string;
  name: string;
  /** The organisations of its people (a team: every member's). */
  organisations: string[];
  language: Language;
  /** What it needs or wants to learn (lowercase). */
  tags: string[];
  /** Paired in the programme file (`mentor:`), kept as it is. */
  fixedMentor?: string;
  /** Its mentor in the approved pairing (or the file): keeping it scores `stability`. */
  previousMentor?: string;
}

export interface MentorInput {
  id: string;
  name: string;
  organisation?: string;
  languages: Language[];
  capacity: number;
  /** Lowercase tags. */
  expertise: string[];
  /** There for the whole programme (its `availability` covers the first to the last session day). */
  available: boolean;
}

export interface PairingProblem {
  units: Unit[];
  mentors: MentorInput[];
  hard: ReadonlySet<Constraint>;
  weights: Weights;
}

/** One pair, scored and explained. */
export interface PairScore {
  /** Its own score (without the load spread, which belongs to the mentor's whole load). */
  score: number;
  shared: string[];
  /** The constraints (hard or soft) this pair meets, and those it breaks. */
  met: Constraint[];
  broken: Constraint[];
  stable: boolean;
}

export type Assignment = ReadonlyMap<string, string>;

export interface Evaluation {
  score: number;
  pairs: Map<string, PairScore>;
  /** Mentees per mentor. */
  load: Map<string, number>;
  /** Hard constraints broken: by unit (`capacity`: by the mentor's units over capacity). */
  brokenHard: { unitId: string; constraint: Constraint }[];
}

export type Solution =
  | { ok: true; assignment: Map<string, string>; evaluation: Evaluation }
  | { ok: false; infeasible: Infeasibility };

/** Why there is no assignment: the unit that cannot be paired, what stops it, and the smallest relaxation found. */
export interface Infeasibility {
  unitId: string;
  /** The hard constraints that together leave no mentor (`capacity`: the ones left are full). */
  constraints: Constraint[];
  relaxation?:
    | { kind: "capacity"; mentorId: string; extra: number }
    | { kind: "exception"; constraint: Constraint; mentorId: string };
}

const FORBIDDEN = 1e9;
const norm = (tag: string) => tag.trim().toLowerCase();

/** The constraints a single pair meets and breaks (capacity is about the mentor's whole load). */
function pairChecks(unit: Unit, mentor: MentorInput): { met: Constraint[]; broken: Constraint[] } {
  const met: Constraint[] = [];
  const broken: Constraint[] = [];
  const org = mentor.organisation?.trim().toLowerCase();
  (org && unit.organisations.some((o) => o.trim().toLowerCase() === org) ? broken : met).push("organisation");
  (mentor.languages.includes(unit.language) ? met : broken).push("language");
  (mentor.available ? met : broken).push("availability");
  return { met, broken };
}

/** One pair's score and reasons. */
export function scorePair(problem: PairingProblem, unit: Unit, mentor: MentorInput): PairScore {
  const { weights } = problem;
  const tags = new Set(unit.tags.map(norm));
  const shared = mentor.expertise.filter((e) => tags.has(norm(e)));
  const { met, broken } = pairChecks(unit, mentor);
  const stable = unit.previousMentor === mentor.id;
  let score = weights.expertise * shared.length + (stable ? weights.stability : 0);
  for (const c of broken) if (!problem.hard.has(c)) score -= weights[c];
  return { score, shared, met, broken, stable };
}

/** The whole assignment's score and every hard constraint it breaks (used for a swap, and by the tests' brute force). */
export function evaluate(problem: PairingProblem, assignment: Assignment): Evaluation {
  const mentors = new Map(problem.mentors.map((m) => [m.id, m]));
  const pairs = new Map<string, PairScore>();
  const load = new Map<string, number>();
  const brokenHard: Evaluation["brokenHard"] = [];
  let score = 0;
  for (const unit of problem.units) {
    const mentor = mentors.get(assignment.get(unit.id) ?? "");
    if (!mentor) continue;
    const pair = scorePair(problem, unit, mentor);
    pairs.set(unit.id, pair);
    score += pair.score;
    load.set(mentor.id, (load.get(mentor.id) ?? 0) + 1);
    for (const c of pair.broken) if (problem.hard.has(c)) brokenHard.push({ unitId: unit.id, constraint: c });
  }
  for (const [id, l] of load) {
    const mentor = mentors.get(id) as MentorInput;
    score -= (problem.weights.load * l * (l - 1)) / 2;
    const over = Math.max(0, l - mentor.capacity);
    if (over > 0) {
      if (problem.hard.has("capacity")) {
        // The units past capacity, in the programme's order, are the ones that break it.
        const units = problem.units.filter((u) => assignment.get(u.id) === id).slice(mentor.capacity);
        for (const u of units) brokenHard.push({ unitId: u.id, constraint: "capacity" });
      } else score -= problem.weights.capacity * over;
    }
  }
  return { score, pairs, load, brokenHard };
}

/** Runs the assignment: for each free unit the mentor it gets, or undefined where only a forbidden cell was left. */
function assign(problem: PairingProblem): Map<string, string | undefined> {
  const { units, mentors, hard, weights } = problem;
  const fixedLoad = new Map<string, number>();
  for (const u of units)
    if (u.fixedMentor) fixedLoad.set(u.fixedMentor, (fixedLoad.get(u.fixedMentor) ?? 0) + 1);
  const free = units.filter((u) => !u.fixedMentor);
  // Slots: [mentor index, marginal cost of using it].
  const slots: { mentor: number; cost: number }[] = [];
  mentors.forEach((m, i) => {
    const start = fixedLoad.get(m.id) ?? 0;
    const end = hard.has("capacity") ? m.capacity : Math.max(m.capacity, start + free.length);
    for (let k = start; k < end; k++)
      slots.push({ mentor: i, cost: weights.load * k + (k >= m.capacity ? weights.capacity : 0) });
  });
  const result = new Map<string, string | undefined>();
  if (free.length === 0) return result;
  const pairCost = free.map((u) =>
    mentors.map((m) => {
      const pair = scorePair(problem, u, m);
      return pair.broken.some((c) => hard.has(c)) ? FORBIDDEN : -pair.score;
    }),
  );
  const width = Math.max(slots.length, free.length);
  const matrix = free.map((_, r) => {
    const row = new Float64Array(width).fill(FORBIDDEN);
    const costs = pairCost[r] as number[];
    slots.forEach((s, c) => {
      const base = costs[s.mentor] as number;
      row[c] = base >= FORBIDDEN ? FORBIDDEN : base + s.cost;
    });
    return row;
  });
  for (const [r, c] of munkres(matrix)) {
    const unit = free[r] as Unit;
    const slot = slots[c];
    const cost = (matrix[r] as Float64Array)[c] as number;
    result.set(unit.id, slot && cost < FORBIDDEN / 2 ? (mentors[slot.mentor] as MentorInput).id : undefined);
  }
  return result;
}

/** The best assignment under the hard constraints, or why there is none (and the smallest relaxation found). */
export function solve(problem: PairingProblem): Solution {
  const assigned = assign(problem);
  const unmet = problem.units.filter((u) => !u.fixedMentor && assigned.get(u.id) === undefined);
  if (unmet.length === 0) {
    const assignment = new Map<string, string>();
    for (const u of problem.units) assignment.set(u.id, u.fixedMentor ?? (assigned.get(u.id) as string));
    return { ok: true, assignment, evaluation: evaluate(problem, assignment) };
  }
  return { ok: false, infeasible: diagnose(problem, unmet) };
}

/** Feasible at all (no scores needed). */
const feasible = (problem: PairingProblem) =>
  [...assign(problem)].every(([, mentor]) => mentor !== undefined);

function diagnose(problem: PairingProblem, unmet: Unit[]): Infeasibility {
  const hardPair = [...problem.hard].filter((c) => c !== "capacity");
  // A unit that no mentor fits, whatever the capacities: name the constraints that rule them all out.
  for (const unit of problem.units.filter((u) => !u.fixedMentor)) {
    const checks = problem.mentors.map((m) => ({ m, broken: pairChecks(unit, m).broken }));
    if (checks.some((x) => !x.broken.some((c) => problem.hard.has(c)))) continue;
    const constraints = hardPair.filter((c) => checks.some((x) => x.broken.includes(c)));
    // The smallest relaxation: one exception, for this unit, on one constraint, with the best mentor it lets in.
    let relaxation: Infeasibility["relaxation"];
    for (const c of constraints) {
      const allowed = checks
        .filter((x) => x.broken.every((b) => b === c || !problem.hard.has(b)))
        .map((x) => x.m)
        .sort((a, b) => scorePair(problem, unit, b).score - scorePair(problem, unit, a).score);
      if (allowed[0]) {
        relaxation = { kind: "exception", constraint: c, mentorId: allowed[0].id };
        break;
      }
    }
    return { unitId: unit.id, constraints, ...(relaxation ? { relaxation } : {}) };
  }
  // Every unit has mentors that fit, but not enough places: the first unit left over, its
  // mentors are full. The smallest relaxation: the fewest extra places, at one of its mentors.
  const unit = unmet[0] as Unit;
  const candidates = problem.mentors
    .filter((m) => !pairChecks(unit, m).broken.some((c) => problem.hard.has(c)))
    .sort((a, b) => scorePair(problem, unit, b).score - scorePair(problem, unit, a).score);
  // Only the rules that rule out a mentor for this unit say something ("buiten Gemeente Zutphen").
  const constraints: Constraint[] = [
    ...hardPair.filter((c) => problem.mentors.some((m) => pairChecks(unit, m).broken.includes(c))),
    "capacity",
  ];
  for (let extra = 1; extra <= unmet.length; extra++)
    for (const m of candidates) {
      const mentors = problem.mentors.map((x) =>
        x.id === m.id ? { ...x, capacity: x.capacity + extra } : x,
      );
      if (feasible({ ...problem, mentors }))
        return { unitId: unit.id, constraints, relaxation: { kind: "capacity", mentorId: m.id, extra } };
    }
  return { unitId: unit.id, constraints };
}
