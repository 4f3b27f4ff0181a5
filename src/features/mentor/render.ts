import { DateTime } from "luxon";
import type { Language } from "../../config/programme-schema.js";
import { formatDay } from "../../core/i18n/index.js";
import type { Block, Button, Message } from "../../core/messages.js";
import { answerValue, DIGEST_KIND, QUIET_DIGEST_KIND } from "./ids.js";
import type { MemberLine, MentorView, SharedAnswer, TeamView } from "./snapshot.js";
import { isQuiet } from "./snapshot.js";
import { type MentorStrings, strings } from "./strings.js";

export const ACTION_REPLY = "mentor.reply";
export const ACTION_NUDGE = "mentor.nudge";
export const ACTION_LEARNING = "mentor.learning";
export const ACTION_ONLY_SHARED = "mentor.only-shared";
export const ACTION_EVERY_WEEK = "mentor.every-week";
export const ACTION_SHARED_PAGE = "mentor.shared-page";
export const ACTION_ANSWER_BACK = "mentor.answer-back";
export const FORM_REPLY = "mentor.reply";
export const FORM_ANSWER_BACK = "mentor.answer-back";

/** A Slack section takes at most 10 fields. */
const FIELDS_PER_SECTION = 10;
/** Roughly how much answer text one `gedeeld` page holds: a card stays far under Teams' 28 KB. */
const PAGE_TEXT_BUDGET = 9_000;
const MAX_PER_PAGE = 8;
/** How much shared text one digest holds in full (the rest: "typ gedeeld"), and how many answers. */
const DIGEST_TEXT_BUDGET = 10_000;
const DIGEST_MAX_SHARED = 6;

const teamName = (view: TeamView, t: MentorStrings, mentor: string) =>
  view.team?.name ?? t.team.title(mentor);

function day(date: string, language: Language, zone: string): string {
  return formatDay(DateTime.fromISO(`${date}T12:00`, { zone }).toJSDate(), language, zone);
}

function statusText(m: MemberLine, t: MentorStrings): string {
  const s = t.digest.status;
  const base =
    m.status === "answered"
      ? m.sharedThisWeek
        ? s.answeredShared
        : s.answeredPrivate
      : m.status
        ? s[m.status]
        : "";
  return m.nudged ? `${base} · ${t.digest.nudged}` : base;
}

/** One shared answer: who, with whom, the prompt and the full text, and "Reageer". */
function sharedBlocks(item: SharedAnswer, t: MentorStrings, language: Language, zone: string): Block[] {
  const date = formatDay(new Date(item.answer.updatedAt), language, zone);
  const withWhom = t.digest.sharedWith[item.answer.visibility as "mentor" | "group"];
  return [
    {
      type: "section",
      title: t.sharedView.by(item.person.name, date, withWhom),
      text: `${t.digest.question(item.answer.promptText)}\n\n${item.answer.text}`,
    },
    {
      type: "actions",
      buttons: [
        {
          actionId: ACTION_REPLY,
          label: t.digest.replyButton,
          value: answerValue(item.person.id, item.answer.occurrenceId),
          style: "primary",
        },
      ],
    },
  ];
}

/** The members' status as fields (a FactSet in Teams), and a nudge button per member who may get one. */
function statusBlocks(
  view: MentorView,
  team: TeamView,
  t: MentorStrings,
  withButtons: boolean | "digest",
): Block[] {
  // Without a prompt this week there is no status; the digest's summary says so, the team view here.
  if (!view.occurrenceId)
    return withButtons === "digest" ? [] : [{ type: "context", text: t.digest.noPrompt }];
  const blocks: Block[] = [];
  for (let i = 0; i < team.members.length; i += FIELDS_PER_SECTION)
    blocks.push({
      type: "section",
      ...(i === 0 ? { title: t.digest.statusTitle } : {}),
      text:
        i === 0
          ? t.digest.statusCount(
              team.members.filter((m) => m.status === "answered").length,
              team.members.length,
            )
          : t.digest.statusMore,
      fields: team.members
        .slice(i, i + FIELDS_PER_SECTION)
        .map((m) => ({ label: m.person.name, value: statusText(m, t) })),
    });
  if (team.privateCount > 0) blocks.push({ type: "context", text: t.digest.privateCount(team.privateCount) });
  if (withButtons)
    for (const m of team.members.filter((x) => x.nudgeable))
      blocks.push({
        type: "actions",
        buttons: [
          {
            actionId: ACTION_NUDGE,
            label: t.digest.nudgeButton(m.person.firstName),
            value: answerValue(m.person.id, view.occurrenceId),
          },
        ],
      });
  return blocks;
}

function homeworkBlocks(
  team: TeamView,
  t: MentorStrings,
  language: Language,
  zone: string,
  at: Date,
): Block[] {
  if (team.homework.length === 0) return [];
  const lines = team.homework.map((h) => {
    const due = formatDay(h.assignment.dueAt, language, zone);
    const state =
      h.assignment.opensAt > at
        ? t.digest.homeworkNotOpen(formatDay(h.assignment.opensAt, language, zone))
        : h.done
          ? t.digest.homeworkDone
          : h.submitted > 0
            ? t.digest.homeworkPartly(h.submitted, h.members.length)
            : h.started
              ? t.digest.homeworkStarted
              : t.digest.homeworkNotStarted;
    return t.digest.homeworkLine(h.assignment.title, state, due);
  });
  return [{ type: "section", title: t.digest.homeworkTitle, text: [...new Set(lines)].join("\n\n") }];
}

function sessionBlocks(view: MentorView, team: TeamView, t: MentorStrings, language: Language): Block[] {
  const next = view.nextSession;
  if (!next) return [];
  const tasks = next.session.preparation.length;
  const prepared = team.members.filter((m) => tasks > 0 && (m.session?.tasksDone ?? 0) >= tasks);
  const cantCome = team.members.filter((m) => m.session?.cantCome);
  return [
    {
      type: "section",
      title: t.digest.sessionTitle(day(next.session.date, language, view.mentor.timezone)),
      text: [
        tasks > 0
          ? t.digest.prepared(
              prepared.map((m) => m.person.firstName),
              team.members.length,
            )
          : t.digest.noPreparation,
        t.digest.cantCome(cantCome.map((m) => m.person.firstName)),
      ].join("\n\n"),
    },
  ];
}

/** The team's learning questions, one per member. */
export function learningBlocks(team: TeamView, t: MentorStrings): Block[] {
  return [
    {
      type: "section",
      title: t.digest.learningTitle,
      text: team.members
        .map((m) => `• *${m.person.firstName}*: ${m.person.learningQuestion ?? t.digest.noLearningQuestion}`)
        .join("\n\n"),
    },
  ];
}

/**
 * The weekly digest of one mentor, most important first: a one-line summary (the
 * notification), the answers shared with them in full, where each member stands with this
 * week's prompt (counts only for private answers), homework, the next session day, and on the
 * first digest the learning questions. A quiet week is two lines.
 */
export function digestMessage(
  view: MentorView,
  language: Language,
  options: { learningQuestions: boolean; onlyWhenShared: boolean },
): Message {
  const t = strings(language);
  const zone = view.mentor.timezone;
  const names = view.teams.map((team) => teamName(team, t, view.mentor.name));
  if (isQuiet(view) && !options.learningQuestions) {
    const next = view.nextSession;
    const first = t.digest.quiet(names.join(", "));
    const second = next ? t.digest.quietNext(day(next.session.date, language, zone)) : t.digest.quietNoNext;
    return {
      kind: QUIET_DIGEST_KIND,
      text: `${first}\n${second}`,
      blocks: [
        { type: "text", text: first },
        { type: "context", text: second },
      ],
    };
  }
  const summaries = view.teams.map((team) => {
    const answered = team.members.filter((m) => m.status === "answered").length;
    return view.occurrenceId
      ? t.digest.summary(team.shared.length, answered, team.members.length)
      : t.digest.noPromptSummary(team.shared.length);
  });
  const blocks: Block[] = [];
  const budget = { text: DIGEST_TEXT_BUDGET, items: DIGEST_MAX_SHARED };
  view.teams.forEach((team, i) => {
    if (i > 0) blocks.push({ type: "divider" });
    blocks.push({ type: "section", title: t.digest.title(names[i] as string), text: summaries[i] as string });
    if (team.shared.length > 0) {
      blocks.push({ type: "context", text: t.digest.sharedTitle });
      let shown = 0;
      for (const item of team.shared) {
        const length = item.answer.text.length + item.answer.promptText.length;
        if (shown > 0 && (budget.text < length || budget.items <= 0)) break;
        budget.text -= length;
        budget.items -= 1;
        shown += 1;
        blocks.push(...sharedBlocks(item, t, language, zone));
      }
      // More than one message can hold (Teams cards stay under 28 KB, Slack under 50 blocks): the rest is one tap away.
      if (shown < team.shared.length)
        blocks.push(
          { type: "context", text: t.digest.moreShared(team.shared.length - shown) },
          {
            type: "actions",
            buttons: [{ actionId: ACTION_SHARED_PAGE, label: t.digest.allSharedButton, value: "1" }],
          },
        );
    }
    blocks.push(...statusBlocks(view, team, t, "digest"));
    blocks.push(...homeworkBlocks(team, t, language, zone, view.at));
    blocks.push(...sessionBlocks(view, team, t, language));
    if (options.learningQuestions) blocks.push(...learningBlocks(team, t));
  });
  const buttons: Button[] = [
    ...(options.learningQuestions ? [] : [{ actionId: ACTION_LEARNING, label: t.digest.learningButton }]),
    options.onlyWhenShared
      ? { actionId: ACTION_EVERY_WEEK, label: t.digest.everyWeekButton }
      : { actionId: ACTION_ONLY_SHARED, label: t.digest.onlySharedButton },
  ];
  blocks.push(
    { type: "context", text: options.onlyWhenShared ? t.digest.footerOnlyShared : t.digest.footerEveryWeek },
    ...buttons.map((b): Block => ({ type: "actions", buttons: [b] })),
  );
  return {
    kind: DIGEST_KIND,
    // The notification: "Weekoverzicht Team De Vonk: 1 antwoord gedeeld. …" (after the colon in lower case).
    text: view.teams
      .map((_, i) => {
        const summary = summaries[i] as string;
        return `${t.digest.title(names[i] as string)}: ${summary.charAt(0).toLowerCase()}${summary.slice(1)}`;
      })
      .join("\n"),
    blocks,
  };
}

/** `mijn team`: per team the case, the members with their learning question and this week's status. */
export function teamMessage(
  view: MentorView,
  language: Language,
  sharedCount: number[],
  withButtons = true,
): Message {
  const t = strings(language);
  const blocks: Block[] = [];
  view.teams.forEach((team, i) => {
    if (i > 0) blocks.push({ type: "divider" });
    const c = team.team?.case;
    blocks.push({
      type: "section",
      title: teamName(team, t, view.mentor.name),
      text: [c ? t.team.caseLine(c.name, c.place) : "", t.team.sharedCount(sharedCount[i] ?? 0)]
        .filter(Boolean)
        .join("\n\n"),
    });
    blocks.push(...statusBlocks(view, team, t, withButtons));
    blocks.push(...learningBlocks(team, t));
    blocks.push(...sessionBlocks(view, team, t, language));
  });
  return { kind: "mentor.team", blocks };
}

/**
 * `gedeeld`: every answer shared with the mentor, newest first, one page at a time. A page
 * holds what fits a text budget (at least one answer), so a card stays far under Teams'
 * 28 KB even with answers of the longest length.
 */
export function sharedMessage(view: MentorView, language: Language, page: number): Message {
  const t = strings(language);
  const all = view.teams
    .flatMap((team) => team.shared)
    .sort((a, b) => b.answer.updatedAt.localeCompare(a.answer.updatedAt));
  if (all.length === 0)
    return { kind: "mentor.shared", blocks: [{ type: "text", text: t.sharedView.title(0) }] };
  const pages: SharedAnswer[][] = [];
  let current: SharedAnswer[] = [];
  let size = 0;
  for (const item of all) {
    const length = item.answer.text.length + item.answer.promptText.length;
    if (current.length > 0 && (size + length > PAGE_TEXT_BUDGET || current.length >= MAX_PER_PAGE)) {
      pages.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += length;
  }
  pages.push(current);
  const n = Math.min(Math.max(1, page), pages.length);
  const blocks: Block[] = [{ type: "text", text: `*${t.sharedView.title(all.length)}*` }];
  for (const item of pages[n - 1] ?? [])
    blocks.push(...sharedBlocks(item, t, language, view.mentor.timezone));
  if (pages.length > 1) blocks.push({ type: "context", text: t.sharedView.page(n, pages.length) });
  if (n < pages.length)
    blocks.push({
      type: "actions",
      buttons: [{ actionId: ACTION_SHARED_PAGE, label: t.sharedView.more, value: String(n + 1) }],
    });
  return { kind: "mentor.shared", blocks };
}

/**
 * The mentor's part of the Slack Home tab: the same as `mijn team` (Teams, which has no Home
 * tab, shows it on that command), without its buttons, and a hint to the commands.
 */
export function homeBlocks(view: MentorView, language: Language): Block[] {
  const t = strings(language);
  const team = teamMessage(
    view,
    language,
    view.teams.map((x) => x.shared.length),
    false,
  );
  return [{ type: "divider" }, ...(team.blocks ?? []), { type: "context", text: t.home.hint }];
}
