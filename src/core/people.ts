import type { Language, Programme, Team } from "../config/programme-schema.js";

export type Role = "participant" | "mentor" | "coordinator";

/** A person in the programme, in the core's own terms. `id` is the core person id. */
export interface Person {
  id: string;
  name: string;
  firstName: string;
  role: Role;
  organisation?: string;
  /** The language set in the programme file; a person's own choice (stored) wins over it. */
  language?: Language;
  timezone: string;
  learningQuestion?: string;
  identities: { email?: string; slack?: string; teams?: string };
}

/**
 * Everyone in one programme, with the look-ups the bot needs: by core id, by platform
 * user id, team and mentor relations. Built once from the validated programme.
 */
export class Directory {
  private readonly byId = new Map<string, Person>();
  private readonly byIdentity = new Map<string, Person>();
  private readonly teamByMember = new Map<string, Team>();

  constructor(readonly programme: Programme) {
    const add = (role: Role, p: Programme["participants"][number] | Programme["coordinators"][number]) => {
      const person: Person = {
        id: p.id,
        name: p.name,
        firstName: p.name.split(/\s+/)[0] ?? p.name,
        role,
        organisation: p.organisation,
        language: p.language,
        timezone: p.timezone ?? programme.timezone,
        learningQuestion: "learningQuestion" in p ? p.learningQuestion : undefined,
        identities: p.identities,
      };
      this.byId.set(person.id, person);
      for (const [platform, value] of Object.entries(p.identities)) {
        if (value) this.byIdentity.set(identityKey(platform, value), person);
      }
    };
    for (const p of programme.participants) add("participant", p);
    for (const p of programme.mentors) add("mentor", p);
    for (const p of programme.coordinators) add("coordinator", p);
    for (const team of programme.teams) for (const m of team.members) this.teamByMember.set(m, team);
  }

  get(id: string): Person | undefined {
    return this.byId.get(id);
  }

  all(): Person[] {
    return [...this.byId.values()];
  }

  withRole(role: Role): Person[] {
    return this.all().filter((p) => p.role === role);
  }

  /** The person behind a platform user id (`slack`, `teams`) or an e-mail address (`email`). */
  byPlatform(platform: string, userId: string): Person | undefined {
    return this.byIdentity.get(identityKey(platform, userId));
  }

  teamOf(personId: string): Team | undefined {
    return this.teamByMember.get(personId);
  }

  /** The mentor of a participant's team, if the team has one. */
  mentorOf(personId: string): Person | undefined {
    const mentorId = this.teamOf(personId)?.mentor;
    return mentorId ? this.byId.get(mentorId) : undefined;
  }

  /** Finds a person by id, full name or first name (case-insensitive); undefined when ambiguous. */
  find(query: string): Person | undefined {
    const q = query.trim().toLowerCase();
    const exact = this.byId.get(q) ?? this.all().find((p) => p.name.toLowerCase() === q);
    if (exact) return exact;
    const matches = this.all().filter(
      (p) => p.firstName.toLowerCase() === q || p.id.startsWith(q) || p.name.toLowerCase().startsWith(q),
    );
    return matches.length === 1 ? matches[0] : undefined;
  }
}

function identityKey(platform: string, value: string): string {
  return `${platform}:${platform === "email" ? value.toLowerCase() : value}`;
}
