import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { QUESTION_CLI } from "./cli.js";
import { QUESTION_COMMANDS } from "./commands.js";
import { registerQuestions } from "./handlers.js";
import { questionsPersonalData } from "./personal-data.js";
import { Questions } from "./service.js";

/**
 * Questions about the principles and the programmes, answered from the content base with
 * sources and 👍/👎; the catch-all for text no other feature expects.
 */
export const questions: Feature<Questions, FeatureDeps> = {
  id: "questions",
  commands: QUESTION_COMMANDS,
  cli: QUESTION_CLI,
  async register(bot, deps) {
    const service = new Questions(bot, deps.answerer, deps.knowledge, deps.due);
    await service.indexEarlierQuestions();
    return registerQuestions(bot, service, deps.knowledge);
  },
  personalData: (service) => questionsPersonalData(service),
};
