import type { Language } from "../../config/programme-schema.js";
import type { Directory } from "../../core/people.js";
import { dueText, when } from "./message.js";
import type { Assignment, Unit } from "./model.js";
import { sheetKey } from "./plan.js";
import { questionId } from "./question-id.js";
import type { AnswerRecord, Sheet } from "./records.js";

export interface ExportInput {
  assignment: Assignment;
  units: { unit: Unit; record: AnswerRecord | undefined }[];
  directory: Directory;
  language: Language;
  zone: string;
}

const words = (language: Language) =>
  language === "en"
    ? {
        due: "Due by",
        members: "Members",
        late: "late",
        draft: "draft, not handed in",
        none: "_No answer yet._",
        handedIn: "handed in",
        group: "group",
      }
    : {
        due: "Inleveren uiterlijk",
        members: "Leden",
        late: "te laat",
        draft: "concept, niet ingeleverd",
        none: "_Nog geen antwoord._",
        handedIn: "ingeleverd",
        group: "groep",
      };

/** Whose sheets a unit has, in order: the group's, or each member's. */
function sheetsOf(assignment: Assignment, unit: Unit, record: AnswerRecord | undefined) {
  const keys = [...new Set(unit.members.map((m) => sheetKey(assignment, unit, m)))];
  return keys.map((key) => ({ key, sheet: record?.sheets[key] }));
}

/**
 * The collected answers as a Markdown document a team can build its session-day
 * presentation on: one section per group, each question with every answer, its author and
 * date, late answers marked, drafts said to be drafts.
 */
export function exportMarkdown(input: ExportInput): string {
  const { assignment, directory, language, zone } = input;
  const w = words(language);
  const name = (id: string) => directory.get(id)?.name ?? id;
  const out: string[] = [`# ${assignment.title}`, ""];
  if (assignment.description) out.push(assignment.description, "");
  out.push(`${w.due} ${dueText(assignment.dueAt, language, zone)}.`, "");
  const status = (sheet: Sheet) =>
    sheet.status === "submitted"
      ? `${w.handedIn}${sheet.submittedAt ? ` ${when(sheet.submittedAt, language, zone)}` : ""}${sheet.late ? ` (${w.late})` : ""}`
      : w.draft;
  for (const { unit, record } of input.units) {
    out.push(`## ${unit.name}`, "", `${w.members}: ${unit.members.map(name).join(", ")}`, "");
    assignment.questions.forEach((q, i) => {
      out.push(`### ${i + 1}. ${q.text}`, "");
      let any = false;
      for (const { key, sheet } of sheetsOf(assignment, unit, record)) {
        const entry = sheet?.answers[questionId(i)];
        if (!sheet || !entry) continue;
        any = true;
        out.push(
          entry.text,
          "",
          `_— ${name(entry.by)}, ${when(entry.at, language, zone)}; ${status(sheet)}${key === "group" ? "" : ""}_`,
          "",
        );
      }
      if (!any) out.push(w.none, "");
    });
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The same as CSV (RFC 4180, CRLF line ends): one row per answer. */
export function exportCsv(input: ExportInput): string {
  const { assignment, directory } = input;
  const name = (id: string) => directory.get(id)?.name ?? id;
  const rows: string[][] = [
    [
      "assignment",
      "group",
      "question_number",
      "question",
      "answer",
      "author",
      "written_at",
      "status",
      "submitted_at",
      "late",
    ],
  ];
  for (const { unit, record } of input.units)
    assignment.questions.forEach((q, i) => {
      for (const { sheet } of sheetsOf(assignment, unit, record)) {
        const entry = sheet?.answers[questionId(i)];
        if (!sheet || !entry) continue;
        rows.push([
          assignment.id,
          unit.name,
          String(i + 1),
          q.text,
          entry.text,
          name(entry.by),
          entry.at,
          sheet.status,
          sheet.submittedAt ?? "",
          sheet.late ? "yes" : "no",
        ]);
      }
    });
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
