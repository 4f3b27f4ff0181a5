import { DateTime } from "luxon";
import type { Language } from "../../config/programme-schema.js";
import type { Context } from "../../core/bot.js";
import { text } from "../../core/messages.js";
import { auditExport, buildExport, EXPORTS, type ExportFormat, type ExportKind } from "./exports.js";
import type { Overview } from "./service.js";
import { en, nl, strings } from "./strings.js";

/** Markdown up to this long is shown in the chat itself when no file can be sent. */
export const INLINE_MAX = 2_500;

/** The words for each export, in both languages (`export vragen` and `export questions` both work). */
const KIND_WORDS = new Map<string, ExportKind>(
  EXPORTS.flatMap((kind) => [
    [nl.exportWords[kind], kind],
    [en.exportWords[kind], kind],
  ]),
);

/** `export deelname md` → what and how; undefined when it names no export. */
export function parseExport(args: string): { kind: ExportKind; format: ExportFormat } | undefined {
  const [word = "", format = "", ...rest] = args.trim().toLowerCase().split(/\s+/);
  const kind = KIND_WORDS.get(word);
  if (!kind || rest.length > 0 || !["", "csv", "md"].includes(format)) return undefined;
  return { kind, format: format === "md" ? "md" : "csv" };
}

/** The file's name: `deelname-2026-12-02.csv`, `answers-2026-12-02.md`. */
export function exportFilename(
  kind: ExportKind,
  format: ExportFormat,
  date: string,
  language: Language,
): string {
  return `${strings(language).exportWords[kind]}-${date}.${format}`;
}

/**
 * `export deelname|vragen|antwoorden|reflectievragen [md|csv]` in chat, for coordinators (the
 * core refuses everyone else by the command's roles). The export is the CLI's own
 * (`buildExport`), audited once it is handed out (who, when, how many, and how: `csv, file`,
 * `csv, link`, `md, chat`; never the content), delivered the best way the platform allows: a
 * file where the responder can send one (Slack: an upload); else a link to the bot's own
 * server for an hour (Teams, with `KAMPVUUR_PUBLIC_URL`); else the Markdown in the chat when
 * it is short; else the exact `kampvuur export` command to run. Typed in a channel, the core
 * answers in a DM (the command is personal), where the link or the text goes.
 *
 * @example
 * // Marieke types "export antwoorden" in Slack: antwoorden-2026-12-02.csv in her DM.
 */
export async function exportInChat(overview: Overview, ctx: Context, args: string): Promise<undefined> {
  const t = strings(ctx.language);
  const asked = parseExport(args);
  if (!asked) {
    await ctx.respond.reply(text(t.exportUsage));
    return undefined;
  }
  const { kind, format } = asked;
  const { bot } = overview;
  const date = DateTime.fromJSDate(bot.clock.now(), { zone: bot.programme.timezone }).toISODate() as string;
  const filename = exportFilename(kind, format, date, ctx.language);
  const { text: content, count } = await buildExport(overview, kind, format, ctx.person, ctx.language);
  const what = t.exportWhat(kind, count);
  const audit = (how: string, as = format) => auditExport(overview, kind, ctx.person, count, `${as}, ${how}`);

  if (ctx.respond.sendFile) {
    try {
      await ctx.respond.sendFile({
        filename,
        title: filename,
        content: Buffer.from(content, "utf8"),
        mimeType: format === "csv" ? "text/csv" : "text/markdown",
        comment: what,
      });
      await audit("file");
      return undefined;
    } catch (error) {
      // No file after all (a missing scope, the platform down): offered the other ways.
      bot.logger.warn({ err: error, kind }, "overview: the export could not be sent as a file");
    }
  }
  const url = await overview.downloadUrl(filename, content);
  if (url) {
    await audit("link");
    await ctx.respond.reply({
      blocks: [
        { type: "section", title: t.exportTitle, text: what },
        { type: "text", text: t.exportLink(filename, url) },
      ],
      kind: "export",
    });
    return undefined;
  }
  const markdown =
    format === "md" ? content : (await buildExport(overview, kind, "md", ctx.person, ctx.language)).text;
  if (markdown.length <= INLINE_MAX) {
    await audit("chat", "md");
    await ctx.respond.reply({
      blocks: [
        { type: "section", title: t.exportTitle, text: `${what} ${t.exportInline}` },
        { type: "text", text: markdown.trimEnd() },
      ],
      kind: "export",
    });
    return undefined;
  }
  await ctx.respond.reply(
    text(`${what}\n${t.exportTooLong(`kampvuur export ${kind} --format ${format} --out ${filename}`)}`),
  );
  return undefined;
}
