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
];
