import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { PRIVACY_CLI } from "./cli.js";
import { PRIVACY_COMMANDS } from "./commands.js";
import { registerPrivacy } from "./handlers.js";
import { Privacy } from "./service.js";

/**
 * A person's own data (AVG/GDPR): `mijn gegevens` shows everything every part keeps about
 * them, `verwijder mij` erases it after a confirmation and takes them out of the programme
 * for the bot; `kampvuur privacy` does the same for a coordinator acting on a written request.
 */
export const privacy: Feature<Privacy, FeatureDeps> = {
  id: "privacy",
  commands: PRIVACY_COMMANDS,
  cli: PRIVACY_CLI,
  register: (bot, deps) =>
    registerPrivacy(bot, new Privacy(bot, deps.audit, deps.personalData), deps.downloads),
};
