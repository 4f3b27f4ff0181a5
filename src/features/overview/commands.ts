import type { CommandSpec } from "../../core/commands.js";
import { en, nl } from "./strings.js";

/** The overview's command: coordinators see every team, mentors their own; participants cannot use it. */
export const OVERVIEW_COMMANDS: CommandSpec[] = [
  {
    id: "overview",
    nl: ["overzicht", "deelname"],
    en: ["overview", "participation"],
    roles: ["coordinator", "mentor"],
    personal: true,
    help: { nl: nl.commands.overview, en: en.commands.overview },
  },
  {
    id: "overview.export",
    nl: ["export", "exporteer"],
    en: ["export"],
    roles: ["coordinator"],
    // It may hold answers shared with a team: typed in a channel, it goes to a DM.
    personal: true,
    // What to export and the format; anything else after it gets the usage.
    args: /^[\p{L}-]*(\s+[\p{L}]*)?$/u,
    help: { nl: nl.commands.export, en: en.commands.export },
  },
];
