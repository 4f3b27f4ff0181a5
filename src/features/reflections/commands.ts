import type { CommandSpec } from "../../core/commands.js";
import { en, nl } from "./strings.js";

const help = (id: keyof typeof nl.commands) => ({ nl: nl.commands[id], en: en.commands[id] });

/** The reflections feature's commands (Dutch and English words both always work). */
export const REFLECTION_COMMANDS: CommandSpec[] = [
  {
    id: "reflection",
    nl: ["reflectie", "vraag"],
    en: ["reflection", "prompt"],
    roles: ["participant"],
    personal: true,
    help: help("reflection"),
  },
  {
    id: "answer",
    nl: ["antwoord", "beantwoord"],
    en: ["answer"],
    roles: ["participant"],
    personal: true,
    help: help("answer"),
  },
  {
    id: "answers",
    nl: ["antwoorden", "mijn antwoorden"],
    en: ["answers", "my answers"],
    roles: ["participant"],
    // A mentor typing it is pointed to what their team shared, instead of "only for a participant".
    otherRoles: {
      mentor: {
        nl: "Als mentor heb je zelf geen reflectieantwoorden. Wat je team met je deelt, zie je met *gedeeld*; hoe het team ervoor staat met *mijn team*.",
        en: "As a mentor you have no reflection answers of your own. What your team shares with you is under *shared*; how the team is doing under *my team*.",
      },
    },
    personal: true,
    help: help("answers"),
  },
  {
    id: "edit",
    nl: ["wijzig", "bewerk"],
    en: ["edit"],
    roles: ["participant"],
    personal: true,
    args: /^(#?\d{1,4})?$/,
    help: help("edit"),
  },
  {
    id: "makePrivate",
    nl: ["privé", "prive", "maak privé"],
    en: ["private", "make private"],
    roles: ["participant"],
    personal: true,
    args: /^(#?\d{1,4})?$/,
    help: help("makePrivate"),
  },
  {
    id: "pause",
    nl: ["pauze", "pauzeer"],
    en: ["pause"],
    roles: ["participant"],
    personal: true,
    args: /^((tot|until)\s+\d{4}-\d{2}-\d{2}|\d{1,2}\s*(weken|week|weeks|dagen|dag|days|day|w|d)?)?$/i,
    help: help("pause"),
  },
  {
    id: "resume",
    nl: ["hervat", "pauze stop"],
    en: ["resume"],
    roles: ["participant"],
    personal: true,
    help: help("resume"),
  },
  {
    id: "optOut",
    nl: ["afmelden", "meld af"],
    en: ["unsubscribe", "opt out"],
    roles: ["participant"],
    personal: true,
    help: help("optOut"),
  },
  {
    id: "optIn",
    nl: ["aanmelden", "meld aan"],
    en: ["subscribe", "opt in"],
    roles: ["participant"],
    personal: true,
    help: help("optIn"),
  },
  {
    id: "sendReflection",
    nl: ["stuur reflectie", "verstuur reflectie", "reflectie sturen"],
    en: ["send reflection", "send prompt"],
    roles: ["coordinator"],
    // The preview shows a participant's prompt with their learning question filled in.
    personal: true,
    help: help("sendReflection"),
  },
];

/** The line under the help list for participants. */
export const REFLECTION_HELP_NOTE = {
  roles: ["participant" as const],
  text: { nl: nl.helpNote, en: en.helpNote },
};
