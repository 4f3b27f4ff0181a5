import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { CONSENT_COMMANDS } from "./commands.js";
import { registerConsent } from "./handlers.js";
import { consentPersonalData } from "./personal-data.js";
import { Consent } from "./service.js";
import { llmSettings } from "./settings.js";

export { Consent } from "./service.js";
export { llmSettings } from "./settings.js";

/**
 * Consent before a language model: the programme file's `llm:` says whether a person's own
 * details may go to a model at all (`personalData: false` by default), and each person says
 * yes or no (`toestemming` / `consent`, withdrawn with `toestemming intrekken`). The answerer
 * asks this feature (`allows`) before it gives a model anything about the asker.
 */
export const consent: Feature<Consent, FeatureDeps> = {
  id: "consent",
  section: llmSettings,
  commands: CONSENT_COMMANDS,
  register(bot, deps) {
    const service = new Consent(bot);
    deps.answerer.guardPersonalData(service);
    return registerConsent(bot, service, () => deps.answerer.usesModel);
  },
  personalData: (service) => consentPersonalData(service),
};
