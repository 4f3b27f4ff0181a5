import type { CommandSpec } from "../../core/commands.js";
import { llmSettings } from "./settings.js";
import { en, nl } from "./strings.js";

/** What may follow `toestemming` / `consent`: a choice, or the withdrawal. */
export const CONSENT_ARGS = /^(ja|yes|nee|no|intrekken|withdraw)?$/i;

/** The consent feature's command (Dutch and English words both always work). */
export const CONSENT_COMMANDS: CommandSpec[] = [
  {
    id: "consent",
    nl: ["toestemming"],
    en: ["consent"],
    personal: true,
    args: CONSENT_ARGS,
    help: { nl: nl.commands.consent, en: en.commands.consent },
    // Only where there is something to choose; typed elsewhere it says so.
    listedWhen: (programme) => llmSettings.of(programme).personalData,
  },
];
