import type { Language } from "../../config/programme-schema.js";
import type { AuditLog } from "../../core/audit.js";
import type { Bot } from "../../core/bot.js";
import {
  type AskedItem,
  type ParticipationMetric,
  type ParticipationSources,
  programmeWeek,
} from "../../core/participation.js";
import type { Person } from "../../core/people.js";
import { KampvuurError } from "../../kernel/errors.js";
import { ChartStore } from "./charts.js";
import { CountsCache } from "./counts-cache.js";
import { DownloadStore, FILES_PATH } from "../../core/downloads.js";
import { strings } from "./strings.js";

/** A group the overview counts: a team of the programme, or the participants without one. */
export interface TeamScope {
  id: string;
  name: string;
  members: string[];
}

/** The counts of one team in one week, per metric key. */
export interface OverviewRow {
  week: string;
  team: TeamScope;
  counts: Record<string, number>;
}

/** Per week and team, every metric of every source: counts only, never what anyone wrote. */
export interface OverviewReport {
  metrics: ParticipationMetric[];
  /** Oldest first. */
  weeks: string[];
  teams: TeamScope[];
  /** Every team in every week (zeros included), by week, then in the teams' order. */
  rows: OverviewRow[];
}

/** Who asks: a person in chat, or the command line (an operator at the terminal). */
export type Actor = Person | "cli";

export const NO_TEAM_ID = "zonder-team";

/** Where the bot serves its charts (`/charts/<token>.png`). */
export const CHART_PATH = FILES_PATH;

/**
 * The participation overview: who may see which teams, the counts per week and team from
 * every feature's participation source, and the chart of answers per week.
 */
export class Overview {
  readonly charts: ChartStore;
  /** Exports served for an hour, where a platform cannot take a file from a bot. */
  readonly downloads: DownloadStore;
  /** Everyone's counts, kept in memory and kept right by the store's write feed. */
  readonly counts: CountsCache;
  /** The bot's public address (`KAMPVUUR_PUBLIC_URL`), when it serves its charts (`publish`). */
  private publicUrl?: string;

  constructor(
    readonly bot: Bot,
    readonly sources: ParticipationSources,
    readonly audit: AuditLog,
    /** The files the bot serves (shared with the other features; its own when not given). */
    downloads?: DownloadStore,
  ) {
    this.charts = new ChartStore(bot.store, bot.clock);
    this.downloads = downloads ?? new DownloadStore(bot.store, bot.clock);
    this.counts = new CountsCache(bot, sources);
  }

  /**
   * The teams someone may see: a coordinator (and the command line) all of them and the
   * participants without a team; a mentor the teams they mentor; a participant nothing.
   */
  teamsFor(actor: Actor, language: Language = this.bot.programme.language): TeamScope[] {
    const { programme } = this.bot;
    if (actor !== "cli" && actor.role === "participant") return [];
    const teams = programme.teams
      .filter((team) => actor === "cli" || actor.role === "coordinator" || team.mentor === actor.id)
      .map((team) => ({ id: team.id, name: team.name, members: [...team.members] }));
    if (actor === "cli" || actor.role === "coordinator") {
      const inTeam = new Set(programme.teams.flatMap((t) => t.members));
      const loose = programme.participants.map((p) => p.id).filter((id) => !inTeam.has(id));
      if (loose.length > 0) teams.push({ id: NO_TEAM_ID, name: strings(language).noTeam, members: loose });
    }
    return teams;
  }

  /**
   * Serve charts at `<publicUrl>/charts/<token>.png` from now on (the server adds the route,
   * `chartRoute`): chat messages and the home view then carry the chart as an image.
   */
  publish(publicUrl: string): void {
    this.publicUrl = publicUrl.replace(/\/+$/, "");
    this.downloads.publish(publicUrl);
  }

  /** The chart of answers per week as a PNG (1200 × 720). Vega loads only when a chart is drawn. */
  async chartPng(report: OverviewReport, language: Language): Promise<Buffer> {
    const { answersChartPng } = await import("./chart.js");
    return answersChartPng(report, language);
  }

  /**
   * The address of this report's chart, rendered once and kept for a day; undefined when the
   * bot has no public address, or nothing has been sent yet.
   */
  async chartUrl(report: OverviewReport, language: Language): Promise<string | undefined> {
    if (!this.publicUrl || report.weeks.length === 0) return undefined;
    const key = JSON.stringify([
      language,
      report.weeks,
      report.rows.map((r) => [r.team.name, r.counts.answered]),
    ]);
    const token = await this.charts.put(key, () => this.chartPng(report, language));
    return `${this.publicUrl}${CHART_PATH}${token}.png`;
  }

  /**
   * The address where this export can be downloaded for an hour
   * (`<publicUrl>/charts/<token>.csv`); undefined when the bot has no public address.
   */
  async downloadUrl(filename: string, content: string): Promise<string | undefined> {
    return this.downloads.url(filename, content);
  }

  /** The current week of the programme (`2026-W48`). */
  currentWeek(): string {
    return programmeWeek(this.bot.clock.now(), this.bot.programme.timezone);
  }

  /**
   * The counts per week and team. `week`: only that week (`2026-W48`, `W48` or `48`);
   * `lastWeeks`: only the latest weeks with anything in them.
   */
  async report(
    teams: TeamScope[],
    options: { week?: string; lastWeeks?: number } = {},
  ): Promise<OverviewReport> {
    const metrics = this.sources.metrics();
    const teamOf = new Map<string, TeamScope>();
    for (const team of teams) for (const m of team.members) teamOf.set(m, team);

    /** Week → team id → metric → count. */
    const cells = new Map<string, Map<string, Record<string, number>>>();
    await this.counts.visit([...teamOf.keys()], (personId, week, metric, count) => {
      const team = teamOf.get(personId);
      if (!team || count <= 0) return;
      let byTeam = cells.get(week);
      if (!byTeam) cells.set(week, (byTeam = new Map()));
      let cell = byTeam.get(team.id);
      if (!cell) byTeam.set(team.id, (cell = {}));
      cell[metric] = (cell[metric] ?? 0) + count;
    });
    let shown = [...cells.keys()].sort();
    if (options.week !== undefined) shown = [resolveWeek(options.week, shown)];
    // Weeks to come have counts only for session days (who can't come, what is prepared): shown too.
    else if (options.lastWeeks !== undefined) shown = shown.slice(-options.lastWeeks);
    const rows = shown.flatMap((week) =>
      teams.map((team) => {
        const cell = cells.get(week)?.get(team.id) ?? {};
        return { week, team, counts: Object.fromEntries(metrics.map((m) => [m.key, cell[m.key] ?? 0])) };
      }),
    );
    return { metrics, weeks: shown, teams, rows };
  }

  /** The prompts sent to everyone, with their counts among all participants (for the questions export). */
  async asked(language: Language): Promise<AskedItem[]> {
    return this.sources.asked(
      this.bot.directory.withRole("participant").map((p) => p.id),
      language,
    );
  }
}

/**
 * A week as typed (`2026-W48`, `W48`, `48`) among the weeks that have counts; a full week
 * is taken as it is, a bare number must match exactly one of them.
 */
export function resolveWeek(typed: string, known: string[]): string {
  const value = typed.trim().toUpperCase();
  const full = /^(\d{4})-?W(\d{1,2})$/.exec(value);
  if (full) return `${full[1]}-W${(full[2] as string).padStart(2, "0")}`;
  const bare = /^W?(\d{1,2})$/.exec(value);
  if (bare) {
    const n = Number(bare[1]);
    const matches = known.filter((w) => Number(w.slice(-2)) === n);
    if (matches.length >= 1) return matches.at(-1) as string;
    throw new KampvuurError(
      "config_invalid",
      `There are no counts for week ${n}${known.length ? ` (weeks with counts: ${known.map((w) => w.slice(-2)).join(", ")})` : ""}. Give the week as 2026-W${String(n).padStart(2, "0")} to see it anyway.`,
    );
  }
  throw new KampvuurError("config_invalid", `'${typed}' is not a week: give it as 2026-W48, W48 or 48.`);
}
