import type { CommandSpec } from "../../core/commands.js";
import { en, nl } from "./strings.js";

const help = (id: keyof typeof nl.commands) => ({ nl: nl.commands[id], en: en.commands[id] });

/** The homework feature's commands (Dutch and English words both always work). */
export const HOMEWORK_COMMANDS: CommandSpec[] = [
  { id: "homework", nl: ["huiswerk"], en: ["homework"], personal: true, help: help("homework") },
  {
    id: "homeworkNew",
    nl: ["huiswerk nieuw", "nieuw huiswerk"],
    en: ["homework new", "new homework"],
    roles: ["coordinator"],
    personal: true,
    help: help("homeworkNew"),
  },
];
