import type { Language } from "../../config/programme-schema.js";
import { DateTime } from "luxon";
import type { Bot, Context } from "../../core/bot.js";
import { type Block, type Message, text } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { exportInChat } from "./export-chat.js";
import { reportBlocks } from "./format.js";
import type { Overview } from "./service.js";
import { strings } from "./strings.js";

/** How many weeks the chat overview and the home view show. */
export const CHAT_WEEKS = 4;

/**
 * `overzicht` / `overview` in chat: for a coordinator every team, for a mentor the teams they
 * mentor (the core refuses participants by the command's roles; the scope is checked here
 * again for the person acting), a block per team and the chart: an image when the bot has a
 * public address, else an uploaded file where the platform takes one. And `export …`.
 */
export function registerOverview(bot: Bot, overview: Overview): Overview {
  bot.command("overview", async (ctx) => {
    const message = await overviewMessage(overview, ctx.person, ctx.language);
    await ctx.respond.reply(message);
    await chartAsFile(overview, ctx, message);
    await overview.audit.record({
      actorId: ctx.person.id,
      action: "report.participation",
      count: 1,
      detail: "chat",
    });
    return undefined;
  });
  bot.command("overview.export", (ctx, args) => exportInChat(overview, ctx, args));
  return overview;
}

/**
 * Without a public address there is no image block, so where the platform takes files
 * (Slack) the chart follows the overview as an uploaded PNG: a coordinator sees it anyway.
 */
async function chartAsFile(overview: Overview, ctx: Context, message: Message): Promise<void> {
  const sendFile = ctx.respond.sendFile;
  if (!sendFile || message.kind !== "overview" || message.blocks?.some((b) => b.type === "image")) return;
  const teams = overview.teamsFor(ctx.person, ctx.language);
  const report = await overview.report(teams, { lastWeeks: CHAT_WEEKS });
  if (report.weeks.length === 0 || teams.length === 0) return;
  const t = strings(ctx.language);
  const date = DateTime.fromJSDate(overview.bot.clock.now(), { zone: overview.bot.programme.timezone });
  try {
    await sendFile.call(ctx.respond, {
      filename: `${t.chartFilename}-${date.toISODate()}.png`,
      title: t.chartFileTitle(date.toISODate() as string),
      content: await overview.chartPng(report, ctx.language),
      mimeType: "image/png",
      altText: t.chartAlt(report.weeks.length, report.teams.length),
    });
  } catch (error) {
    // The overview itself has arrived; the picture is a bonus.
    overview.bot.logger.warn({ err: error }, "overview: the chart could not be sent as a file");
  }
}

/** The overview as one person may see it, in their language. */
export async function overviewMessage(
  overview: Overview,
  person: Person,
  language: Language,
): Promise<Message> {
  const t = strings(language);
  if (person.role === "participant") return text(t.noTeams);
  const teams = overview.teamsFor(person, language);
  if (teams.length === 0) return text(t.noTeams);
  const report = await overview.report(teams, { lastWeeks: CHAT_WEEKS });
  if (report.weeks.length === 0)
    return { blocks: [{ type: "section", title: t.title, text: t.nothingYet }], kind: "overview" };
  const intro = person.role === "mentor" ? t.mentorIntro(report.weeks.length) : t.intro(report.weeks.length);
  const blocks: Block[] = [
    { type: "section", title: t.title, text: intro },
    ...reportBlocks(report, language),
  ];
  const url = await overview.chartUrl(report, language);
  if (url) blocks.push({ type: "image", url, alt: t.chartAlt(report.weeks.length, report.teams.length) });
  return { blocks, kind: "overview" };
}
