import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { REFLECTION_COMMANDS, REFLECTION_HELP_NOTE } from "./commands.js";
import { registerReflections } from "./handlers.js";
import { homeBlocks } from "./home.js";
import { reflectionsParticipation } from "./participation.js";
import { reflectionsPersonalData } from "./personal-data.js";
import { PromptBank } from "./prompt-bank.js";
import type { Reflections } from "./service.js";

/**
 * Weekly reflections: a prompt in a DM every week without a session day, one reminder,
 * Later/Skip/pause/opt-out, answers kept with their history; a coordinator's "send now".
 */
export const reflections: Feature<Reflections, FeatureDeps> = {
  id: "reflections",
  commands: REFLECTION_COMMANDS,
  helpNote: REFLECTION_HELP_NOTE,
  async register(bot, deps) {
    const shipped = await PromptBank.load(deps.promptsDir);
    const bank = shipped.withProgrammePrompts(bot.programme.reflection.prompts, bot.programme.language);
    deps.participation.add(reflectionsParticipation(bot, bank));
    return registerReflections(bot, bank, deps.deliverer, deps.audit, deps.promptContext);
  },
  jobs: (service) => [service.job],
  home: (service, person, language) => homeBlocks(service, person, language),
  personalData: (service) => reflectionsPersonalData(service),
};
