import type { CommandSpec } from "../../core/commands.js";
import { en, nl } from "./strings.js";

const help = (id: keyof typeof nl.commands) => ({ nl: nl.commands[id], en: en.commands[id] });

/** The session-reminders feature's commands (Dutch and English words both always work). */
export const SESSION_COMMANDS: CommandSpec[] = [
  {
    id: "session",
    nl: ["bijeenkomst", "volgende bijeenkomst"],
    en: ["session", "next session"],
    personal: true,
    help: help("session"),
  },
  {
    id: "cantCome",
    nl: ["ik kan niet", "kan niet"],
    en: ["i can't come", "can't come", "cannot come"],
    roles: ["participant", "mentor"],
    personal: true,
    args: /^(komen|come)?$/i,
    help: help("cantCome"),
  },
  {
    id: "canCome",
    nl: ["ik kan toch", "ik kom toch", "kan toch"],
    en: ["i can come", "can come"],
    roles: ["participant", "mentor"],
    personal: true,
    args: /^(komen|come)?$/i,
    help: help("canCome"),
  },
  {
    id: "reminders",
    nl: ["herinneringen", "herinnering"],
    en: ["reminders"],
    roles: ["participant", "mentor"],
    personal: true,
    args: /^(aan|uit|on|off)?$/i,
    help: help("reminders"),
  },
  {
    id: "calendar",
    nl: ["agenda", "kalender"],
    en: ["calendar"],
    help: help("calendar"),
  },
];
