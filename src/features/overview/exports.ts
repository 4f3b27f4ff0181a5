import { DateTime } from "luxon";
import type { Language } from "../../config/programme-schema.js";
import { programmeWeek } from "../../core/participation.js";
import type { Answer } from "../../storage/records.js";
import { reportTable } from "./format.js";
import type { Actor, Overview } from "./service.js";
import { strings } from "./strings.js";
import { type Table, toCsv, toMarkdown } from "./tables.js";

/**
 * What can be exported: `participation` (the report's counts), `questions` (what people
 * asked the bot, from the question log, without names), `answers` (only answers shared
 * beyond their author) and `prompts` (the reflection prompts sent, with their counts).
 */
export const EXPORTS = ["participation", "questions", "answers", "prompts"] as const;
export type ExportKind = (typeof EXPORTS)[number];
export const EXPORT_FORMATS = ["csv", "md"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An export, written and counted in the audit log (`export.<kind>`: who, how many rows, the format; never the content). */
export async function exportData(
  overview: Overview,
  kind: ExportKind,
  format: ExportFormat,
  actor: Actor,
  language: Language,
): Promise<{ text: string; count: number }> {
  const made = await buildExport(overview, kind, format, actor, language);
  await auditExport(overview, kind, actor, made.count, format);
  return made;
}

/** Records that an export left the bot: who, what, how many rows, and how (`csv`, `md, chat`). */
export async function auditExport(
  overview: Overview,
  kind: ExportKind,
  actor: Actor,
  count: number,
  detail: string,
): Promise<void> {
  await overview.audit.record({
    actorId: actor === "cli" ? "cli" : actor.id,
    action: `export.${kind}`,
    count,
    detail,
  });
}

/** An export as text, not audited: the caller audits what it hands out (`exportData`, the chat). */
export async function buildExport(
  overview: Overview,
  kind: ExportKind,
  format: ExportFormat,
  actor: Actor,
  language: Language,
): Promise<{ text: string; count: number }> {
  return kind === "participation"
    ? participation(overview, format, actor, language)
    : kind === "questions"
      ? askedQuestions(overview, format, language)
      : kind === "prompts"
        ? prompts(overview, format, language)
        : sharedAnswers(overview, format, language);
}

/**
 * The questions people asked the bot in chat (the question log), oldest first, without who
 * asked: when, their role and language, the question, whether the content base had an answer
 * (and from which sources), and their rating.
 */
async function askedQuestions(overview: Overview, format: ExportFormat, language: Language) {
  const t = strings(language);
  const zone = overview.bot.programme.timezone;
  const asked = (await overview.bot.store.questions.all()).sort((a, b) => a.at.localeCompare(b.at));
  const table: Table = {
    header: [
      t.columns.date,
      t.weekColumn,
      t.columns.role,
      t.columns.language,
      t.columns.question,
      t.columns.found,
      t.columns.sources,
      t.columns.rating,
    ],
    rows: asked.map((q) => [
      DateTime.fromISO(q.at, { zone }).toISODate() as string,
      programmeWeek(q.at, zone),
      t.roles[q.role],
      q.language,
      q.text,
      t.modes[q.mode],
      q.sources.join(" "),
      q.feedback ? t.ratings[q.feedback] : "",
    ]),
  };
  return {
    count: table.rows.length,
    text:
      format === "csv"
        ? toCsv(table)
        : `## ${t.exportAskedTitle}\n\n_${t.exportAskedIntro}_\n\n${toMarkdown(table)}\n`,
  };
}

async function participation(overview: Overview, format: ExportFormat, actor: Actor, language: Language) {
  const report = await overview.report(overview.teamsFor(actor, language));
  const table = reportTable(report, language);
  const t = strings(language);
  return {
    count: table.rows.length,
    text:
      format === "csv"
        ? toCsv(table)
        : `## ${t.title}\n\n${overview.bot.programme.name}\n\n${toMarkdown(table)}\n`,
  };
}

/** The reflection prompts sent, in the programme's words (nobody's details), with how many answered. */
async function prompts(overview: Overview, format: ExportFormat, language: Language) {
  const t = strings(language);
  const metrics = overview.sources
    .metrics()
    .filter((m) => ["prompts", "answered", "skipped", "noResponse"].includes(m.key));
  const asked = await overview.asked(language);
  const zone = overview.bot.programme.timezone;
  const table: Table = {
    header: [t.columns.date, t.weekColumn, t.columns.prompt, ...metrics.map((m) => m.label[language])],
    rows: asked.map((q) => [
      DateTime.fromISO(q.at, { zone }).toISODate() as string,
      q.week,
      q.text,
      ...metrics.map((m) => q.counts[m.key] ?? 0),
    ]),
  };
  return {
    count: table.rows.length,
    text: format === "csv" ? toCsv(table) : `## ${t.exportPromptsTitle}\n\n${toMarkdown(table)}\n`,
  };
}

interface SharedAnswer {
  answer: Answer;
  author?: string;
  team: string;
  prompt: string;
  week: string;
  date: string;
}

/**
 * The answers their authors shared with their team (visibility `group`), with their name:
 * never a private one, and never one shared with the mentor only (that is for the mentor
 * alone, as the form tells its author). Every prompt is given in the programme's words, not
 * as the author received it (which may hold their learning question).
 */
async function sharedAnswers(overview: Overview, format: ExportFormat, language: Language) {
  const t = strings(language);
  const { bot } = overview;
  const zone = bot.programme.timezone;
  const people = bot.directory.withRole("participant");
  const [books, asked] = await Promise.all([
    bot.store.answers.getMany(people.map((p) => p.id)),
    overview.asked(language),
  ]);
  const promptOf = new Map(asked.map((q) => [q.id, q.text]));
  const shared: SharedAnswer[] = [];
  people.forEach((person, i) => {
    for (const answer of books[i]?.answers ?? []) {
      if (answer.visibility !== "group") continue;
      shared.push({
        answer,
        author: person.name,
        team: bot.directory.teamOf(person.id)?.name ?? t.noTeam,
        prompt: promptOf.get(answer.occurrenceId) ?? answer.promptText,
        week: programmeWeek(answer.createdAt, zone),
        date: DateTime.fromISO(answer.createdAt, { zone }).toISODate() as string,
      });
    }
  });
  // By prompt (in the order they were sent), then oldest answer first.
  const order = new Map(asked.map((q, i) => [q.id, i]));
  const rank = (s: SharedAnswer) => order.get(s.answer.occurrenceId) ?? asked.length;
  shared.sort((a, b) => rank(a) - rank(b) || a.answer.createdAt.localeCompare(b.answer.createdAt));

  if (format === "csv") {
    const table: Table = {
      header: [
        t.columns.date,
        t.weekColumn,
        t.team,
        t.columns.author,
        t.columns.visibility,
        t.columns.prompt,
        t.columns.answer,
      ],
      rows: shared.map((s) => [
        s.date,
        s.week,
        s.team,
        s.author ?? "",
        t.visibility[s.answer.visibility as "mentor" | "group"],
        s.prompt,
        s.answer.text,
      ]),
    };
    return { count: shared.length, text: toCsv(table) };
  }

  // Markdown to paste into a session-day plan: per prompt, the answers as quotes.
  const out = [`## ${t.exportAnswersTitle}`, "", `_${t.exportAnswersIntro}_`, ""];
  let heading = "";
  for (const s of shared) {
    const next = `### ${s.prompt}`;
    if (next !== heading) out.push(next, "");
    heading = next;
    out.push(
      ...s.answer.text
        .trim()
        .split(/\r?\n/)
        .map((line) => `> ${line}`),
      "",
      `— ${s.author ? `${s.author}, ` : `${t.sharedWithMentor} `}${s.team}, ${s.date}`,
      "",
    );
  }
  return { count: shared.length, text: `${out.join("\n").trimEnd()}\n` };
}
