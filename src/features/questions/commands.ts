import type { CommandSpec } from "../../core/commands.js";
import { en, nl } from "./strings.js";

/** The questions feature's commands. */
export const QUESTION_COMMANDS: CommandSpec[] = [
  // Not "vraag …": an answer may start with "Vraag me af …". A question needs no command
  // anyway (free text is one); these are for channels and the slash command.
  {
    id: "ask",
    nl: ["vraag:", "stel vraag", "stel een vraag"],
    en: ["ask", "question:"],
    args: /^[\s\S]+$/,
    help: { nl: nl.commands.ask, en: en.commands.ask },
  },
  {
    id: "principles",
    nl: ["principes"],
    en: ["principles"],
    help: { nl: nl.commands.principles, en: en.commands.principles },
  },
];
