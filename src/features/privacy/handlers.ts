import { DateTime } from "luxon";
import type { DownloadStore } from "../../core/downloads.js";
import type { Bot } from "../../core/bot.js";
import { type Block, text } from "../../core/messages.js";
import type { Privacy } from "./service.js";
import { strings } from "./strings.js";

export const ACTION_ERASE_CONFIRM = "privacy.erase-confirm";
export const ACTION_ERASE_CANCEL = "privacy.erase-cancel";

/** The most of the Markdown export shown in chat (a Teams card stays far under 28 KB). */
const SHOWN_CHARS = 12_000;
/** One text block of it (Slack: 3,000 characters a section). */
const BLOCK_CHARS = 2_800;

/**
 * `mijn gegevens` (what is kept, readable, in chat: only to the person, in their DM) and
 * `verwijder mij` (what will go and what stays, a confirmation, then the erasure). The
 * buttons carry the person's id and are refused for anyone else.
 */
export function registerPrivacy(bot: Bot, privacy: Privacy, downloads?: DownloadStore): Privacy {
  bot.command("myData", async (ctx) => {
    const t = strings(ctx.language).myData;
    const data = await privacy.export(ctx.person.id, ctx.person.id, "md");
    if (Object.keys(data.parts).length === 0) {
      await ctx.respond.reply(text(t.nothing));
      return undefined;
    }
    const markdown = privacy.markdown(data, ctx.language, ctx.person.name);
    const json = `${JSON.stringify(data, null, 2)}\n`;
    const date = DateTime.fromJSDate(bot.clock.now(), { zone: bot.programme.timezone }).toISODate();
    const name = `${t.filename}-${date}`;
    // A file where the platform takes one (Slack): the readable document and the JSON.
    if (ctx.respond.sendFile) {
      try {
        await ctx.respond.sendFile({
          filename: `${name}.md`,
          title: `${name}.md`,
          content: Buffer.from(markdown, "utf8"),
          mimeType: "text/markdown",
          comment: t.intro(ctx.person.firstName),
        });
        await ctx.respond.sendFile({
          filename: `${name}.json`,
          title: `${name}.json`,
          content: Buffer.from(json, "utf8"),
          mimeType: "application/json",
          comment: t.json,
        });
        return undefined;
      } catch (error) {
        // No file after all (a missing scope, the platform down): shown in the chat instead.
        bot.logger.warn({ err: error }, "privacy: the export could not be sent as a file");
      }
    }
    // Where a bot cannot send a file (a Teams chat): two addresses of the bot's own, for an
    // hour, in the person's own DM (the command is personal); only who has them can fetch them.
    const mdUrl = await downloads?.url(`${name}.md`, markdown);
    const jsonUrl = mdUrl ? await downloads?.url(`${name}.json`, json) : undefined;
    if (mdUrl && jsonUrl) {
      await ctx.respond.reply({
        blocks: [
          { type: "section", title: t.title, text: t.intro(ctx.person.firstName) },
          { type: "text", text: t.links(mdUrl, jsonUrl) },
        ],
      });
      return undefined;
    }
    const shown = markdown.length > SHOWN_CHARS ? markdown.slice(0, SHOWN_CHARS) : markdown;
    const chunks: Block[] = [];
    for (let i = 0; i < shown.length; i += BLOCK_CHARS)
      chunks.push({ type: "text", text: shown.slice(i, i + BLOCK_CHARS) });
    await ctx.respond.reply({
      blocks: [
        { type: "section", title: t.title, text: t.intro(ctx.person.firstName) },
        ...chunks,
        {
          type: "context",
          text: markdown.length > SHOWN_CHARS ? t.tooLong(SHOWN_CHARS, markdown.length) : t.file,
        },
      ],
    });
    return undefined;
  });

  bot.command("eraseMe", async (ctx) => {
    const t = strings(ctx.language).erase;
    const parts = privacy.parts.map((p) => `• ${p.describe[ctx.language]}`).join("\n");
    await ctx.respond.reply({
      blocks: [
        { type: "section", title: t.title, text: `${t.what}\n${parts}` },
        { type: "text", text: `${t.kept}\n\n${t.after}` },
        {
          type: "actions",
          buttons: [
            { actionId: ACTION_ERASE_CONFIRM, label: t.confirm, value: ctx.person.id, style: "danger" },
            { actionId: ACTION_ERASE_CANCEL, label: t.cancel, value: ctx.person.id },
          ],
        },
      ],
    });
    return undefined;
  });

  bot.onAction(ACTION_ERASE_CANCEL, { roles: "everyone", personal: true }, async (ctx) => {
    const t = strings(ctx.language).erase;
    if (ctx.event.value !== ctx.person.id) await ctx.respond.reply(text(t.notYours));
    else await ctx.respond.replace(text(t.cancelled));
    return undefined;
  });

  bot.onAction(ACTION_ERASE_CONFIRM, { roles: "everyone", personal: true }, async (ctx) => {
    const t = strings(ctx.language).erase;
    if (ctx.event.value !== ctx.person.id) {
      await ctx.respond.reply(text(t.notYours));
      return undefined;
    }
    const done = await privacy.erase(ctx.person.id, "self");
    const parts = Object.values(done.parts).filter((n) => n > 0).length;
    await ctx.respond.replace(text(t.done(parts)));
    return undefined;
  });

  return privacy;
}
