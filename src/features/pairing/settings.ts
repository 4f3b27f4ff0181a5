import { z } from "zod";
import { defineSection } from "../../config/programme-schema.js";

/** The hard constraints a pairing can have; the ones not hard are soft (a penalty, `weights`). */
export const CONSTRAINTS = ["organisation", "language", "capacity", "availability"] as const;
export type Constraint = (typeof CONSTRAINTS)[number];

const weight = z.number().min(0).max(100);

const weightsSchema = z
  .object({
    /** Per expertise tag a mentor shares with what a team or participant needs. */
    expertise: weight.default(3),
    /** Load spread: the k-th mentee of a mentor costs k × this (so 3 mentees cost 0 + 1 + 2). */
    load: weight.default(1),
    /** Keeping the pair an approved pairing (or the file's `mentor:`) already has. */
    stability: weight.default(2),
    /** When `organisation` is not hard: a mentor from the mentee's own organisation. */
    organisation: weight.default(10),
    /** When `language` is not hard: no shared language. */
    language: weight.default(10),
    /** When `capacity` is not hard: each mentee over a mentor's capacity. */
    capacity: weight.default(10),
    /** When `availability` is not hard: a mentor who is not there for the whole programme. */
    availability: weight.default(5),
  })
  .strict();

const DEFAULT_WEIGHTS = weightsSchema.parse({});

const peersSchema = z
  .object({
    /** Leerbuddy's: once between two session days, pairs from different teams and organisations. */
    enabled: z.boolean().default(false),
    /** How many days after a session day the round's introductions go out (09:00, programme timezone). */
    daysAfter: z.number().int().min(0).max(28).default(2),
    /** The "hebben jullie elkaar gesproken?" follow-up, this many days after the introduction. */
    followUpDays: z.number().int().min(1).max(28).default(7),
  })
  .strict();

/**
 * `pairing:` in the programme file: mentor pairing (`kampvuur pair`, `koppel mentoren`) and
 * peer learning pairs. Optional; without it a mentor is paired with each team, with the hard
 * constraints organisation, language and capacity, and the file's `mentor:` kept as fixed pairs.
 *
 * @example
 * pairing:
 *   level: team                      # or participant: a mentor per participant
 *   hard: [organisation, language, capacity]
 *   weights: { expertise: 3, load: 1, stability: 2 }
 *   keepFileMentors: true            # a team with `mentor:` is a fixed pair
 *   peers: { enabled: true }
 */
export const pairingSettings = defineSection(
  "pairing",
  z
    .object({
      level: z.enum(["team", "participant"]).default("team"),
      hard: z.array(z.enum(CONSTRAINTS)).default(["organisation", "language", "capacity"]),
      weights: weightsSchema.default(DEFAULT_WEIGHTS),
      keepFileMentors: z.boolean().default(true),
      peers: peersSchema.default({ enabled: false, daysAfter: 2, followUpDays: 7 }),
    })
    .strict()
    .default({
      level: "team",
      hard: ["organisation", "language", "capacity"],
      weights: DEFAULT_WEIGHTS,
      keepFileMentors: true,
      peers: { enabled: false, daysAfter: 2, followUpDays: 7 },
    }),
);

export type PairingSettings = ReturnType<typeof pairingSettings.of>;
export type Weights = PairingSettings["weights"];
