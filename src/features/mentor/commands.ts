import type { CommandSpec } from "../../core/commands.js";
import type { Language } from "../../config/programme-schema.js";
import type { Role } from "../../core/people.js";
import { en, nl } from "./strings.js";

const help = (id: keyof typeof nl.commands) => ({ nl: nl.commands[id], en: en.commands[id] });

/** The mentor feature's commands (Dutch and English words both always work). */
export const MENTOR_COMMANDS: CommandSpec[] = [
  {
    id: "myTeam",
    nl: ["mijn team"],
    en: ["my team"],
    roles: ["mentor"],
    personal: true,
    help: help("myTeam"),
  },
  {
    id: "shared",
    nl: [
      "gedeeld",
      "gedeelde antwoorden",
      "wat is gedeeld",
      "wat heeft mijn team gedeeld",
      "wat deelde mijn team",
    ],
    en: ["shared", "shared answers", "what did my team share", "what has my team shared"],
    roles: ["mentor"],
    personal: true,
    args: /^(\d{1,3})?$/,
    help: help("shared"),
  },
  {
    id: "digest",
    nl: ["weekoverzicht"],
    en: ["digest", "weekly digest"],
    roles: ["mentor"],
    personal: true,
    args: /^(alleen gedeeld|altijd|only shared|always)?$/i,
    help: help("digest"),
  },
];

export const MENTOR_HELP_NOTE: { roles: readonly Role[]; text: Record<Language, string> } = {
  roles: ["mentor"],
  text: { nl: nl.helpNote, en: en.helpNote },
};
