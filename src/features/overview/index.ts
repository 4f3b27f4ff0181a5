import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { OVERVIEW_CLI } from "./cli.js";
import { OVERVIEW_COMMANDS } from "./commands.js";
import { registerOverview } from "./handlers.js";
import { overviewHome } from "./home.js";
import { Overview } from "./service.js";

export { CHART_PATH, Overview } from "./service.js";

/**
 * The participation overview: `overzicht` for coordinators (every team) and mentors (their
 * own), counts per week and team from every feature's participation source (never what
 * anyone wrote), the chart of answers per week, the home section, and `kampvuur report` and
 * `kampvuur export` at a terminal.
 */
export const overview: Feature<Overview, FeatureDeps> = {
  id: "overview",
  commands: OVERVIEW_COMMANDS,
  register: (bot, deps) =>
    registerOverview(bot, new Overview(bot, deps.participation, deps.audit, deps.downloads)),
  jobs: (service) => [service.counts.job()],
  home: (service, person, language) => overviewHome(service, person, language),
  cli: OVERVIEW_CLI,
};
