/** `kampvuur homework export --assignment ID [--format md|csv]`: the collected answers per group. */
import type { FeatureCommand } from "../../core/feature.js";
import { KampvuurError } from "../../kernel/errors.js";
import { exportCsv, exportMarkdown } from "./export.js";
import type { Homework } from "./service.js";

export const HOMEWORK_CLI: FeatureCommand<Homework>[] = [
  {
    name: "homework",
    description:
      "homework answers: 'kampvuur homework export --assignment reisverslag' writes them per group (Markdown, or --format csv)",
    arguments: [{ name: "<action>", description: "export" }],
    options: [
      { flags: "--assignment <id>", description: "the assignment's id (as in the programme file)" },
      { flags: "--format <format>", description: "md (default) or csv" },
    ],
    async run(homework, { args, options, programme }, out) {
      if (args[0] !== "export")
        throw new KampvuurError(
          "config_invalid",
          `Unknown action '${args[0] ?? ""}'. Use: kampvuur homework export --assignment <id>`,
        );
      const format = typeof options.format === "string" ? options.format : "md";
      if (format !== "md" && format !== "csv")
        throw new KampvuurError(
          "config_invalid",
          `Unknown format '${format}'. Use --format md or --format csv.`,
        );
      const all = await homework.assignments();
      const id = typeof options.assignment === "string" ? options.assignment : "";
      const assignment = all.find((a) => a.id === id);
      if (!assignment)
        throw new KampvuurError(
          "config_invalid",
          `${id ? `There is no assignment '${id}'.` : "Give --assignment <id>."} The assignments: ${all.map((a) => a.id).join(", ") || "none"}.`,
        );
      const units = homework.unitsOf(assignment);
      const records = await homework.records.getMany(units.map((u) => homework.recordId(assignment, u)));
      const input = {
        assignment,
        units: units.map((unit, i) => ({ unit, record: records[i] })),
        directory: homework.bot.directory,
        language: programme.language,
        zone: programme.timezone,
      };
      out.write(format === "csv" ? exportCsv(input) : exportMarkdown(input));
      await homework.audit.record({
        actorId: "cli",
        action: "homework.export",
        count: records.filter(Boolean).length,
        detail: `${assignment.id} ${format}`,
      });
    },
  },
];
