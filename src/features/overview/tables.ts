/**
 * Tables as CSV (RFC 4180), Markdown (to paste into a session-day plan) and aligned text (a
 * terminal). A table is a header row and rows of cells; numbers are written as they are.
 */
export type Cell = string | number;
export interface Table {
  header: string[];
  rows: Cell[][];
}

/**
 * One CSV field: quoted when it holds a comma, a quote, a line break or leading or trailing
 * spaces, with its quotes doubled. A text that a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@` first) gets a `'` in front, so opening an export never runs what someone typed.
 */
export function csvField(cell: Cell): string {
  if (typeof cell === "number") return String(cell);
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The table as CSV: a header row, CRLF between records (and after the last), as RFC 4180 says. */
export function toCsv(table: Table): string {
  return [table.header, ...table.rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/** One Markdown table cell: pipes escaped, line breaks as `<br>`, so a long answer stays in its cell. */
export function markdownCell(cell: Cell): string {
  if (typeof cell === "number") return String(cell);
  return cell.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replace(/\r?\n/g, "<br>").trim();
}

/** The table as a GitHub-flavoured Markdown table (numbers right-aligned). */
export function toMarkdown(table: Table): string {
  const numeric = table.header.map(
    (_, i) => table.rows.length > 0 && table.rows.every((r) => typeof r[i] === "number"),
  );
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(table.header.map(markdownCell)),
    line(numeric.map((n) => (n ? "---:" : "---"))),
    ...table.rows.map((r) => line(r.map(markdownCell))),
  ].join("\n");
}

/** The table as aligned columns of plain text (numbers right-aligned), for a terminal. */
export function toText(table: Table): string {
  const shown = (c: Cell) => (typeof c === "number" ? String(c) : c.replace(/\s+/g, " "));
  const widths = table.header.map((h, i) =>
    Math.max(h.length, ...table.rows.map((r) => shown(r[i] ?? "").length)),
  );
  const line = (cells: Cell[]) =>
    cells
      .map((c, i) =>
        typeof c === "number" ? shown(c).padStart(widths[i] ?? 0) : shown(c).padEnd(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(table.header), widths.map((w) => "-".repeat(w)).join("  "), ...table.rows.map(line)].join(
    "\n",
  );
}
