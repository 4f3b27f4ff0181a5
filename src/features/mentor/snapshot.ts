import { DateTime } from "luxon";
import type { Session, Team } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import type { ParticipationSources } from "../../core/participation.js";
import type { Person } from "../../core/people.js";
import { type Answer, type Delivery, isReceived, type PersonState } from "../../storage/records.js";
import { nudgeDeliveryId } from "./ids.js";
import {
  type HomeworkReader,
  type HomeworkStanding,
  type SessionStanding,
  sessionStandings,
} from "./sources.js";

/** Where a member stands with this week's reflection prompt. */
export type MemberStatus = "answered" | "skipped" | "noResponse" | "paused" | "optedOut" | "notReached";

export interface MemberLine {
  person: Person;
  /** Undefined when there was no prompt this week. */
  status?: MemberStatus;
  /** Their answer to this week's prompt is shared (with the mentor, or also the team). */
  sharedThisWeek: boolean;
  nudged: boolean;
  /** A nudge may go: no answer yet, not skipped, not paused or opted out, not nudged yet. */
  nudgeable: boolean;
  session?: SessionStanding;
}

/** An answer a participant shared with their mentor (or also their team): its full text. */
export interface SharedAnswer {
  person: Person;
  answer: Pick<Answer, "occurrenceId" | "promptText" | "text" | "visibility" | "updatedAt">;
}

export interface TeamView {
  /** The team the members are in (undefined: mentees without a team, by an approved pairing). */
  team?: Team;
  members: MemberLine[];
  /** Shared with the mentor, newest first (all of them, or since a moment). */
  shared: SharedAnswer[];
  /** Answers to this week's prompt that are private: a count, never their words. */
  privateCount: number;
  homework: HomeworkStanding[];
}

/** What one mentor's views show, read at one moment. */
export interface MentorView {
  mentor: Person;
  at: Date;
  /** This week's reflection prompt (the latest in the week before `at`). */
  occurrenceId?: string;
  nextSession?: { session: Session; number: number };
  teams: TeamView[];
}

const WEEK_MS = 7 * 86_400_000;

/**
 * Reads what the mentors' views need for many mentors at once: one `getMany` per kind of
 * record for all their mentees together, never one person at a time, never a scan. Private
 * answers leave this function as counts only: their text is never copied out.
 */
export async function readViews(
  bot: Bot,
  deps: { participation: ParticipationSources; homework: HomeworkReader },
  mentors: Person[],
  at: Date,
  options: { sharedSince?: Date } = {},
): Promise<MentorView[]> {
  const { store, directory, programme } = bot;
  const wanted = new Set(mentors.map((m) => m.id));
  const menteesBy = new Map<string, Person[]>();
  for (const p of directory.withRole("participant")) {
    const mentor = directory.mentorOf(p.id);
    if (!mentor || !wanted.has(mentor.id)) continue;
    const list = menteesBy.get(mentor.id) ?? [];
    list.push(p);
    menteesBy.set(mentor.id, list);
  }
  const mentees = [...menteesBy.values()].flat();
  const ids = mentees.map((p) => p.id);

  const index = (await store.occurrenceIndex.get("all"))?.occurrences ?? [];
  const week = [...index]
    .reverse()
    .find(
      (o) => new Date(o.at).getTime() <= at.getTime() && new Date(o.at).getTime() > at.getTime() - WEEK_MS,
    );
  const occurrenceId = week?.id;
  // The prompt before it: a nudge for that one, sent after the last digest, shows in this one.
  const before = week ? index[index.findIndex((o) => o.id === week.id) - 1] : undefined;

  const today = DateTime.fromJSDate(at, { zone: programme.timezone }).toISODate() as string;
  const sessionIndex = programme.sessions.findIndex((s) => s.date >= today);
  const session = sessionIndex >= 0 ? programme.sessions[sessionIndex] : undefined;

  const [books, states, deliveries, nudges, earlierNudges, standings, items] = await Promise.all([
    store.answers.getMany(ids),
    store.people.getMany(ids),
    occurrenceId ? store.deliveries.getMany(ids.map((id) => `${occurrenceId}:${id}`)) : Promise.resolve([]),
    occurrenceId
      ? store.deliveries.getMany(ids.map((id) => nudgeDeliveryId(occurrenceId, id)))
      : Promise.resolve([]),
    before ? store.deliveries.getMany(ids.map((id) => nudgeDeliveryId(before.id, id))) : Promise.resolve([]),
    session ? sessionStandings(deps.participation, ids, session.date) : Promise.resolve(new Map()),
    deps.homework.assignments(at),
  ]);
  const homework = await deps.homework.standings(items, ids);
  const byId = new Map(ids.map((id, i) => [id, i]));
  const since = options.sharedSince?.getTime();

  const line = (person: Person): { line: MemberLine; shared: SharedAnswer[]; private: boolean } => {
    const i = byId.get(person.id) as number;
    const answers = books[i]?.answers ?? [];
    const state: PersonState | undefined = states[i];
    const delivery: Delivery | undefined = deliveries[i];
    const sent = (d: Delivery | undefined) => d?.status === "sent" || d?.status === "interrupted";
    const earlier = earlierNudges[i];
    const nudgedNow = sent(nudges[i]);
    const nudged =
      nudgedNow || (sent(earlier) && new Date(earlier?.at ?? 0).getTime() >= at.getTime() - WEEK_MS);
    const current = occurrenceId ? answers.find((a) => a.occurrenceId === occurrenceId) : undefined;
    let status: MemberStatus | undefined;
    if (occurrenceId) {
      if (current) status = "answered";
      else if (state?.skipped.includes(occurrenceId)) status = "skipped";
      else if (state?.optedOut) status = "optedOut";
      else if (state?.pausedUntil && new Date(state.pausedUntil) > at) status = "paused";
      else if (isReceived(delivery)) status = "noResponse";
      else if (delivery?.status === "missed" && state?.pausedUntil) status = "paused";
      else status = "notReached";
    }
    const shared = answers
      .filter(
        (a) => a.visibility !== "private" && (since === undefined || new Date(a.updatedAt).getTime() > since),
      )
      .map((a) => ({
        person,
        answer: {
          occurrenceId: a.occurrenceId,
          promptText: a.promptText,
          text: a.text,
          visibility: a.visibility,
          updatedAt: a.updatedAt,
        },
      }));
    return {
      line: {
        person,
        status,
        sharedThisWeek: !!current && current.visibility !== "private",
        nudged,
        nudgeable: status === "noResponse" && !nudgedNow,
        session: standings.get(person.id),
      },
      shared,
      private: current?.visibility === "private",
    };
  };

  return mentors.map((mentor) => {
    const list = menteesBy.get(mentor.id) ?? [];
    const groups = new Map<string, { team?: Team; people: Person[] }>();
    for (const p of list) {
      const team = directory.teamOf(p.id);
      const key = team?.id ?? "";
      const g = groups.get(key) ?? { team, people: [] };
      g.people.push(p);
      groups.set(key, g);
    }
    const teams = [...groups.values()].map((g): TeamView => {
      const lines = g.people.map(line);
      const members = new Set(g.people.map((p) => p.id));
      return {
        team: g.team,
        members: lines.map((l) => l.line),
        shared: lines
          .flatMap((l) => l.shared)
          .sort((a, b) => b.answer.updatedAt.localeCompare(a.answer.updatedAt)),
        privateCount: lines.filter((l) => l.private).length,
        homework: homework.filter((h) => h.members.some((m) => members.has(m))),
      };
    });
    return {
      mentor,
      at,
      occurrenceId,
      nextSession: session ? { session, number: sessionIndex + 1 } : undefined,
      teams,
    };
  });
}

/** True when a week had nothing to tell: nothing shared, nobody answered, no homework open and not done. */
export function isQuiet(view: MentorView): boolean {
  return view.teams.every(
    (t) =>
      t.shared.length === 0 &&
      t.members.every((m) => m.status !== "answered") &&
      t.homework.every((h) => h.done || h.assignment.opensAt > view.at),
  );
}
