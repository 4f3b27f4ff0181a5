import { z } from "zod";
import { defineCollection } from "../../storage/collection.js";

const isoTime = z.iso.datetime({ offset: true });
/** Unit id (a team or a participant) → mentor id. */
const assignmentSchema = z.record(z.string(), z.string());

/** A proposal a coordinator is looking at: what the solver gave, with their swaps. `pairing-draft:<id>`. */
export const pairingDraftSchema = z.object({
  id: z.string(),
  authorId: z.string(),
  createdAt: isoTime,
  level: z.enum(["team", "participant"]),
  assignment: assignmentSchema,
  /** The solver's score for its own proposal, to show what a swap costs. */
  proposedScore: z.number(),
  status: z.enum(["draft", "approved", "cancelled"]),
});
export type PairingDraft = z.infer<typeof pairingDraftSchema>;
export const pairingDrafts = defineCollection("pairing-draft", pairingDraftSchema);

export const approvalSchema = z.object({
  version: z.number().int().positive(),
  level: z.enum(["team", "participant"]),
  assignment: assignmentSchema,
  /** The coordinator who approved it (`erased` after their data was erased). */
  approvedBy: z.string(),
  approvedAt: isoTime,
  draftId: z.string(),
});
export type Approval = z.infer<typeof approvalSchema>;

/**
 * `pairing-state:current`: every approved pairing, oldest first (the last one applies), and
 * the drafts with their authors (so a coordinator's data is found without a scan).
 */
export const pairingStateSchema = z.object({
  history: z.array(approvalSchema).default([]),
  drafts: z.array(z.object({ id: z.string(), authorId: z.string() })).default([]),
});
export type PairingState = z.infer<typeof pairingStateSchema>;
export const pairingStates = defineCollection("pairing-state", pairingStateSchema);

/** One round of leerbuddy's: the pairs (and trio) made after a session day. `peer-round:<session date>`. */
export const peerRoundSchema = z.object({
  id: z.string(),
  createdAt: isoTime,
  groups: z.array(z.array(z.string()).min(2).max(3)),
});
export type PeerRound = z.infer<typeof peerRoundSchema>;
export const peerRounds = defineCollection("peer-round", peerRoundSchema);

/** `peer-rounds:all`: the ids of every round made, oldest first (the history that stops a pair twice). */
export const peerRoundIndex = defineCollection(
  "peer-rounds",
  z.object({ ids: z.array(z.string()).default([]) }),
);

/** `peer-person:<person>`: opted out of leerbuddy's, and their answers to "hebben jullie elkaar gesproken?". */
export const peerPersonSchema = z.object({
  personId: z.string(),
  optedOut: z.boolean().default(false),
  answers: z
    .array(z.object({ round: z.string(), answer: z.enum(["yes", "notYet", "no"]), at: isoTime }))
    .default([]),
});
export type PeerPerson = z.infer<typeof peerPersonSchema>;
export const peerPeople = defineCollection("peer-person", peerPersonSchema);
