/** `kampvuur pair`: the best mentor pairing for the programme file, with its reasons; or the rule that cannot be met. */
import type { FeatureCommand } from "../../core/feature.js";
import { KampvuurError } from "../../kernel/errors.js";
import { explain, explainInfeasible, formatScore } from "./explain.js";
import type { Pairing } from "./service.js";
import { strings } from "./strings.js";

export const PAIRING_CLI: FeatureCommand<Pairing>[] = [
  {
    name: "pair",
    description:
      "propose the best mentor pairing (hard rules kept), with the reasons per pair and the total score; exit 2 when none exists",
    options: [{ flags: "--json", description: "one JSON object: the pairs, their reasons and the score" }],
    async run(pairing, { options, programme }, out) {
      const language = programme.language;
      const t = strings(language);
      const { problem, solution } = await pairing.propose();
      if (problem.units.length === 0 || problem.mentors.length === 0) {
        // Nothing to pair is not a failure of the solver: say what the file lacks.
        out.write(`${problem.mentors.length === 0 ? t.noMentors : t.noUnits(pairing.settings.level)}\n`);
        return;
      }
      if (!solution.ok) {
        const why = explainInfeasible(problem, solution.infeasible, language);
        throw new KampvuurError("config_invalid", `${why.line}\n${why.relaxation}`);
      }
      const pairs = explain(problem, solution.assignment, solution.evaluation, language);
      if (options.json) {
        out.write(
          `${JSON.stringify({
            programme: programme.id,
            level: pairing.settings.level,
            hard: [...problem.hard],
            score: solution.evaluation.score,
            pairs: pairs.map((p) => ({
              unit: p.unitId,
              unitName: p.unit,
              mentor: p.mentorId,
              mentorName: p.mentor,
              score: p.score,
              shared: p.shared,
              reasons: p.reasons,
            })),
          })}\n`,
        );
        return;
      }
      out.write(`${t.proposalTitle(pairing.settings.level)} (${programme.name})\n\n`);
      for (const p of pairs)
        out.write(
          `${p.unit} → ${p.mentor}  [${formatScore(p.score)}]\n  ${[p.shared.length ? t.shared(p.shared) : t.noShared, ...p.reasons].join("; ")}\n`,
        );
      out.write(`\n${t.score(formatScore(solution.evaluation.score))}\n`);
    },
  },
];
