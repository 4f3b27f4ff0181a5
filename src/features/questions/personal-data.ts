import type { PersonalData } from "../../core/personal-data.js";
import type { Questions } from "./service.js";

/**
 * The questions a person asked in chat, with the bot's answer and their rating, found
 * through their own index (`questions-by:<person>`).
 */
export function questionsPersonalData(questions: Questions): PersonalData {
  return {
    describe: {
      nl: "De vragen die je de bot stelde, met het antwoord dat je kreeg en je beoordeling (👍/👎).",
      en: "The questions you asked the bot, with the answer you got and your rating (👍/👎).",
    },
    async export(personId) {
      const asked = await questions.askedBy(personId);
      return asked.length === 0 ? undefined : { questions: asked };
    },
    async erase(personId) {
      return { removed: await questions.eraseAskedBy(personId) };
    },
  };
}
