import type { Programme } from "../../config/programme-schema.js";
import type { MentorInput, PairingProblem, Unit } from "./solver.js";
import type { PairingSettings } from "./settings.js";

const lower = (tags: readonly string[] | undefined) => (tags ?? []).map((t) => t.trim().toLowerCase());

/**
 * The pairing problem a programme file describes: its teams (or participants, at
 * `level: participant`) and its mentors, with the hard constraints and weights of `pairing:`.
 * `previous`: the approved pairing (unit id → mentor id), kept stable where it can be.
 */
export function problemOf(
  programme: Programme,
  settings: PairingSettings,
  previous?: ReadonlyMap<string, string>,
): PairingProblem {
  const participants = new Map(programme.participants.map((p) => [p.id, p]));
  const first = programme.sessions[0]?.date ?? "";
  const last = programme.sessions.at(-1)?.date ?? "";
  const mentors: MentorInput[] = programme.mentors.map((m) => ({
    id: m.id,
    name: m.name,
    ...(m.organisation ? { organisation: m.organisation } : {}),
    languages: m.languages ?? [m.language ?? programme.language],
    capacity: m.capacity,
    expertise: lower(m.expertise),
    available:
      (!m.availability?.from || m.availability.from <= first) &&
      (!m.availability?.until || m.availability.until >= last),
  }));
  const mentorIds = new Set(mentors.map((m) => m.id));
  const known = (id: string | undefined) => (id && mentorIds.has(id) ? id : undefined);
  let units: Unit[];
  if (settings.level === "team") {
    units = programme.teams.map((team) => {
      const members = team.members.flatMap((id) => participants.get(id) ?? []);
      const fixed = settings.keepFileMentors ? known(team.mentor) : undefined;
      const previousMentor = known(previous?.get(team.id)) ?? known(team.mentor);
      return {
        id: team.id,
        name: team.name,
        organisations: [...new Set(members.flatMap((p) => p.organisation ?? []))],
        language: team.language ?? programme.language,
        tags: [...new Set([...lower(team.needs), ...members.flatMap((p) => lower(p.interests))])],
        ...(fixed ? { fixedMentor: fixed } : {}),
        ...(previousMentor ? { previousMentor } : {}),
      };
    });
  } else {
    const teamOf = new Map(programme.teams.flatMap((t) => t.members.map((m) => [m, t] as const)));
    units = programme.participants.map((p) => {
      const team = teamOf.get(p.id);
      const previousMentor = known(previous?.get(p.id)) ?? known(team?.mentor);
      return {
        id: p.id,
        name: p.name,
        organisations: p.organisation ? [p.organisation] : [],
        language: p.language ?? programme.language,
        tags: [...new Set([...lower(p.interests), ...lower(team?.needs)])],
        ...(previousMentor ? { previousMentor } : {}),
      };
    });
  }
  return { units, mentors, hard: new Set(settings.hard), weights: settings.weights };
}

/** Who mentors whom, by participant id: what the directory follows (a team's mentor is each member's). */
export function mentorByParticipant(
  programme: Programme,
  level: PairingSettings["level"],
  assignment: ReadonlyMap<string, string>,
): Map<string, string> {
  if (level === "participant") return new Map(assignment);
  const out = new Map<string, string>();
  for (const team of programme.teams) {
    const mentor = assignment.get(team.id);
    if (mentor) for (const m of team.members) out.set(m, mentor);
  }
  return out;
}
