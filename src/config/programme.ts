import { type FileHandle, open } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Alias,
  type Document,
  isAlias,
  isCollection,
  isPair,
  LineCounter,
  parseDocument,
  visit,
} from "yaml";
import type { z } from "zod";
import { KampvuurError } from "../kernel/errors.js";
import { type Programme, type ProgrammeSection, programmeSchemaWith } from "./programme-schema.js";

export type { Programme } from "./programme-schema.js";

/** The largest programme file kampvuur reads: 1 MB, a hundred times the demo programme. */
export const MAX_PROGRAMME_BYTES = 1_000_000;

/**
 * How many values the aliases (`*name`) of one file may repeat in all, counting each alias as
 * the values of its anchor, nested aliases included. Reusing an anchor a few hundred times
 * (an organisation for every participant) is fine; a "billion laughs" file, anchors repeating
 * anchors many levels deep, is refused with the position of the alias that crosses the line.
 * The same number is the yaml library's own `maxAliasCount`, a second line behind this count.
 */
export const MAX_ALIAS_VALUES = 10_000;

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

function tooLarge(source: string, bytes?: number): ProgrammeError {
  const size =
    bytes === undefined
      ? "is larger than 1 MB"
      : `is ${(bytes / 1_000_000).toFixed(1)} MB (${bytes.toLocaleString("en-GB")} bytes)`;
  return new ProgrammeError(source, [
    {
      path: "(file)",
      message: `${size}, and a programme file may be at most 1 MB; check that KAMPVUUR_PROGRAMME or the path you gave is the programme file`,
    },
  ]);
}

/** The first alias that is unresolved, part of a loop, or takes the file past `MAX_ALIAS_VALUES`. */
function aliasProblem(doc: Document, lines: LineCounter): ProgrammeProblem | undefined {
  // As the yaml library does: an alias is the last node with its anchor before it, in document order.
  const targets = new Map<Alias, unknown>();
  const anchors = new Map<string, unknown>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  if (targets.size === 0) return undefined;

  const sizes = new Map<unknown, number>();
  const busy = new Set<unknown>();
  let loop: Alias | undefined;
  const size = (node: unknown): number => {
    if (isAlias(node)) {
      const target = targets.get(node);
      if (busy.has(target)) {
        loop ??= node;
        return 1;
      }
      return target === undefined ? 1 : size(target);
    }
    if (isPair(node)) return size(node.key) + size(node.value);
    if (!isCollection(node)) return node === null || node === undefined ? 0 : 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    busy.add(node);
    let n = 1;
    for (const item of node.items) n += size(item);
    busy.delete(node);
    sizes.set(node, n);
    return n;
  };
  const at = (node: Alias) => {
    const offset = node.range?.[0];
    if (offset === undefined) return "(file)";
    const { line, col } = lines.linePos(offset);
    return `line ${line}, column ${col}`;
  };

  let total = 0;
  for (const [alias, target] of targets) {
    const name = alias.source;
    if (target === undefined) {
      return {
        path: at(alias),
        message: `*${name} refers to no anchor &${name} before it; put &${name} on a value above, or check the spelling`,
      };
    }
    total += size(alias);
    if (loop) {
      return {
        path: at(loop),
        message: `*${loop.source} is inside the value &${loop.source} it repeats, an endless loop; remove it`,
      };
    }
    if (total > MAX_ALIAS_VALUES) {
      return {
        path: at(alias),
        message:
          `*${name} takes the values this file's aliases repeat past ${MAX_ALIAS_VALUES.toLocaleString("en-GB")} ` +
          `(an alias bomb, "billion laughs"?); write the values out, or use fewer and less nested aliases (&name, *name)`,
      };
    }
  }
  return undefined;
}

/** What a parser that ran out of stack means for the person who wrote the file. */
const TOO_DEEP =
  "is nested far deeper than a programme file needs (lists inside lists, thousands deep); check the brackets [ ] and { } here";

/**
 * Parses and validates programme text; `source` names it in errors. `sections` are the
 * features' own parts of the file (`programmeSections(features)` in the app): a top-level key
 * that neither the programme nor one of them knows is refused.
 */
export function parseProgramme(
  text: string,
  source: string,
  sections: readonly ProgrammeSection[] = [],
): Programme {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_PROGRAMME_BYTES) throw tooLarge(source, bytes);
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
    const lines = new LineCounter();
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter: lines });
    if (doc.errors.length > 0) {
      throw new ProgrammeError(
        source,
        doc.errors.map((e) => ({
          path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "(file)",
          message: /Maximum call stack/i.test(e.message) ? TOO_DEEP : (e.message.split("\n")[0] ?? e.message),
        })),
      );
    }
    const aliases = aliasProblem(doc, lines);
    if (aliases) throw new ProgrammeError(source, [aliases]);
    try {
      raw = doc.toJS({ maxAliasCount: MAX_ALIAS_VALUES });
    } catch (error) {
      throw new ProgrammeError(source, [
        {
          path: "(file)",
          message: `cannot be turned into a programme (${(error as Error).message}); write the values out instead of using aliases (&name, *name)`,
        },
      ]);
    }
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ProgrammeError(source, [
      { path: "(file)", message: "should be a mapping with name, sessions, …" },
    ]);
  }
  const result = programmeSchemaWith(sections).safeParse(raw);
  if (!result.success) throw new ProgrammeError(source, describeIssues(result.error.issues));
  return result.data;
}

/** The file's text, refusing more than `MAX_PROGRAMME_BYTES` without reading it all (a FIFO or /dev/zero included). */
async function readProgrammeFile(path: string, file: string): Promise<string> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const { size } = await handle.stat();
    if (size > MAX_PROGRAMME_BYTES) throw tooLarge(file, size);
    const buffer = Buffer.alloc(MAX_PROGRAMME_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_PROGRAMME_BYTES) throw tooLarge(file);
    }
    return buffer.toString("utf8", 0, length);
  } finally {
    await handle?.close();
  }
}

/** Reads and validates a programme file (YAML or JSON), with the features' sections of it. */
export async function loadProgramme(
  file: string = DEMO_PROGRAMME,
  sections: readonly ProgrammeSection[] = [],
): Promise<Programme> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readProgrammeFile(path, file);
  } catch (error) {
    if (error instanceof ProgrammeError) throw error;
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
  return parseProgramme(text, file, sections);
}
