import { problemOf } from "../src/features/pairing/model.js";
import { pairingSettings } from "../src/features/pairing/settings.js";
import { solve } from "../src/features/pairing/solver.js";
import { programmeSchema } from "../src/config/programme-schema.js";

export interface PairingFigures {
  participants: number;
  mentors: number;
  slots: number;
  /** Building the problem from the programme and solving it (Hungarian on participants × mentor slots). */
  solveMs: number;
  score: number;
  brokenHard: number;
}

/** A seeded generator (mulberry32): the same programme every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mentor pairing at participant level: `n` participants (20 organisations, 30 tags, one in
 * ten English-speaking) and `m` mentors with capacity 12 each, organisation, language and
 * capacity hard.
 */
export function benchPairing(n: number, m: number): PairingFigures {
  const rnd = random(14);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const orgs = Array.from({ length: 20 }, (_, i) => `Organisatie ${i}`);
  const tags = Array.from({ length: 30 }, (_, i) => `onderwerp-${i}`);
  const some = (k: number) => [...new Set(Array.from({ length: k }, () => pick(tags)))];
  const programme = programmeSchema.parse({
    id: "bench-pairing",
    name: "Bench",
    sessions: [{ date: "2026-11-12", theme: "Dag 1" }],
    coordinators: [{ id: "c", name: "C" }],
    participants: Array.from({ length: n }, (_, i) => ({
      id: `p-${i}`,
      name: `Deelnemer ${i}`,
      organisation: pick(orgs),
      interests: some(3),
      ...(rnd() < 0.1 ? { language: "en" } : {}),
    })),
    mentors: Array.from({ length: m }, (_, i) => ({
      id: `m-${i}`,
      name: `Mentor ${i}`,
      organisation: pick(orgs),
      capacity: 12,
      expertise: some(4),
      languages: rnd() < 0.5 ? ["nl", "en"] : ["nl"],
    })),
  });
  const settings = { ...pairingSettings.of(programme), level: "participant" as const };
  const t0 = performance.now();
  const problem = problemOf(programme, settings);
  const solution = solve(problem);
  const solveMs = performance.now() - t0;
  if (!solution.ok) throw new Error(`no pairing: ${solution.infeasible.unitId}`);
  return {
    participants: n,
    mentors: m,
    slots: problem.mentors.reduce((s, x) => s + x.capacity, 0),
    solveMs,
    score: solution.evaluation.score,
    brokenHard: solution.evaluation.brokenHard.length,
  };
}

/** Child-process entry: `tsx bench/pairing.ts <participants> <mentors>` prints one JSON line. */
if (process.argv[1]?.endsWith("pairing.ts")) {
  const [n = "500", m = "50"] = process.argv.slice(2);
  try {
    process.stdout.write(`${JSON.stringify(benchPairing(Number(n), Number(m)))}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`);
  }
}
