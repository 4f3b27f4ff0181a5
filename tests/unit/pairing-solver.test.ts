import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadAppProgramme as loadProgramme } from "../../src/app.js";
import { explainInfeasible } from "../../src/features/pairing/explain.js";
import { problemOf } from "../../src/features/pairing/model.js";
import { pairingSettings } from "../../src/features/pairing/settings.js";
import {
  type MentorInput,
  type PairingProblem,
  scorePair,
  solve,
  type Unit,
} from "../../src/features/pairing/solver.js";

const ORGS = ["Gemeente Zutphen", "Gemeente Lochem", "Woonstichting Het Baken", "Sociaal Team"];
const TAGS = ["vastgoed", "zorg", "energie", "vrijwilligers", "grond", "bestuur"];
const WEIGHTS = pairingSettings.of({ sections: {} } as never).weights;

/** A random instance: `m` mentors, `u` units, hard organisation/language/capacity. */
const instance = (m: number, u: number) =>
  fc
    .record({
      mentors: fc.array(
        fc.record({
          org: fc.integer({ min: 0, max: ORGS.length - 1 }),
          cap: fc.integer({ min: 1, max: 3 }),
          en: fc.boolean(),
          tags: fc.subarray(TAGS, { maxLength: 3 }),
          available: fc.boolean(),
        }),
        { minLength: m, maxLength: m },
      ),
      units: fc.array(
        fc.record({
          orgs: fc.subarray([0, 1, 2, 3], { minLength: 1, maxLength: 2 }),
          en: fc.integer({ min: 0, max: 5 }),
          tags: fc.subarray(TAGS, { maxLength: 3 }),
          previous: fc.integer({ min: -1, max: m - 1 }),
        }),
        { minLength: u, maxLength: u },
      ),
      softAvailability: fc.boolean(),
      load: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ mentors, units, softAvailability, load }): PairingProblem => ({
      mentors: mentors.map((x, i): MentorInput => ({
        id: `m${i}`,
        name: `Mentor ${i}`,
        organisation: ORGS[x.org],
        languages: x.en ? ["nl", "en"] : ["nl"],
        capacity: x.cap,
        expertise: x.tags,
        available: x.available,
      })),
      units: units.map((x, i): Unit => ({
        id: `t${i}`,
        name: `Team ${i}`,
        organisations: x.orgs.map((o) => ORGS[o] as string),
        language: x.en === 0 ? "en" : "nl",
        tags: x.tags,
        ...(x.previous >= 0 ? { previousMentor: `m${x.previous}` } : {}),
      })),
      hard: new Set(
        softAvailability
          ? (["organisation", "language", "capacity"] as const)
          : (["organisation", "language", "capacity", "availability"] as const),
      ),
      weights: { ...WEIGHTS, load },
    }));

/**
 * Every assignment that meets the hard constraints, by plain enumeration (pair scores read
 * from `scorePair`, the load spread added at each leaf): the best score, or undefined.
 */
function bruteForce(problem: PairingProblem): number | undefined {
  const { units, mentors, hard, weights } = problem;
  const cells = units.map((u) =>
    mentors.map((m) => {
      const pair = scorePair(problem, u, m);
      return pair.broken.some((c) => hard.has(c)) ? undefined : pair.score;
    }),
  );
  const load = mentors.map(() => 0);
  let best: number | undefined;
  const visit = (i: number, score: number) => {
    if (i === units.length) {
      const total = load.reduce((sum, l) => sum - (weights.load * l * (l - 1)) / 2, score);
      if (best === undefined || total > best) best = total;
      return;
    }
    mentors.forEach((m, j) => {
      const cell = cells[i]?.[j];
      if (cell === undefined || (load[j] as number) >= m.capacity) return;
      load[j] = (load[j] as number) + 1;
      visit(i + 1, score + cell);
      load[j] = (load[j] as number) - 1;
    });
  };
  visit(0, 0);
  return best;
}

describe("the mentor pairing solver (Hungarian, npm munkres)", () => {
  it("finds the brute-force optimum on 200 random instances of 6 mentors × 8 teams, and never breaks a hard constraint", () => {
    let feasibleCount = 0;
    fc.assert(
      fc.property(instance(6, 8), (problem) => {
        const best = bruteForce(problem);
        const solution = solve(problem);
        if (best === undefined) {
          expect(solution.ok).toBe(false);
          return;
        }
        feasibleCount++;
        expect(solution.ok).toBe(true);
        if (!solution.ok) return;
        expect(solution.evaluation.brokenHard).toEqual([]);
        expect(solution.evaluation.score).toBeCloseTo(best, 6);
        expect([...solution.assignment.keys()].sort()).toEqual(problem.units.map((u) => u.id).sort());
      }),
      { numRuns: 200, seed: 14 },
    );
    expect(feasibleCount).toBeGreaterThan(50);
  }, 60_000);

  it("never breaks a hard constraint on larger generated programmes", () => {
    fc.assert(
      fc.property(instance(12, 30), (problem) => {
        const solution = solve(problem);
        if (solution.ok) expect(solution.evaluation.brokenHard).toEqual([]);
        else expect(problem.units.map((u) => u.id)).toContain(solution.infeasible.unitId);
      }),
      { numRuns: 50, seed: 7 },
    );
  });

  it("keeps the demo's fixed pairs and breaks nothing there; without them it still meets every hard constraint", async () => {
    const programme = await loadProgramme();
    const settings = pairingSettings.of(programme);
    const fixed = solve(problemOf(programme, settings));
    expect(fixed.ok).toBe(true);
    if (fixed.ok) {
      expect(Object.fromEntries(fixed.assignment)).toEqual({
        "team-vonk": "henk-westerveld",
        "team-zonnedorp": "ingrid-kok",
        "team-zorgcooperatie": "joost-van-dijk",
      });
    }
    const free = solve(problemOf(programme, { ...settings, keepFileMentors: false }));
    expect(free.ok).toBe(true);
    if (free.ok) expect(free.evaluation.brokenHard).toEqual([]);
    const perParticipant = solve(
      problemOf(programme, {
        ...settings,
        level: "participant",
        hard: ["language", "capacity"],
      }),
    );
    // 12 participants, 4 places: not enough room.
    expect(perParticipant.ok).toBe(false);
  });

  it("names the constraint that cannot be met and the smallest relaxation", () => {
    const mentor = (id: string, organisation: string, capacity = 1): MentorInput => ({
      id,
      name: id,
      organisation,
      languages: ["nl"],
      capacity,
      expertise: [],
      available: true,
    });
    const unit = (id: string, name: string, org: string): Unit => ({
      id,
      name,
      organisations: [org],
      language: "nl",
      tags: [],
    });
    const problem: PairingProblem = {
      mentors: [mentor("Henk", "Gemeente Zutphen", 2), mentor("Ingrid", "Samenspel")],
      units: [unit("a", "Team Zonnedorp", "Gemeente Zutphen"), unit("b", "Team De Vonk", "Gemeente Zutphen")],
      hard: new Set(["organisation", "language", "capacity"]),
      weights: WEIGHTS,
    };
    const solution = solve(problem);
    expect(solution.ok).toBe(false);
    if (solution.ok) return;
    const words = explainInfeasible(problem, solution.infeasible, "nl");
    expect(words.line).toMatch(
      /^Team (De Vonk|Zonnedorp): geen mentor buiten Gemeente Zutphen met plek over$/,
    );
    expect(words.relaxation).toBe("Kleinste aanpassing: geef Ingrid 1 plek meer (capacity: 1 → 2).");

    const onlyOwn: PairingProblem = {
      ...problem,
      units: [problem.units[1] as Unit],
      mentors: [mentor("Henk", "Gemeente Zutphen", 5)],
    };
    const none = solve(onlyOwn);
    expect(none.ok).toBe(false);
    if (none.ok) return;
    expect(explainInfeasible(onlyOwn, none.infeasible, "nl").line).toBe(
      "Team De Vonk: geen mentor buiten Gemeente Zutphen",
    );
    expect(none.infeasible.relaxation).toEqual({
      kind: "exception",
      constraint: "organisation",
      mentorId: "Henk",
    });
  });
});
