import type { Highs } from "highs";
import { DateTime } from "luxon";
import type { Language } from "../../config/programme-schema.js";
import type { DeliveryOutcome } from "../../core/deliveries.js";
import type { DueSend, Job, JobPlan } from "../../core/jobs.js";
import type { Message } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { isFinal } from "../../storage/records.js";
import type { PeerRound } from "./records.js";
import type { Pairing } from "./service.js";
import { strings } from "./strings.js";

/**
 * Leerbuddy's: once between two session days, participants in pairs (one trio when the count
 * is odd) from different teams and organisations, never the same two twice in a programme.
 * The pairs are a maximum-weight matching, solved as a small integer programme with HiGHS
 * (npm `highs`, WebAssembly); a week later one "hebben jullie elkaar gesproken?".
 */

export const PEER_INTRO_KIND = "pairing.peer-intro";
export const PEER_FOLLOWUP_KIND = "pairing.peer-followup";
export const ACTION_PEER_ANSWER = "pairing.peer.answer";
const GRACE_MS = 12 * 3_600_000;
const ANSWERS = ["yes", "notYet", "no"] as const;
type PeerAnswer = (typeof ANSWERS)[number];

export const peerAnswerValue = (round: string, answer: PeerAnswer) => `${round}|${answer}`;
export function parsePeerAnswer(
  value: string | undefined,
): { round: string; answer: PeerAnswer } | undefined {
  const [round, answer] = (value ?? "").split("|");
  return round && /^\d{4}-\d{2}-\d{2}$/.test(round) && ANSWERS.includes(answer as PeerAnswer)
    ? { round, answer: answer as PeerAnswer }
    : undefined;
}

let highs: Promise<Highs> | undefined;
/** HiGHS is loaded once (its WebAssembly), when the first round is made. */
/**
 * The package's types are read as CommonJS and its ESM build is loaded: its default export is the loader either way.
 * Imported here, at the first round, not at start: its code and WebAssembly (a quarter MB) stay out of memory until then.
 */
const loader = async (): Promise<() => Promise<Highs>> => {
  const highsImport = (await import("highs")).default;
  return (
    typeof highsImport === "function" ? highsImport : (highsImport as unknown as { default: unknown }).default
  ) as () => Promise<Highs>;
};
const solver = () => (highs ??= loader().then((load) => load()));

/** Someone who can get a leerbuddy. */
export interface PeerCandidate {
  id: string;
  team?: string;
  organisation?: string;
  tags: string[];
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** May these two be leerbuddy's: other team, other organisation, never before. */
function allowed(a: PeerCandidate, b: PeerCandidate, met: ReadonlySet<string>): boolean {
  if (a.team && a.team === b.team) return false;
  if (a.organisation && b.organisation && a.organisation.toLowerCase() === b.organisation.toLowerCase())
    return false;
  return !met.has(pairKey(a.id, b.id));
}

/**
 * The groups of one round: as many pairs as the rules allow (a maximum-weight matching, the
 * weight favouring shared interests), then whoever is left joins a pair they may meet both
 * of (the trio). Someone nobody may meet is left out this round.
 */
export async function matchPeers(
  people: readonly PeerCandidate[],
  met: ReadonlySet<string>,
): Promise<string[][]> {
  const edges: { a: number; b: number; w: number }[] = [];
  for (let i = 0; i < people.length; i++)
    for (let j = i + 1; j < people.length; j++) {
      const a = people[i] as PeerCandidate;
      const b = people[j] as PeerCandidate;
      if (!allowed(a, b, met)) continue;
      const shared = a.tags.filter((t) => b.tags.includes(t)).length;
      // 100 per pair first (as many pairs as possible), then shared interests.
      edges.push({ a: i, b: j, w: 100 + shared });
    }
  const groups: number[][] = [];
  if (edges.length > 0) {
    const lp = [
      "Maximize",
      ` obj: ${edges.map((e, k) => `${e.w} x${k}`).join(" + ")}`,
      "Subject To",
      ...people.flatMap((_, i) => {
        const terms = edges.flatMap((e, k) => (e.a === i || e.b === i ? [`x${k}`] : []));
        return terms.length ? [` n${i}: ${terms.join(" + ")} <= 1`] : [];
      }),
      "Binary",
      ` ${edges.map((_, k) => `x${k}`).join(" ")}`,
      "End",
    ].join("\n");
    const result = (await solver()).solve(lp);
    if (result.Status !== "Optimal") throw new Error(`peer matching: ${result.Status}`);
    edges.forEach((e, k) => {
      const column = result.Columns[`x${k}`] as { Primal: number } | undefined;
      if ((column?.Primal ?? 0) > 0.5) groups.push([e.a, e.b]);
    });
  }
  const inGroup = new Set(groups.flat());
  for (let i = 0; i < people.length; i++) {
    if (inGroup.has(i)) continue;
    const me = people[i] as PeerCandidate;
    const trio = groups.find(
      (g) => g.length === 2 && g.every((x) => allowed(me, people[x] as PeerCandidate, met)),
    );
    if (trio) {
      trio.push(i);
      inGroup.add(i);
    }
  }
  return groups.map((g) => g.map((i) => (people[i] as PeerCandidate).id));
}

/** One round: after session day `date`, its introductions at `introAt` and its follow-up at `followUpAt`. */
export interface PeerMoment {
  round: string;
  introAt: Date;
  followUpAt: Date;
}

/** The rounds of the programme: one after every session day but the last, when it falls before the next one. */
export function peerMoments(service: Pairing): PeerMoment[] {
  const { programme } = service.bot;
  const { daysAfter, followUpDays } = service.settings.peers;
  if (!service.settings.peers.enabled) return [];
  return programme.sessions.slice(0, -1).flatMap((session, i) => {
    const zone = programme.timezone;
    const next = DateTime.fromISO((programme.sessions[i + 1] as { date: string }).date, { zone });
    const intro = DateTime.fromISO(`${session.date}T09:00`, { zone }).plus({ days: daysAfter });
    if (intro >= next) return [];
    return [
      {
        round: session.date,
        introAt: intro.toJSDate(),
        followUpAt: intro.plus({ days: followUpDays }).toJSDate(),
      },
    ];
  });
}

/** The leerbuddy's as a scheduler job: makes a round when it is due (once), then its introductions and follow-ups. */
export class PeerJob implements Job {
  readonly id = "pairing.peers";

  constructor(private readonly service: Pairing) {}

  async plan(now: Date): Promise<JobPlan> {
    const send: DueSend[] = [];
    const missed: DueSend[] = [];
    const t = now.getTime();
    for (const moment of peerMoments(this.service)) {
      for (const kind of ["intro", "followUp"] as const) {
        const at = kind === "intro" ? moment.introAt : moment.followUpAt;
        if (t < at.getTime()) continue;
        const late = t - at.getTime() > GRACE_MS;
        let round = await this.service.peerRounds.get(moment.round);
        if (!round) {
          // A round nobody was introduced to in time is not made afterwards.
          if (late || kind === "followUp") continue;
          round = await this.makeRound(moment.round);
        }
        const ids = round.groups.flat();
        const deliveryIds = ids.map((id) => peerDeliveryId(moment.round, kind, id));
        const known = await this.service.bot.store.deliveries.getMany(deliveryIds);
        // Someone who opted out after the round was made hears nothing more of it.
        const states = await this.service.peerPeople.getMany(ids);
        ids.forEach((id, i) => {
          const person = this.service.bot.directory.get(id);
          if (!person || isFinal(known[i]) || states[i]?.optedOut) return;
          const r = round as PeerRound;
          (late ? missed : send).push({
            deliveryId: deliveryIds[i] as string,
            kind: kind === "intro" ? PEER_INTRO_KIND : PEER_FOLLOWUP_KIND,
            occurrenceId: `peers:${moment.round}`,
            personId: id,
            dueAt: at,
            send: (): Promise<DeliveryOutcome> =>
              this.service.deliverer.deliver(
                {
                  id: deliveryIds[i] as string,
                  kind: kind === "intro" ? PEER_INTRO_KIND : PEER_FOLLOWUP_KIND,
                  occurrenceId: `peers:${moment.round}`,
                  person,
                  build: (language) =>
                    kind === "intro" ? this.intro(r, person, language) : followUpMessage(r.id, language),
                },
                { known: known[i] },
              ),
          });
        });
      }
    }
    return { send, missed };
  }

  upcoming(from: Date, count: number): Date[] {
    return peerMoments(this.service)
      .flatMap((m) => [m.introAt, m.followUpAt])
      .filter((d) => d.getTime() > from.getTime())
      .sort((a, b) => a.getTime() - b.getTime())
      .slice(0, count);
  }

  /** Makes the round once (the first writer's groups count), from who has not opted out and who met before. */
  async makeRound(id: string): Promise<PeerRound> {
    const { service } = this;
    const { directory } = service.bot;
    const participants = directory.withRole("participant");
    const states = await service.peerPeople.getMany(participants.map((p) => p.id));
    const active = participants.filter((_, i) => !states[i]?.optedOut);
    const roundIds = (await service.peerIndex.get("all"))?.ids ?? [];
    const earlier = (await service.peerRounds.getMany(roundIds)).flatMap((r) => r?.groups ?? []);
    const met = new Set<string>();
    for (const g of earlier) for (const a of g) for (const b of g) if (a < b) met.add(pairKey(a, b));
    const configs = new Map(service.bot.programme.participants.map((p) => [p.id, p]));
    const groups = await matchPeers(
      active.map((p) => ({
        id: p.id,
        ...(directory.teamOf(p.id) ? { team: directory.teamOf(p.id)?.id } : {}),
        ...(p.organisation ? { organisation: p.organisation } : {}),
        tags: (configs.get(p.id)?.interests ?? []).map((x) => x.toLowerCase()),
      })),
      met,
    );
    const fresh: PeerRound = { id, createdAt: service.bot.clock.now().toISOString(), groups };
    const round = await service.peerRounds.update(id, (current) => current ?? fresh);
    await service.peerIndex.update("all", (index) => ({
      ids: [...new Set([...(index?.ids ?? []), id])],
    }));
    return round;
  }

  /** The introduction: who the buddies are, and a conversation question from their learning questions. */
  intro(round: PeerRound, person: Person, language: Language): Message | undefined {
    const t = strings(language).peers;
    const { directory } = this.service.bot;
    const group = round.groups.find((g) => g.includes(person.id));
    if (!group) return undefined;
    const others = group.filter((id) => id !== person.id).flatMap((id) => directory.get(id) ?? []);
    // Their question first: a conversation about what the other wants to learn.
    const question = others.find((o) => o.learningQuestion)?.learningQuestion ?? person.learningQuestion;
    const lines = [
      t.intro(others.map((o) => o.name)),
      ...others.map((o) => t.who(o.name, o.organisation, directory.teamOf(o.id)?.name)),
      "",
      question ? t.question(question) : t.noQuestion,
      "",
      t.optOut,
    ];
    return { kind: PEER_INTRO_KIND, blocks: [{ type: "section", title: t.title, text: lines.join("\n") }] };
  }
}

export const peerDeliveryId = (round: string, kind: "intro" | "followUp", personId: string) =>
  `peer:${round}:${kind === "intro" ? "intro" : "followup"}:${personId}`;

function followUpMessage(round: string, language: Language): Message {
  const t = strings(language).peers;
  return {
    kind: PEER_FOLLOWUP_KIND,
    blocks: [
      { type: "text", text: t.followUp },
      {
        type: "actions",
        buttons: ANSWERS.map((a) => ({
          actionId: ACTION_PEER_ANSWER,
          label: t[a],
          value: peerAnswerValue(round, a),
          ...(a === "yes" ? { style: "primary" as const } : {}),
        })),
      },
    ],
  };
}
