import type { CommandSpec } from "../../core/commands.js";
import { en, nl } from "./strings.js";

const help = (id: keyof typeof nl.commands) => ({ nl: nl.commands[id], en: en.commands[id] });

/**
 * The announcements feature's commands, for coordinators. Two, so that only the form with a
 * colon takes text: "aankondiging" alone opens the form; "aankondiging: De bijeenkomst begint
 * om 10:00" goes straight to the preview (the colon is part of the word, as in "vraag:").
 * A sentence that merely starts with "Aankondiging …" (a participant's answer) is no command.
 * The first word of `announceText` ("aankondiging: …") is what help shows; typed as it
 * stands it opens the form.
 */
export const ANNOUNCEMENT_COMMANDS: CommandSpec[] = [
  {
    id: "announce",
    nl: ["aankondiging", "aankondigen", "nieuwe aankondiging"],
    en: ["announcement", "announce", "new announcement"],
    roles: ["coordinator"],
    // The preview names who cannot be reached: in a channel it goes to the coordinator's DM.
    personal: true,
    args: /^$/,
    help: help("announce"),
  },
  {
    id: "announceText",
    nl: ["aankondiging: …", "aankondiging:", "aankondigen:"],
    en: ["announcement: …", "announcement:", "announce:"],
    roles: ["coordinator"],
    personal: true,
    args: /^[\s\S]*$/,
    help: help("announceText"),
  },
];
