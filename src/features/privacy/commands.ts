import type { CommandSpec } from "../../core/commands.js";
import { en, nl } from "./strings.js";

const help = (id: keyof typeof nl.commands) => ({ nl: nl.commands[id], en: en.commands[id] });

/** Everyone's own data: see it, and erase it. Personal: typed in a channel, the answer goes by DM. */
export const PRIVACY_COMMANDS: CommandSpec[] = [
  {
    id: "myData",
    nl: ["mijn gegevens", "wat weet je van mij"],
    en: ["my data", "what do you know about me"],
    personal: true,
    args: /^$/,
    help: help("myData"),
  },
  {
    id: "eraseMe",
    nl: ["verwijder mij", "verwijder mijn gegevens"],
    en: ["erase me", "delete my data"],
    personal: true,
    args: /^$/,
    help: help("eraseMe"),
  },
];
