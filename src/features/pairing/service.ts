import { randomBytes } from "node:crypto";
import pMap from "p-map";
import type { Language } from "../../config/programme-schema.js";
import type { AuditLog } from "../../core/audit.js";
import type { Bot } from "../../core/bot.js";
import type { Deliverer, DeliveryOutcome } from "../../core/deliveries.js";
import type { Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import type { Collection } from "../../storage/collection.js";
import { type Delivery, isFinal } from "../../storage/records.js";
import { mentorByParticipant, problemOf } from "./model.js";
import {
  type Approval,
  type PairingDraft,
  pairingDrafts,
  pairingStates,
  peerPeople,
  peerRoundIndex,
  peerRounds,
} from "./records.js";
import type { PairingSettings } from "./settings.js";
import { evaluate, type PairingProblem, type Solution, solve } from "./solver.js";
import { strings } from "./strings.js";

export const INTRO_KIND = "pairing.intro";
const STATE = "current";

/** One introduction of an approved pairing: to a mentor (their mentees) or a participant (their mentor). */
export interface Introduction {
  deliveryId: string;
  person: Person;
}

export const introOccurrenceId = (version: number) => `pairing:v${version}`;
export const introDeliveryId = (version: number, personId: string) => `pairing:v${version}:intro:${personId}`;

/**
 * Mentor pairing: the solver's proposal as a coordinator's draft, their swaps, the approval
 * (kept with its history), the directory following the approved pairing, and the
 * introductions, each exactly once through the deliverer.
 */
export class Pairing {
  readonly drafts: Collection<typeof pairingDrafts.schema>;
  readonly state: Collection<typeof pairingStates.schema>;
  readonly peerRounds: Collection<typeof peerRounds.schema>;
  readonly peerIndex: Collection<typeof peerRoundIndex.schema>;
  readonly peerPeople: Collection<typeof peerPeople.schema>;

  constructor(
    readonly bot: Bot,
    readonly deliverer: Deliverer,
    private readonly audit: AuditLog,
    readonly settings: PairingSettings,
  ) {
    this.drafts = bot.store.collection(pairingDrafts);
    this.state = bot.store.collection(pairingStates);
    this.peerRounds = bot.store.collection(peerRounds);
    this.peerIndex = bot.store.collection(peerRoundIndex);
    this.peerPeople = bot.store.collection(peerPeople);
  }

  /** The approved pairing that applies now (the last one), if any. */
  async current(): Promise<Approval | undefined> {
    return (await this.state.get(STATE))?.history.at(-1);
  }

  /** The problem the programme file describes, with the approved pairing as what to keep stable. */
  async problem(): Promise<PairingProblem> {
    const current = await this.current();
    const previous =
      current && current.level === this.settings.level
        ? new Map(Object.entries(current.assignment))
        : undefined;
    return problemOf(this.bot.programme, this.settings, previous);
  }

  async propose(): Promise<{ problem: PairingProblem; solution: Solution }> {
    const problem = await this.problem();
    return { problem, solution: solve(problem) };
  }

  /** The directory follows the approved pairing (the file's `mentor:` where it says nothing). */
  async applyToDirectory(): Promise<void> {
    const current = await this.current();
    this.bot.directory.setMentorOverrides(
      current
        ? mentorByParticipant(this.bot.programme, current.level, new Map(Object.entries(current.assignment)))
        : new Map(),
    );
  }

  // ── drafts ────────────────────────────────────────────────────────────────
  async createDraft(
    author: Person,
    assignment: ReadonlyMap<string, string>,
    score: number,
  ): Promise<PairingDraft> {
    const draft: PairingDraft = {
      id: randomBytes(9).toString("base64url"),
      authorId: author.id,
      createdAt: this.bot.clock.now().toISOString(),
      level: this.settings.level,
      assignment: Object.fromEntries(assignment),
      proposedScore: score,
      status: "draft",
    };
    await this.drafts.set(draft.id, draft);
    await this.state.update(STATE, (s) => ({
      history: s?.history ?? [],
      drafts: [...(s?.drafts ?? []), { id: draft.id, authorId: author.id }],
    }));
    return draft;
  }

  getDraft(id: string): Promise<PairingDraft | undefined> {
    return this.drafts.get(id);
  }

  /** Two units exchange their mentors (a draft only). */
  async swap(id: string, a: string, b: string): Promise<PairingDraft | undefined> {
    if (!(await this.drafts.has(id))) return undefined;
    return this.drafts.update(id, (d) => {
      const draft = d as PairingDraft;
      const ma = draft.assignment[a];
      const mb = draft.assignment[b];
      if (draft.status !== "draft" || !ma || !mb) return draft;
      return { ...draft, assignment: { ...draft.assignment, [a]: mb, [b]: ma } };
    });
  }

  async cancel(id: string): Promise<PairingDraft | undefined> {
    if (!(await this.drafts.has(id))) return undefined;
    return this.drafts.update(id, (d) =>
      d?.status === "draft" ? { ...d, status: "cancelled" } : (d as PairingDraft),
    );
  }

  // ── approval ──────────────────────────────────────────────────────────────
  /**
   * "Goedkeuren": the draft becomes the next version (once: a second click or another replica
   * adds no version), the directory follows it at once, and the introductions go out, each
   * exactly once. Returns the version and how its introductions went.
   */
  async approve(
    draft: PairingDraft,
    actor: Person,
  ): Promise<{ approval: Approval; outcomes: { person: Person; outcome: DeliveryOutcome }[] } | undefined> {
    let first = false;
    const decided = await this.drafts.update(draft.id, (d) => {
      first = d?.status === "draft";
      return first && d ? { ...d, status: "approved" } : (d ?? draft);
    });
    if (decided.status !== "approved") return undefined;
    if (first) {
      await this.state.update(STATE, (s) => {
        const history = s?.history ?? [];
        if (history.some((h) => h.draftId === decided.id)) return { history, drafts: s?.drafts ?? [] };
        const approval: Approval = {
          version: (history.at(-1)?.version ?? 0) + 1,
          level: decided.level,
          assignment: decided.assignment,
          approvedBy: actor.id,
          approvedAt: this.bot.clock.now().toISOString(),
          draftId: decided.id,
        };
        return { history: [...history, approval], drafts: s?.drafts ?? [] };
      });
    }
    const approval = (await this.state.get(STATE))?.history.find((h) => h.draftId === decided.id);
    if (!approval) return undefined;
    if (first) {
      await this.audit.record({
        actorId: actor.id,
        action: "pairing.approve",
        count: Object.keys(approval.assignment).length,
        detail: `v${approval.version}`,
      });
      this.bot.logger.info({ version: approval.version }, "mentor pairing approved");
    }
    await this.applyToDirectory();
    const outcomes = await this.sendIntroductions(approval);
    return { approval, outcomes };
  }

  /** Who mentors whom in an approval, by participant. */
  private mentorMap(approval: Approval | undefined): Map<string, string> {
    return approval
      ? mentorByParticipant(this.bot.programme, approval.level, new Map(Object.entries(approval.assignment)))
      : new Map();
  }

  /**
   * Who is introduced in a version: every participant whose mentor changed since the version
   * before (in version 1: everyone paired), and every mentor whose mentees changed.
   */
  async introductions(approval: Approval): Promise<Introduction[]> {
    const history = (await this.state.get(STATE))?.history ?? [];
    const before = this.mentorMap(history.filter((h) => h.version < approval.version).at(-1));
    const now = this.mentorMap(approval);
    const changedParticipants = [...now].filter(([p, m]) => before.get(p) !== m).map(([p]) => p);
    const menteesIn = (map: Map<string, string>, mentor: string) =>
      [...map]
        .filter(([, m]) => m === mentor)
        .map(([p]) => p)
        .sort()
        .join(",");
    const mentors = [...new Set(now.values())].filter((m) => menteesIn(before, m) !== menteesIn(now, m));
    const { directory } = this.bot;
    return [...changedParticipants, ...mentors].flatMap((id) => {
      const person = directory.get(id);
      return person ? [{ deliveryId: introDeliveryId(approval.version, id), person }] : [];
    });
  }

  async sendIntroductions(approval: Approval): Promise<{ person: Person; outcome: DeliveryOutcome }[]> {
    const targets = await this.introductions(approval);
    const known = await this.bot.store.deliveries.getMany(targets.map((t) => t.deliveryId));
    const outcomes = await pMap(
      targets,
      async (target, i) => ({
        person: target.person,
        outcome: isFinal(known[i]) ? ("already" as const) : await this.introduce(approval, target, known[i]),
      }),
      { concurrency: 8 },
    );
    return outcomes;
  }

  introduce(approval: Approval, target: Introduction, known: Delivery | undefined): Promise<DeliveryOutcome> {
    return this.deliverer.deliver(
      {
        id: target.deliveryId,
        kind: INTRO_KIND,
        occurrenceId: introOccurrenceId(approval.version),
        person: target.person,
        build: (language) => this.introMessage(approval, target.person, language),
      },
      { known },
    );
  }

  /** A mentor's introduction lists their mentees (per team); a participant's names their mentor and how to reach them. */
  introMessage(approval: Approval, person: Person, language: Language): Message | undefined {
    const { directory, programme } = this.bot;
    const map = this.mentorMap(approval);
    if (person.role === "mentor") {
      const t = strings(language).introMentor;
      const mentees = [...map].filter(([, m]) => m === person.id).map(([p]) => p);
      if (mentees.length === 0) return undefined;
      const lines = [t.hello(person.firstName)];
      const teams = programme.teams.filter((team) => team.members.some((m) => mentees.includes(m)));
      const lineOf = (id: string) => {
        const p = directory.get(id);
        if (!p) return [];
        return [
          t.person(p.name, p.organisation),
          ...(p.learningQuestion ? [t.question(p.learningQuestion)] : []),
        ];
      };
      for (const team of teams) {
        lines.push("", t.team(team.name));
        for (const m of team.members.filter((x) => mentees.includes(x))) lines.push(...lineOf(m));
        if (team.case) lines.push(t.case(team.case.name, team.case.place));
      }
      const loose = mentees.filter((m) => !directory.teamOf(m));
      if (loose.length > 0) lines.push("", ...loose.flatMap(lineOf));
      lines.push("", t.end);
      return {
        kind: INTRO_KIND,
        blocks: [{ type: "section", title: t.title(mentees.length), text: lines.join("\n") }],
      };
    }
    const mentor = directory.get(map.get(person.id) ?? "");
    if (!mentor) return undefined;
    const t = strings(language).introParticipant;
    const config = programme.mentors.find((m) => m.id === mentor.id);
    const reach: string[] = [];
    if (mentor.identities.slack && person.identities.slack)
      reach.push(t.slack(`<@${mentor.identities.slack}>`));
    if (mentor.identities.email && (person.identities.teams || !person.identities.slack))
      reach.push(t.teams(teamsChatLink(mentor.identities.email)));
    if (mentor.identities.email) reach.push(t.email(mentor.identities.email));
    const lines = [
      t.hello(person.firstName, mentor.name, mentor.organisation),
      ...(config?.expertise.length ? [t.expertise(config.expertise)] : []),
      ...(reach.length ? ["", t.reach, ...reach] : []),
      "",
      t.end,
    ];
    return { kind: INTRO_KIND, blocks: [{ type: "section", title: t.title, text: lines.join("\n") }] };
  }

  /** Scores a draft as it stands (after swaps): the score and the hard constraints it breaks. */
  async evaluateDraft(draft: PairingDraft) {
    const problem = await this.problem();
    const assignment = new Map(Object.entries(draft.assignment));
    return { problem, assignment, evaluation: evaluate(problem, assignment) };
  }
}

/** A Teams chat with one person, by e-mail (Microsoft's deep link). */
export function teamsChatLink(email: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${email}`;
}
