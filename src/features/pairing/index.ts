import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { PAIRING_CLI } from "./cli.js";
import { PAIRING_COMMANDS } from "./commands.js";
import { registerPairing } from "./handlers.js";
import { IntroductionJob } from "./job.js";
import { PeerJob } from "./peers.js";
import { pairingPersonalData } from "./personal-data.js";
import { peerPromptContext } from "./prompt-context.js";
import { Pairing } from "./service.js";
import { pairingSettings } from "./settings.js";

/**
 * Mentor pairing: `kampvuur pair` and `koppel mentoren` propose the optimal assignment under
 * the hard rules of `pairing:` (Hungarian algorithm, npm `munkres`), explained per pair; a
 * coordinator swaps pairs and approves; the directory follows the approved pairing and every
 * new pair is introduced once. Optional leerbuddy's between session days (HiGHS matching).
 */
export const pairing: Feature<Pairing, FeatureDeps> = {
  id: "pairing",
  section: pairingSettings,
  commands: PAIRING_COMMANDS,
  cli: PAIRING_CLI,
  async register(bot, deps) {
    const service = new Pairing(bot, deps.deliverer, deps.audit, pairingSettings.of(bot.programme));
    await service.applyToDirectory();
    deps.promptContext.add(peerPromptContext(service));
    return registerPairing(bot, service);
  },
  jobs: (service) => [new IntroductionJob(service), new PeerJob(service)],
  personalData: (service) => pairingPersonalData(service),
};
