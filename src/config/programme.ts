import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { KampvuurError } from "../core/errors.js";
import { type Programme, programmeSchema } from "./programme-schema.js";

export type { Programme } from "./programme-schema.js";

/** The demo programme that ships with kampvuur; used when `KAMPVUUR_PROGRAMME` is not set. */
export const DEMO_PROGRAMME = fileURLToPath(new URL("../../examples/leergang.yaml", import.meta.url));

/** One problem in a programme file, addressed by its path (`teams.1.members.0`). */
export interface ProgrammeProblem {
  path: string;
  message: string;
}

/** A programme file that cannot be used; carries every problem, not only the first. */
export class ProgrammeError extends KampvuurError {
  constructor(
    readonly file: string,
    readonly problems: ProgrammeProblem[],
  ) {
    super(
      "programme_invalid",
      `${file} is not a valid programme file (${problems.length} ${problems.length === 1 ? "problem" : "problems"}):\n` +
        problems.map((p) => `  ${p.path}: ${p.message}`).join("\n"),
    );
  }
}

/** Turns zod issues into `path.to.field: what is wrong` lines. */
export function describeIssues(issues: z.core.$ZodIssue[]): ProgrammeProblem[] {
  return issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join(".") : "(top level)",
    message: humanMessage(issue),
  }));
}

function humanMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? `is required (${issue.expected})` : `should be ${issue.expected}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")} (check the spelling)`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return issue.message;
  }
}

/** Parses and validates programme text; `source` names it in errors. */
export function parseProgramme(text: string, source: string): Programme {
  let raw: unknown;
  if (extname(source).toLowerCase() === ".json") {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ProgrammeError(source, [
        { path: "(file)", message: `is not valid JSON: ${(error as Error).message}` },
      ]);
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new ProgrammeError(
        source,
        doc.errors.map((e) => ({
          path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "(file)",
          message: e.message.split("\n")[0] ?? e.message,
        })),
      );
    }
    raw = doc.toJS();
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ProgrammeError(source, [
      { path: "(file)", message: "should be a mapping with name, sessions, …" },
    ]);
  }
  const result = programmeSchema.safeParse(raw);
  if (!result.success) throw new ProgrammeError(source, describeIssues(result.error.issues));
  return result.data;
}

/** Reads and validates a programme file (YAML or JSON). */
export async function loadProgramme(file: string = DEMO_PROGRAMME): Promise<Programme> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProgrammeError(file, [
      {
        path: "(file)",
        message:
          code === "ENOENT"
            ? "does not exist; check KAMPVUUR_PROGRAMME or the path you gave"
            : `cannot be read (${code})`,
      },
    ]);
  }
  return parseProgramme(text, file);
}
