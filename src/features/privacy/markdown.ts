import type { Json, PersonalDataExport } from "../../core/personal-data.js";

/**
 * A person's data export as a Markdown document a person can read: per part what it is (the
 * part's own words), then its records as nested lists, keys as labels. The JSON export holds
 * exactly the same (`JSON.stringify` of the export).
 */
export function exportMarkdown(
  data: PersonalDataExport,
  parts: readonly { id: string; describe: Record<"nl" | "en", string> }[],
  language: "nl" | "en",
  heading: { title: string; person: string },
): string {
  const lines = [`# ${heading.title}: ${heading.person}`, "", `_${data.exportedAt}_`, ""];
  for (const part of parts) {
    const value = data.parts[part.id];
    if (value === undefined) continue;
    lines.push(`## ${part.id}`, "", part.describe[language], "", ...list(value, 0), "");
  }
  return lines.join("\n").trimEnd() + "\n";
}

function list(value: Json | undefined, depth: number): string[] {
  const pad = "  ".repeat(depth);
  if (value === undefined) return [];
  if (value === null || typeof value !== "object") return [`${pad}- ${scalar(value)}`];
  if (Array.isArray(value))
    return value.flatMap((item, i) =>
      item !== null && typeof item === "object"
        ? [`${pad}- ${i + 1}.`, ...list(item, depth + 1)]
        : [`${pad}- ${scalar(item)}`],
    );
  return Object.entries(value).flatMap(([key, item]) =>
    item === undefined
      ? []
      : item !== null && typeof item === "object"
        ? [`${pad}- **${key}**:`, ...list(item, depth + 1)]
        : [`${pad}- **${key}**: ${scalar(item)}`],
  );
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "–";
  // Line breaks inside an answer stay readable in a list item.
  return String(value).replace(/\r?\n/g, "\n    ");
}
