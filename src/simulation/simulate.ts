import { DateTime } from "luxon";
import { ConsoleTranscript, type TranscriptEntry } from "../adapters/console/transcript.js";
import { createApp } from "../app.js";
import type { Language, Programme } from "../config/programme-schema.js";
import type { Responder } from "../core/adapter.js";
import { ManualClock } from "../core/clock.js";
import { plainText } from "../core/messages.js";
import { Scheduler } from "../scheduling/scheduler.js";
import { reflections } from "../features/index.js";
import { dueAt } from "../features/reflections/plan.js";
import { ACTION_APPROVE } from "../features/pairing/message.js";
import { RETENTION_JOB_ID } from "../features/retention/index.js";

export interface SimulationOptions {
  programme: Programme;
  /**
   * Start of the simulation. By default today when the programme is under way (`now` falls
   * between its first and last planned message): what is still to come. Otherwise the day of
   * the programme's first planned message (a session-day reminder, a preparation
   * assignment, …), or its first session day when that comes earlier.
   */
  from?: Date;
  /** The present moment, for the default start (by default the system clock). */
  now?: Date;
  /** How many weeks to run; by default until the programme's last planned message. */
  weeks?: number;
  /** Share of prompts that get an answer at all (0–1). */
  answerRate?: number;
  /** Share of those answers that come late, after the reminder (0–1). */
  lateRate?: number;
  /** Seed for who answers when: the same seed gives the same run. */
  seed?: number;
  /**
   * The first coordinator asks for the mentor pairing (`koppel mentoren`) at the start and
   * approves the proposal, so the run shows the proposal and the introductions.
   */
  pairMentors?: boolean;
}

export interface SimulatedMessage {
  /** ISO time with the programme's offset. */
  at: string;
  to: string;
  role: string;
  kind: string;
  occurrence?: string;
  /** For a reflection prompt: where it falls (`after-session`, …, `closing`, `follow-up`). */
  phase?: string;
  text: string;
}

/** A small seeded generator (mulberry32): reproducible runs without a dependency. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEEK_MS = 7 * 86_400_000;

/** A simulation's messages, and the span it ran. */
export interface SimulationRun {
  messages: SimulatedMessage[];
  from: Date;
  /** Whole weeks from `from` (the span the table shows). */
  weeks: number;
}

/**
 * Runs a programme on a virtual clock against a fresh in-memory store, with the console
 * transcript as the chat platform and participants who answer (some on time, some late,
 * some never). Jumps from event to event, so twelve weeks take well under a second.
 */
export async function simulate(options: SimulationOptions): Promise<SimulatedMessage[]> {
  return (await runSimulation(options)).messages;
}

/** `simulate`, with the span it ran: by default the whole programme, first message to last. */
export async function runSimulation(options: SimulationOptions): Promise<SimulationRun> {
  const { programme } = options;
  const zone = programme.timezone;
  const firstSession = DateTime.fromISO(programme.sessions[0]?.date as string, { zone }).toJSDate();
  const clock = new ManualClock(options.from ?? firstSession);
  const app = await createApp({ programme, storeUrl: "memory://", clock });
  const job = app.api(reflections).job;
  const reminderMs = job.settings.reminderAfterMs;
  // Everything the jobs plan, from long before the programme: its first and last moment.
  // The programme's own messages: the deletion notice long after it does not stretch the default span.
  const planned = app.jobs
    .filter((j) => j.id !== RETENTION_JOB_ID)
    .flatMap((j) => j.upcoming?.(new Date(firstSession.getTime() - 400 * 86_400_000), 100_000) ?? [])
    .map((d) => d.getTime());
  const earliest = Math.min(firstSession.getTime(), ...planned);
  const lastPlanned = Math.max(...planned);
  const today = (options.now ?? new Date()).getTime();
  const underWay = today > earliest && today < lastPlanned;
  const start =
    options.from ??
    DateTime.fromMillis(underWay ? today : earliest, { zone })
      .startOf("day")
      .toJSDate();
  const latest = Math.max(start.getTime(), ...planned) + reminderMs + 86_400_000;
  const weeks = options.weeks ?? Math.max(1, Math.ceil((latest - start.getTime()) / WEEK_MS));
  const end = new Date(start.getTime() + weeks * WEEK_MS);
  clock.set(start);
  const transcript = new ConsoleTranscript(clock);
  app.bot.addAdapter(transcript);
  const scheduler = new Scheduler(app);
  const rand = random(options.seed ?? 1);
  const answerRate = options.answerRate ?? 0.75;
  const lateRate = options.lateRate ?? 0.25;

  // Every moment something can happen: due times now, reminders and answers as they arise.
  const events = new Set<number>();
  const answers: { at: number; personId: string }[] = [];
  for (const o of job.occurrences) {
    for (const p of app.bot.directory.withRole("participant")) {
      const t = dueAt(o, p).getTime();
      if (t >= start.getTime() && t < end.getTime()) events.add(t);
    }
  }
  // Every other job's moments too (session-day reminders, …), each as the job plans it.
  for (const other of app.jobs)
    for (const t of other.upcoming?.(new Date(start.getTime() - 1), 10_000) ?? [])
      if (t.getTime() < end.getTime()) events.add(t.getTime());
  const phases = new Map(job.occurrences.map((o) => [o.id, o.phase]));
  transcript.onEntry((entry: TranscriptEntry) => {
    if (entry.message.kind !== "reflection") return;
    const sentAt = entry.at.getTime();
    events.add(sentAt + reminderMs);
    const r = rand();
    if (r < answerRate * (1 - lateRate))
      answers.push({ at: sentAt + (1 + rand() * 30) * 3_600_000, personId: entry.to });
    else if (r < answerRate)
      answers.push({ at: sentAt + reminderMs + (1 + rand() * 20) * 3_600_000, personId: entry.to });
    const last = answers.at(-1);
    if (last && last.personId === entry.to) events.add(Math.round(last.at));
  });

  const replies = (personId: string): Responder => ({
    reply: async (m) => transcript.record(personId, { ...m, kind: m.kind ?? "reply" }),
    replace: async (m) => transcript.record(personId, { ...m, kind: m.kind ?? "reply" }),
    canReplace: true,
    openForm: async () => {},
  });

  if (options.pairMentors) {
    const coordinator = app.bot.directory.withRole("coordinator")[0];
    if (coordinator) {
      const base = {
        platform: "console" as const,
        userId: coordinator.id,
        conversation: `console:${coordinator.id}`,
        direct: true,
      };
      await app.bot.handle({ ...base, kind: "message", text: "koppel mentoren" }, replies(coordinator.id));
      const approve = transcript.entries
        .at(-1)
        ?.message.blocks?.flatMap((b) => (b.type === "actions" ? b.buttons : []))
        .find((b) => b.actionId === ACTION_APPROVE);
      if (approve)
        await app.bot.handle(
          { ...base, kind: "action", actionId: approve.actionId, value: approve.value },
          replies(coordinator.id),
        );
    }
  }

  let now = start.getTime();
  for (;;) {
    const next = [...events].filter((t) => t > now && t < end.getTime()).sort((a, b) => a - b)[0];
    if (next === undefined) break;
    now = next;
    clock.set(new Date(now));
    await scheduler.tick(clock.now());
    for (const a of answers.filter((x) => Math.round(x.at) <= now)) {
      answers.splice(answers.indexOf(a), 1);
      await app.bot.handle(
        {
          platform: "console",
          userId: a.personId,
          conversation: `console:${a.personId}`,
          direct: true,
          kind: "message",
          text: `(gesimuleerd antwoord van ${a.personId}) Deze week merkte ik dat de bewoners zelf verder kwamen dan ik dacht.`,
        },
        replies(a.personId),
      );
    }
  }
  await app.close();

  const messages = transcript.entries.map((e) => {
    const person = app.bot.directory.get(e.to);
    const occurrence = (e.message.blocks ?? [])
      .flatMap((b) => (b.type === "actions" ? b.buttons : []))
      .find((b) => b.value)?.value;
    const phase = occurrence && e.message.kind?.startsWith("reflection") ? phases.get(occurrence) : undefined;
    return {
      at: DateTime.fromJSDate(e.at, { zone }).toISO({ suppressMilliseconds: true }) as string,
      to: e.to,
      role: person?.role ?? "unknown",
      kind: e.message.kind ?? "message",
      ...(occurrence && e.message.kind !== "reply" ? { occurrence } : {}),
      ...(phase ? { phase } : {}),
      text: plainText(e.message),
    };
  });
  return { messages, from: start, weeks };
}

/** A readable per-week table of a simulation, in the programme's language (or `language`). */
export function weeklyTable(
  programme: Programme,
  messages: SimulatedMessage[],
  from: Date,
  weeks: number,
  language: Language = programme.language,
): string {
  const t = simulationStrings(language);
  const zone = programme.timezone;
  const rows: string[][] = [t.headers];
  const monday = DateTime.fromJSDate(from, { zone }).startOf("week");
  const lastSession = DateTime.fromISO(programme.sessions.at(-1)?.date ?? "9999-12-31", { zone }).endOf(
    "day",
  );
  for (let w = 0; w < weeks + 1; w++) {
    const s = monday.plus({ weeks: w });
    const e = s.plus({ weeks: 1 });
    const inWeek = messages.filter((m) => {
      const at = DateTime.fromISO(m.at);
      return at >= s && at < e;
    });
    if (s.toJSDate() > new Date(from.getTime() + weeks * 7 * 86_400_000)) break;
    const session = programme.sessions.find((x) => {
      const d = DateTime.fromISO(x.date, { zone });
      return d >= s && d < e;
    });
    const count = (...kinds: string[]) => String(inWeek.filter((m) => kinds.includes(m.kind)).length);
    const phases = [...new Set(inWeek.flatMap((m) => (m.kind === "reflection" && m.phase ? [m.phase] : [])))];
    rows.push([
      s.setLocale(language === "nl" ? "nl-NL" : "en-GB").toFormat("d LLL yyyy"),
      session
        ? `${DateTime.fromISO(session.date)
            .setLocale(language === "nl" ? "nl-NL" : "en-GB")
            .toFormat("ccc d LLL")}: ${session.theme}`
        : "",
      count("reflection", "reflection-snoozed"),
      count("reflection-reminder"),
      count("reply"),
      count("session.reminder", "session.morning"),
      [
        ...phases.map((p) => t.phase[p] ?? p),
        // Other features' messages (their own kinds): how many went out, when any.
        // A kind counts its sub-kinds too (`mentor.digest` and `mentor.digest.quiet`).
        ...Object.entries(t.notes).flatMap(([kind, label]) => {
          const n = inWeek.filter((m) => m.kind === kind || m.kind.startsWith(`${kind}.`)).length;
          return n === 0 ? [] : [`${label} ${n}`];
        }),
        ...(programme.reflection.skipDates.some((d) => {
          const date = DateTime.fromISO(d, { zone });
          return date >= s && date < e;
        })
          ? [t.holiday]
          : []),
        // A quiet week after the last session day: why nothing happens.
        ...(inWeek.length === 0 && s > lastSession ? [t.afterLast] : []),
      ].join(", "),
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The table's words (the CLI's own words live in the CLI; the simulation is below it). */
function simulationStrings(language: Language) {
  return language === "en"
    ? {
        headers: ["week of", "session day", "prompts", "reminders", "answers", "session reminders", "notes"],
        phase: {
          "after-session": "looking back",
          midway: "in between",
          "before-session": "looking ahead",
          closing: "closing prompt",
          "follow-up": "a month later",
        } as Record<string, string>,
        holiday: "holiday",
        afterLast: "after the last session day",
        notes: {
          homework: "homework",
          "homework-reminder": "homework reminders",
          "pairing.intro": "mentor introductions",
          "pairing.peer-intro": "learning buddies",
          "pairing.peer-followup": "'have you met?'",
          "mentor.digest": "mentor digests",
          "retention.warning": "deletion notices",
        } as Record<string, string>,
      }
    : {
        headers: [
          "week van",
          "bijeenkomst",
          "vragen",
          "herinneringen",
          "antwoorden",
          "bijeenkomst-herinneringen",
          "bijzonder",
        ],
        phase: {
          "after-session": "terugblik",
          midway: "tussendoor",
          "before-session": "vooruitblik",
          closing: "afsluitende vraag",
          "follow-up": "een maand later",
        } as Record<string, string>,
        holiday: "vrij",
        afterLast: "na de laatste bijeenkomst",
        notes: {
          homework: "huiswerk",
          "homework-reminder": "huiswerk-herinneringen",
          "pairing.intro": "kennismaking met mentor",
          "pairing.peer-intro": "leerbuddy's",
          "pairing.peer-followup": "'gesproken?'",
          "mentor.digest": "weekoverzichten mentoren",
          "retention.warning": "bericht over verwijderen",
        } as Record<string, string>,
      };
}
