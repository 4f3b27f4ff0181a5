import type { Language } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import { type Block, type Message, text } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import { reportBlocks } from "./format.js";
import type { Overview } from "./service.js";
import { strings } from "./strings.js";

/** How many weeks the chat overview and the home view show. */
export const CHAT_WEEKS = 4;

/**
 * `overzicht` / `overview` in chat: for a coordinator every team, for a mentor the teams they
 * mentor (the core refuses participants by the command's roles; the scope is checked here
 * again for the person acting), a block per team and, when the bot has a public address,
 * the chart.
 */
export function registerOverview(bot: Bot, overview: Overview): Overview {
  bot.command("overview", async (ctx) => {
    await ctx.respond.reply(await overviewMessage(overview, ctx.person, ctx.language));
    await overview.audit.record({
      actorId: ctx.person.id,
      action: "report.participation",
      count: 1,
      detail: "chat",
    });
    return undefined;
  });
  return overview;
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
