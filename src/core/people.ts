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
  /** Mentors set at run time (an approved pairing), by participant id: they win over the file's `mentor:`. */
  private mentorOverrides: ReadonlyMap<string, string> = new Map();
  /**
   * People who had their data erased ("verwijder mij"): not in the programme for the bot any
   * more, even though the programme file still names them, until a coordinator adds them back.
   */
  private erased: ReadonlySet<string> = new Set();

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
    return this.erased.has(id) ? undefined : this.byId.get(id);
  }

  all(): Person[] {
    return [...this.byId.values()].filter((p) => !this.erased.has(p.id));
  }

  /** Who is erased now (replaces the set as a whole). */
  setErased(ids: Iterable<string>): void {
    this.erased = new Set(ids);
  }

  isErased(id: string): boolean {
    return this.erased.has(id);
  }

  withRole(role: Role): Person[] {
    return this.all().filter((p) => p.role === role);
  }

  /** The person behind a platform user id (`slack`, `teams`) or an e-mail address (`email`). */
  byPlatform(platform: string, userId: string): Person | undefined {
    const person = this.byIdentity.get(identityKey(platform, userId));
    return person && !this.erased.has(person.id) ? person : undefined;
  }

  teamOf(personId: string): Team | undefined {
    return this.teamByMember.get(personId);
  }

  /**
   * Who mentors whom from now on, by participant id (an approved pairing): replaces the
   * previous overrides as a whole. A participant without an entry keeps their team's
   * `mentor:` from the programme file; ids that are not a mentor here are ignored.
   */
  setMentorOverrides(mentorByParticipant: ReadonlyMap<string, string>): void {
    this.mentorOverrides = new Map(
      [...mentorByParticipant].filter(([, mentorId]) => this.byId.get(mentorId)?.role === "mentor"),
    );
  }

  /** The mentor of a participant: from an approved pairing, else their team's `mentor:`. */
  mentorOf(personId: string): Person | undefined {
    const mentorId = this.mentorOverrides.get(personId) ?? this.teamOf(personId)?.mentor;
    return mentorId ? this.get(mentorId) : undefined;
  }

  /** The participants a mentor mentors (through `mentorOf`), in the programme file's order. */
  menteesOf(mentorId: string): Person[] {
    return this.withRole("participant").filter((p) => this.mentorOf(p.id)?.id === mentorId);
  }

  /** Finds a person by id, full name or first name (case-insensitive); undefined when ambiguous. */
  find(query: string): Person | undefined {
    const q = query.trim().toLowerCase();
    const exact = this.get(q) ?? this.all().find((p) => p.name.toLowerCase() === q);
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
