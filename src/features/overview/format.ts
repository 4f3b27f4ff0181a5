import type { Language } from "../../config/programme-schema.js";
import type { Block } from "../../core/messages.js";
import type { OverviewReport } from "./service.js";
import { strings } from "./strings.js";
import type { Table } from "./tables.js";

/** The report as one table: a row per week and team, a column per metric (for CSV, Markdown, text). */
export function reportTable(report: OverviewReport, language: Language): Table {
  const t = strings(language);
  return {
    header: [t.weekColumn, t.team, t.members, ...report.metrics.map((m) => m.label[language])],
    rows: report.rows.map((r) => [
      r.week,
      r.team.name,
      r.team.members.length,
      ...report.metrics.map((m) => r.counts[m.key] ?? 0),
    ]),
  };
}

/**
 * The report for a phone: a block per team, a line per week ("Week 48: 3 van 4 beantwoord ·
 * 1 overgeslagen · …"), only the counts that are there. No wide tables.
 */
export function reportBlocks(report: OverviewReport, language: Language): Block[] {
  const t = strings(language);
  const main = new Set(["prompts", "answered"]);
  return report.teams.map((team) => {
    const lines = report.rows
      .filter((r) => r.team.id === team.id)
      .map((r) => {
        const rest = report.metrics
          .filter((m) => !main.has(m.key) && (r.counts[m.key] ?? 0) > 0)
          .map((m) => `${r.counts[m.key]} ${m.label[language]}`)
          .join(" · ");
        return t.weekLine(r.week, r.counts.answered ?? 0, r.counts.prompts ?? 0, rest);
      });
    return {
      type: "section" as const,
      title: t.teamTitle(team.name, team.members.length),
      text: lines.join("\n"),
    };
  });
}
