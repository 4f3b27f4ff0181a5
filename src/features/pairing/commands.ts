import type { CommandSpec } from "../../core/commands.js";
import { en, nl } from "./strings.js";

const help = (id: keyof typeof nl.commands) => ({ nl: nl.commands[id], en: en.commands[id] });

/** Mentor pairing (coordinators) and leerbuddy's (participants). */
export const PAIRING_COMMANDS: CommandSpec[] = [
  {
    id: "pairMentors",
    nl: ["koppel mentoren", "mentoren koppelen"],
    en: ["pair mentors"],
    roles: ["coordinator"],
    personal: true,
    args: /^$/,
    help: help("pair"),
  },
  {
    id: "peersOff",
    nl: ["leerbuddy uit"],
    en: ["buddy off"],
    roles: ["participant"],
    personal: true,
    args: /^$/,
    help: help("peersOff"),
  },
  {
    id: "peersOn",
    nl: ["leerbuddy aan"],
    en: ["buddy on"],
    roles: ["participant"],
    personal: true,
    args: /^$/,
    help: help("peersOn"),
  },
];
