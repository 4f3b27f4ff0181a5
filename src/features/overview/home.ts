import type { Language } from "../../config/programme-schema.js";
import type { Block } from "../../core/messages.js";
import type { Person } from "../../core/people.js";
import type { Overview } from "./service.js";
import { strings } from "./strings.js";

/**
 * The overview on the home view of coordinators and mentors: the latest week's answers of the
 * teams they may see, in one line, and the chart where the bot has a public address.
 * Participants see nothing of it.
 */
export async function overviewHome(overview: Overview, person: Person, language: Language): Promise<Block[]> {
  if (person.role === "participant") return [];
  const teams = overview.teamsFor(person, language);
  if (teams.length === 0) return [];
  const t = strings(language);
  const report = await overview.report(teams, { lastWeeks: 4 });
  const latest = report.weeks.at(-1);
  if (!latest) return [];
  const rows = report.rows.filter((r) => r.week === latest);
  const sum = (key: string) => rows.reduce((n, r) => n + (r.counts[key] ?? 0), 0);
  const blocks: Block[] = [
    { type: "section", title: t.homeTitle, text: t.homeLine(latest, sum("answered"), sum("prompts")) },
  ];
  const url = await overview.chartUrl(report, language);
  if (url) blocks.push({ type: "image", url, alt: t.chartAlt(report.weeks.length, report.teams.length) });
  blocks.push({ type: "context", text: t.homeMore });
  return blocks;
}
