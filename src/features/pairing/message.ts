import type { Language } from "../../config/programme-schema.js";
import type { Block, Form, Message } from "../../core/messages.js";
import { explain, formatScore } from "./explain.js";
import type { PairingDraft } from "./records.js";
import type { Evaluation, PairingProblem } from "./solver.js";
import { strings } from "./strings.js";

export const ACTION_APPROVE = "pairing.approve";
export const ACTION_SWAP = "pairing.swap";
export const ACTION_CANCEL = "pairing.cancel";
export const FORM_SWAP = "pairing.swap";

/** The proposal as the coordinator reads it on a phone: per pair who and why, the score, what it breaks, the buttons. */
export function proposalMessage(
  problem: PairingProblem,
  draft: PairingDraft,
  evaluation: Evaluation,
  language: Language,
  note?: string,
): Message {
  const t = strings(language);
  const assignment = new Map(Object.entries(draft.assignment));
  const pairs = explain(problem, assignment, evaluation, language);
  const lines = pairs.map((p) =>
    [
      t.pairLine(p.unit, p.mentor),
      `  ${[p.shared.length ? t.shared(p.shared) : t.noShared, ...p.reasons].join("; ")}`,
    ].join("\n"),
  );
  const broken = pairs.flatMap((p) => p.broken.map((why) => t.brokenLine(p.unit, why)));
  const score = formatScore(evaluation.score);
  const blocks: Block[] = [
    { type: "section", title: t.proposalTitle(draft.level), text: lines.join("\n") },
    {
      type: "text",
      text:
        Math.abs(evaluation.score - draft.proposedScore) > 1e-9
          ? t.scoreChange(formatScore(draft.proposedScore), score)
          : t.score(score),
    },
  ];
  if (broken.length > 0) blocks.push({ type: "text", text: [t.brokenTitle, ...broken].join("\n") });
  if (note) blocks.push({ type: "context", text: note });
  blocks.push({ type: "context", text: t.notSentYet });
  blocks.push({
    type: "actions",
    buttons: [
      {
        actionId: ACTION_APPROVE,
        label: broken.length > 0 ? t.approveAnyway : t.approve,
        value: draft.id,
        ...(broken.length > 0 ? { style: "danger" as const } : { style: "primary" as const }),
      },
      ...(pairs.length > 1 ? [{ actionId: ACTION_SWAP, label: t.swap, value: draft.id }] : []),
      { actionId: ACTION_CANCEL, label: t.cancel, value: draft.id },
    ],
  });
  return { kind: "pairing-proposal", blocks };
}

/** Which two pairs exchange their mentors. */
export function swapForm(problem: PairingProblem, draft: PairingDraft, language: Language): Form {
  const t = strings(language).swapForm;
  const names = new Map(problem.mentors.map((m) => [m.id, m.name]));
  const options = problem.units
    .filter((u) => draft.assignment[u.id])
    .map((u) => ({ value: u.id, label: `${u.name} (${names.get(draft.assignment[u.id] ?? "") ?? ""})` }));
  return {
    formId: FORM_SWAP,
    title: t.title,
    submitLabel: t.submit,
    metadata: draft.id,
    fields: [
      { kind: "choice", id: "a", label: t.a, required: true, options },
      { kind: "choice", id: "b", label: t.b, required: true, options },
    ],
  };
}
