/** `kampvuur report` and `kampvuur export`: the overview and the exports at a terminal (the actor is "cli"). */
import { writeFile } from "node:fs/promises";
import type { FeatureCommand } from "../../core/feature.js";
import { KampvuurError } from "../../kernel/errors.js";
import { EXPORT_FORMATS, EXPORTS, type ExportFormat, type ExportKind, exportData } from "./exports.js";
import { reportTable } from "./format.js";
import type { Overview } from "./service.js";
import { strings } from "./strings.js";
import { toCsv, toMarkdown, toText } from "./tables.js";

const REPORT_FORMATS = ["text", "md", "csv", "png"] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new KampvuurError(
    "config_invalid",
    `${what} must be one of ${allowed.join(", ")}, not '${String(value)}'.`,
  );
}

/** Writes to `--out` when given (and says so), else to stdout. */
async function deliver(
  out: { write(text: string): void },
  file: unknown,
  content: string | Buffer,
  what: string,
) {
  if (typeof file === "string" && file !== "") {
    await writeFile(file, content);
    out.write(`${what} written to ${file}.\n`);
  } else out.write(content.toString());
}

export const OVERVIEW_CLI: FeatureCommand<Overview>[] = [
  {
    name: "report",
    description:
      "participation per week and team: prompts sent, answered, skipped, no response, reminders, preparation done, can't come (counts only)",
    options: [
      { flags: "--week <week>", description: "only this week: 2026-W48, W48 or 48" },
      { flags: "--format <format>", description: "text (default), md, csv, or png (the chart; needs --out)" },
      { flags: "--out <file>", description: "write to this file instead of stdout" },
    ],
    async run(overview, { options, programme }, out) {
      const format = oneOf<ReportFormat>(options.format, REPORT_FORMATS, "--format", "text");
      if (format === "png" && typeof options.out !== "string")
        throw new KampvuurError("config_invalid", "A PNG is not text: give a file with --out chart.png.");
      const language = programme.language;
      const week = typeof options.week === "string" ? options.week : undefined;
      const report = await overview.report(overview.teamsFor("cli", language), { week });
      const table = reportTable(report, language);
      await overview.audit.record({
        actorId: "cli",
        action: "report.participation",
        count: table.rows.length,
        detail: format,
      });
      if (format === "png") {
        const png = await overview.chartPng(report, language);
        await deliver(
          out,
          options.out,
          png,
          `The chart (${report.weeks.length} weeks, ${report.teams.length} teams)`,
        );
        return;
      }
      if (report.weeks.length === 0 && format === "text") {
        out.write(`${strings(language).nothingYet}\n`);
        return;
      }
      const content =
        format === "csv"
          ? toCsv(table)
          : format === "md"
            ? `## ${strings(language).title}\n\n${programme.name}\n\n${toMarkdown(table)}\n`
            : `${programme.name}\n\n${toText(table)}\n`;
      await deliver(out, options.out, content, "The report");
    },
  },
  {
    name: "export",
    description:
      "export participation (counts), questions (what people asked the bot, without names), answers (only those shared with the team) or prompts (the reflection prompts sent) as csv or md",
    arguments: [{ name: "<what>", description: EXPORTS.join(" | ") }],
    options: [
      { flags: "--format <format>", description: "csv (default) or md (to paste into a session-day plan)" },
      { flags: "--out <file>", description: "write to this file instead of stdout" },
    ],
    async run(overview, { args, options, programme }, out) {
      const kind = oneOf<ExportKind>(args[0], EXPORTS, "What to export", "participation");
      const format = oneOf<ExportFormat>(options.format, EXPORT_FORMATS, "--format", "csv");
      const { text, count } = await exportData(overview, kind, format, "cli", programme.language);
      await deliver(out, options.out, text, `${count} ${kind === "participation" ? "rows" : kind}`);
    },
  },
];
