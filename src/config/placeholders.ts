/** The values a reflection prompt can use, written `{{name}}` in its text. */
export const PLACEHOLDERS = [
  "firstName",
  "learningQuestion",
  "caseName",
  "teamName",
  "lastSessionTheme",
  "nextSessionTheme",
  "nextSessionDate",
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const placeholderPattern = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** The placeholders in a text that kampvuur does not know. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(placeholderPattern)]
    .map((m) => m[1] as string)
    .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}

export const placeholderProblem = (names: string[]) =>
  `unknown placeholder ${names.map((n) => `{{${n}}}`).join(", ")}; use one of ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}`;
