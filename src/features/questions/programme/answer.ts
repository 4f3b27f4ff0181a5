import { DateTime } from "luxon";
import type { Language, Programme, Session } from "../../../config/programme-schema.js";
import type { DueItem } from "../../../core/due.js";
import type { Block } from "../../../core/messages.js";
import type { Directory, Person } from "../../../core/people.js";
import type { ProgrammeIntent, SessionSelector } from "./intent.js";
import { normalise } from "./intent.js";
import { programmeStrings } from "./strings.js";

/** "Leerdag 2" as the ask-back's button: its value is the session's date. */
export const ACTION_SESSION = "qa.session";

/** What a programme answer needs: the programme, its people, the asker, now. */
export interface ProgrammeContext {
  programme: Programme;
  directory: Directory;
  person: Person;
  now: Date;
  language: Language;
  /** What is due for the asker (open homework, the next day's preparation ticked or not): for "what is due". */
  due?: DueItem[];
}

/** A programme answer: its blocks, and whether it tells something about the asker only. */
export interface ProgrammeAnswer {
  blocks: Block[];
  personal: boolean;
  /** The facts a model's wording must keep character for character: dates in words, times, places. */
  exact: string[];
  /**
   * Of a personal answer, what a model may word when the asker consented: only details that
   * are the asker's own (their learning question), never anyone else's (a mentor's or team
   * member's name, the team's case). Absent when the answer is about others too: then it is
   * always the template.
   */
  own?: { facts: string; exact: string[] };
}

/** What must stay exact of a session day. */
function exactOf(session: Session, ctx: ProgrammeContext): string[] {
  return [
    dateInWords(session.date, ctx),
    `${session.start}–${session.end}`,
    ...(session.location ? [session.location] : []),
  ];
}

/** The distinctive words of the session days' places ("vorden", "zutphen"), for "wanneer zijn we in Vorden?". */
export function placeWords(programme: Programme): string[] {
  const words = programme.sessions.flatMap((s) => normalise(s.location ?? "").split(" "));
  const common = new Set(["het", "de", "gemeente", "buurtkamer", "dorpshuis", "raadzaal", "gld"]);
  return [...new Set(words.filter((w) => w.length > 3 && !common.has(w)))];
}

const day = (s: Session, zone: string) => DateTime.fromISO(s.date, { zone });

/** "donderdag 10 december" (with the year when it is not this year's). */
export function dateInWords(
  date: string,
  ctx: Pick<ProgrammeContext, "now" | "language" | "programme">,
): string {
  const zone = ctx.programme.timezone;
  const d = DateTime.fromISO(date, { zone }).setLocale(ctx.language);
  const sameYear = d.year === DateTime.fromJSDate(ctx.now, { zone }).year;
  return d.toFormat(sameYear ? "cccc d MMMM" : "cccc d MMMM yyyy");
}

/** The session day(s) a selector means, now; two or more when it is ambiguous. */
export function sessionsMeant(which: SessionSelector, ctx: ProgrammeContext): Session[] {
  const { sessions, timezone: zone } = ctx.programme;
  const now = DateTime.fromJSDate(ctx.now, { zone });
  const today = now.toISODate() ?? "";
  const endOf = (s: Session) => DateTime.fromISO(`${s.date}T${s.end}`, { zone });
  switch (which.by) {
    case "next": {
      const todays = sessions.find((s) => s.date === today);
      const upcoming = sessions.filter((s) => s.date > today);
      // On a session day "de volgende leerdag" can be today's or the one after it.
      if (todays && upcoming[0]) return [todays, upcoming[0]];
      if (todays) return [todays];
      return upcoming.slice(0, 1);
    }
    case "previous": {
      const past = sessions.filter((s) => endOf(s) <= now);
      return past.slice(-1);
    }
    case "number":
      return sessions[which.n - 1] ? [sessions[which.n - 1] as Session] : [];
    case "last":
      return sessions.slice(-1);
    case "date": {
      const matching = sessions.filter((s) => {
        const d = day(s, zone);
        return d.month === which.month && (which.day === undefined || d.day === which.day);
      });
      return matching;
    }
    case "place": {
      const at = sessions.filter((s) => normalise(s.location ?? "").includes(which.word));
      const upcoming = at.filter((s) => endOf(s) > now);
      return upcoming.length ? upcoming : at;
    }
  }
}

/** One session day as a section: which day, its date in words, when it is, time, place, theme, preparation. */
export function sessionBlock(session: Session, ctx: ProgrammeContext): Block {
  const t = programmeStrings(ctx.language);
  const { sessions, timezone: zone } = ctx.programme;
  const n = sessions.indexOf(session) + 1;
  const today = DateTime.fromJSDate(ctx.now, { zone }).startOf("day");
  const days = Math.round(day(session, zone).startOf("day").diff(today, "days").days);
  const where = session.location ? `, ${session.location}` : "";
  return {
    type: "section",
    title: `${t.day(n, sessions.length)}: ${dateInWords(session.date, ctx)} (${t.relative(days)})`,
    text: `${session.start}–${session.end}${where}`,
    fields: [
      { label: t.theme, value: session.theme },
      {
        label: t.preparation,
        value: session.preparation.length ? session.preparation.join(" ") : t.nothingToPrepare,
      },
    ],
  };
}

function sessionAnswer(which: SessionSelector, ctx: ProgrammeContext): ProgrammeAnswer {
  const t = programmeStrings(ctx.language);
  const { sessions } = ctx.programme;
  const meant = sessionsMeant(which, ctx);
  const blocks: Block[] = [];
  const exact = meant.length === 1 ? exactOf(meant[0] as Session, ctx) : [];
  if (meant.length === 1) blocks.push(sessionBlock(meant[0] as Session, ctx));
  else if (meant.length > 1) {
    const [a, b] = meant.map((s) => dateInWords(s.date, ctx).replace(/^\S+ /, ""));
    blocks.push(
      { type: "text", text: meant.length === 2 ? t.which(a ?? "", b ?? "") : t.whichOf },
      {
        type: "actions",
        buttons: meant.map((s) => ({
          actionId: ACTION_SESSION,
          label: dateInWords(s.date, ctx).replace(/^\S+ /, ""),
          value: s.date,
        })),
      },
    );
  } else {
    const last = sessions.at(-1) as Session;
    const text =
      which.by === "next"
        ? t.noMore(dateInWords(last.date, ctx))
        : which.by === "previous"
          ? t.nonePast
          : which.by === "number"
            ? t.noSuchDay(which.n, sessions.length)
            : t.noDayOn(
                which.by === "date"
                  ? DateTime.fromObject({ month: which.month, day: which.day ?? 1 })
                      .setLocale(ctx.language)
                      .toFormat(which.day === undefined ? "MMMM" : "d MMMM")
                  : which.by,
              );
    blocks.push({ type: "text", text });
    if (which.by !== "next") blocks.push(datesBlock(ctx));
  }
  return { blocks, personal: false, exact };
}

/** The remaining session days, one line each. */
function datesBlock(ctx: ProgrammeContext): Block {
  const t = programmeStrings(ctx.language);
  const { sessions, timezone: zone } = ctx.programme;
  const today = DateTime.fromJSDate(ctx.now, { zone }).toISODate() ?? "";
  const left = sessions.filter((s) => s.date >= today);
  if (left.length === 0)
    return { type: "text", text: t.noMore(dateInWords((sessions.at(-1) as Session).date, ctx)) };
  const lines = left.map(
    (s) =>
      `• ${dateInWords(s.date, ctx)}, ${s.start}–${s.end}${s.location ? `, ${s.location}` : ""}: ${s.theme}`,
  );
  const past = sessions.length - left.length;
  return {
    type: "section",
    title: t.remaining(left.length),
    text: [lines.join("\n"), ...(past ? [t.past(past, sessions.length)] : [])].join("\n\n"),
  };
}

function personalAnswer(kind: ProgrammeIntent["kind"], ctx: ProgrammeContext): Block[] {
  const t = programmeStrings(ctx.language);
  const { directory, person, programme } = ctx;
  const team = directory.teamOf(person.id);
  const mentor = directory.mentorOf(person.id);
  const text = (s: string): Block => ({ type: "text", text: s });
  switch (kind) {
    case "team": {
      if (person.role === "mentor") {
        const teams = programme.teams
          .filter((tm) => tm.members.some((m) => directory.mentorOf(m)?.id === person.id))
          .map((tm) => `*${tm.name}*`);
        return [text(teams.length ? t.mentorOfTeams(teams) : t.mentorOfNone)];
      }
      if (person.role === "coordinator") return [text(t.coordinatorTeams(programme.teams.length))];
      if (!team) return [text(t.noTeam)];
      const others = team.members.filter((m) => m !== person.id).map((m) => directory.get(m)?.name ?? m);
      return [text([t.team(team.name, others), ...(mentor ? [t.teamMentor(mentor.name)] : [])].join(" "))];
    }
    case "mentor":
      if (person.role === "mentor") return [text(t.youAreMentor)];
      return [text(mentor ? t.mentor(mentor.name, mentor.organisation) : t.noMentor)];
    case "case": {
      const c = team?.case;
      if (!c) return [text(t.noCase)];
      return [text(t.caseIs(c.name, c.place, c.initiators)), ...(c.description ? [text(c.description)] : [])];
    }
    case "learning-question":
      return [
        text(person.learningQuestion ? t.learningQuestion(person.learningQuestion) : t.noLearningQuestion),
      ];
    default:
      return [];
  }
}

/** A moment as the day it falls on in the programme's timezone (`2026-12-08`). */
const isoDay = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toISODate() ?? "";

/**
 * What is due: the asker's open homework (title, due date in words, handed in or not) and
 * the next session day's preparation (ticked "Gedaan" or not, when the reminders keep that),
 * with the dates exact.
 */
function dueAnswer(ctx: ProgrammeContext): { blocks: Block[]; exact: string[] } {
  const t = programmeStrings(ctx.language);
  const zone = ctx.programme.timezone;
  const items = ctx.due ?? [];
  const blocks: Block[] = [];
  const exact: string[] = [];
  const homework = items.filter((i) => i.kind === "homework");
  if (homework.length) {
    const lines = homework.map((h) => {
      const day = dateInWords(isoDay(h.dueAt, zone), ctx);
      exact.push(day);
      return t.dueAssignment(h.title, day, h.done, h.dueAt < ctx.now);
    });
    blocks.push({ type: "section", title: t.dueHomeworkTitle, text: lines.join("\n") });
  }
  const tasks = items.filter((i) => i.kind === "preparation");
  const day = tasks[0]?.sessionDate;
  const session =
    (day && ctx.programme.sessions.find((s) => s.date === day)) || sessionsMeant({ by: "next" }, ctx).at(-1);
  if (session && session.preparation.length) {
    exact.push(...exactOf(session, ctx));
    const block = sessionBlock(session, ctx);
    // What the asker ticked "Gedaan" in a session reminder, when the reminders keep that.
    if (tasks.length && block.type === "section") {
      const done = tasks.filter((task) => task.done).map((task) => task.title);
      block.fields = [
        ...(block.fields ?? []),
        {
          label: t.duePrepared,
          value:
            done.length === tasks.length
              ? t.dueAllPrepared
              : done.length
                ? t.dueSome(done, tasks.length)
                : t.dueNonePrepared,
        },
      ];
    }
    blocks.push(block);
  }
  if (blocks.length === 0) blocks.push({ type: "text", text: t.dueNothing });
  else blocks.unshift({ type: "text", text: t.due });
  blocks.push({ type: "context", text: t.dueHomework });
  return { blocks, exact };
}

/**
 * The answer to a programme question, from the programme file and the asker's own record,
 * with the facts exact (dates in words, times, places); an ambiguous day is asked back with
 * a button per candidate.
 */
export function programmeAnswer(intent: ProgrammeIntent, ctx: ProgrammeContext): ProgrammeAnswer {
  switch (intent.kind) {
    case "session":
      return sessionAnswer(intent.which, ctx);
    case "dates": {
      const today = DateTime.fromJSDate(ctx.now, { zone: ctx.programme.timezone }).toISODate() ?? "";
      const left = ctx.programme.sessions.filter((s) => s.date >= today);
      return { blocks: [datesBlock(ctx)], personal: false, exact: left.flatMap((s) => exactOf(s, ctx)) };
    }
    case "due": {
      // The asker's own homework and ticks: personal, and always the template, so that
      // every title, date in words and "done or not" stays exactly as recorded.
      const { blocks, exact } = dueAnswer(ctx);
      return { blocks, personal: true, exact };
    }
    case "learning-question": {
      const own = ctx.person.learningQuestion;
      const t = programmeStrings(ctx.language);
      return {
        blocks: personalAnswer(intent.kind, ctx),
        personal: true,
        exact: [],
        ...(own ? { own: { facts: t.learningQuestion(own), exact: [own] } } : {}),
      };
    }
    default:
      return { blocks: personalAnswer(intent.kind, ctx), personal: true, exact: [] };
  }
}
