import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { z } from "zod";
import { languageSchema, type Language } from "../config/programme-schema.js";
import { describeIssues } from "../config/programme.js";

/** The curated content base that ships with kampvuur. */
export const CONTENT_DIR = fileURLToPath(new URL("../../content/", import.meta.url));

const tagList = z.union([
  z.array(z.string().trim().min(1)).min(1, "needs at least one tag"),
  z
    .string()
    .trim()
    .min(1)
    .transform((s) => s.split(",").map((t) => t.trim())),
]);

/** The front-matter every content file starts with. */
export const frontMatterSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "must be lowercase letters, digits and dashes, such as principe-06"),
  title: z.string().trim().min(3, "must be a real title"),
  language: languageSchema,
  source: z.string().trim().min(1, "must say where the facts come from"),
  tags: tagList,
  summary: z.string().trim().min(1).optional(),
  /**
   * What kind of document it is. A glossary answers "what does X mean?", not a situation,
   * and a programme's description answers questions about that programme: the retriever
   * weighs them down for other questions (see `Retriever.search`). Default: a principle or
   * any other document about the subject.
   */
  kind: z.enum(["subject", "programme", "glossary"]).default("subject"),
  /**
   * How people ask for this file in their own words ("alternative phrasings"). Indexed,
   * never shown. Coordinators add to it when `kampvuur questions --unanswered` shows a
   * question that should have found this file.
   */
  questions: z.array(z.string().trim().min(3)).default([]),
});
export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** One `##` section of a content file: the unit that is indexed and cited. */
export interface Chunk {
  /** `principe-06#2`: the document id and the section's position. */
  key: string;
  docId: string;
  title: string;
  language: Language;
  heading: string;
  text: string;
  tags: string[];
  /** The document's example questions (see the front-matter). */
  questions: string[];
  /** The document's one-line summary, if it has one. */
  summary?: string;
  /** What kind of document it is (front-matter `kind`). */
  kind: "subject" | "programme" | "glossary";
}

export interface ContentDoc extends FrontMatter {
  file: string;
  chunks: Chunk[];
}

/** A content file that could not be used, addressed by file and field. */
export interface ContentProblem {
  file: string;
  field: string;
  message: string;
}

export interface ContentBase {
  docs: ContentDoc[];
  chunks: Chunk[];
  problems: ContentProblem[];
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * Parses one Markdown file with front-matter into its sections. Returns the problems
 * instead when the front-matter is missing or wrong, so one broken file never takes the
 * rest of the content base down.
 */
export function parseContent(
  markdown: string,
  file: string,
): { doc: ContentDoc; problems?: never } | { doc?: never; problems: ContentProblem[] } {
  const match = FRONT_MATTER.exec(markdown);
  if (!match) {
    return {
      problems: [{ file, field: "(front-matter)", message: "is missing: start the file with a --- block" }],
    };
  }
  const yaml = parseDocument(match[1] ?? "", { uniqueKeys: true });
  if (yaml.errors.length > 0) {
    return {
      problems: yaml.errors.map((e) => ({
        file,
        field: e.linePos ? `line ${e.linePos[0].line + 1}` : "(front-matter)",
        message: e.message.split("\n")[0] ?? e.message,
      })),
    };
  }
  const parsed = frontMatterSchema.safeParse(yaml.toJS() ?? {});
  if (!parsed.success) {
    return {
      problems: describeIssues(parsed.error.issues).map((p) => ({ file, field: p.path, message: p.message })),
    };
  }
  const meta = parsed.data;
  const body = markdown.slice(match[0].length);
  const chunks = sections(body).map((s, i) => ({
    key: `${meta.id}#${i}`,
    docId: meta.id,
    title: meta.title,
    language: meta.language,
    heading: s.heading,
    text: i === 0 && meta.summary && !s.text.includes(meta.summary) ? `${meta.summary}\n\n${s.text}` : s.text,
    tags: meta.tags,
    questions: meta.questions,
    kind: meta.kind,
    ...(meta.summary ? { summary: meta.summary } : {}),
  }));
  if (chunks.length === 0) {
    return { problems: [{ file, field: "(body)", message: "has no text after the front-matter" }] };
  }
  return { doc: { ...meta, file, chunks } };
}

/** Splits Markdown at `##` headings; text before the first one is its own section. */
function sections(body: string): { heading: string; text: string }[] {
  const out: { heading: string; text: string }[] = [];
  let heading = "";
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join("\n").trim();
    if (text) out.push({ heading, text });
    lines = [];
  };
  for (const line of body.split(/\r?\n/)) {
    const h2 = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (h2) {
      flush();
      heading = h2[1] ?? "";
    } else if (!/^#\s/.test(line)) lines.push(line);
  }
  flush();
  return out;
}

async function markdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith(".md") && e.name.toLowerCase() !== "readme.md")
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The folders to read: the shipped content plus `KAMPVUUR_CONTENT` (separated by `,` or the path delimiter). */
export function contentDirs(extra: string | undefined, base = CONTENT_DIR): string[] {
  const more = (extra ?? "")
    .split(/[,:;]/)
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => resolve(d));
  return [base, ...more];
}

/** A content file as read from disk, before it is parsed. */
export interface ContentFile {
  /** The absolute path. */
  path: string;
  /** The path as shown in problems and in `ContentDoc.file` (relative to the working folder). */
  name: string;
  text: string;
}

/**
 * What the content folders hold, in reading order: each Markdown file's text, or the problem
 * of a folder that cannot be read. The input of `parseContentFiles`, and what the cache of
 * parsed content is keyed by (see `knowledge-cache.ts`).
 */
export type ContentFiles = ({ file: ContentFile } | { problem: ContentProblem })[];

/** Reads every Markdown file under the folders (a folder that cannot be read is a problem). */
export async function readContentFiles(dirs: string[] = [CONTENT_DIR]): Promise<ContentFiles> {
  const perDir = await Promise.all(
    dirs.map(async (dir): Promise<ContentFiles> => {
      let files: string[];
      try {
        files = await markdownFiles(dir);
      } catch (error) {
        return [
          {
            problem: {
              file: dir,
              field: "(folder)",
              message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}): check the path in KAMPVUUR_CONTENT`,
            },
          },
        ];
      }
      return Promise.all(
        files.map(async (path) => ({
          file: { path, name: relative(process.cwd(), path) || path, text: await readFile(path, "utf8") },
        })),
      );
    }),
  );
  return perDir.flat();
}

/**
 * Parses what `readContentFiles` read. Files with problems are left out and listed; a later
 * file with the same id and language as an earlier one is a problem too (a coordinator's
 * folder cannot silently replace a principle).
 */
export function parseContentFiles(files: ContentFiles): ContentBase {
  const docs: ContentDoc[] = [];
  const problems: ContentProblem[] = [];
  const seen = new Map<string, string>();
  for (const entry of files) {
    if ("problem" in entry) {
      problems.push(entry.problem);
      continue;
    }
    const { name, text } = entry.file;
    const result = parseContent(text, name);
    if (result.problems) {
      problems.push(...result.problems);
      continue;
    }
    const key = `${result.doc.language}:${result.doc.id}`;
    const earlier = seen.get(key);
    if (earlier) {
      problems.push({
        file: name,
        field: "id",
        message: `'${result.doc.id}' (${result.doc.language}) is already used by ${earlier}: give this file its own id`,
      });
      continue;
    }
    seen.set(key, name);
    docs.push(result.doc);
  }
  return { docs, chunks: docs.flatMap((d) => d.chunks), problems };
}

/**
 * Reads and parses every Markdown file under the folders. Files with problems are left out
 * and listed; a later file with the same id and language as an earlier one is a problem too
 * (a coordinator's folder cannot silently replace a principle).
 */
export async function loadContent(dirs: string[] = [CONTENT_DIR]): Promise<ContentBase> {
  return parseContentFiles(await readContentFiles(dirs));
}
