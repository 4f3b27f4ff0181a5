import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { MENTOR_COMMANDS, MENTOR_HELP_NOTE } from "./commands.js";
import { registerMentor } from "./handlers.js";
import { mentorHome } from "./home.js";
import { DigestJob } from "./job.js";
import { mentorPersonalData } from "./personal-data.js";
import { Mentors } from "./service.js";
import { digestSettings } from "./settings.js";

/**
 * The mentor's side: a weekly digest of their team (the programme file's `mentorDigest:`),
 * "Reageer" under a shared answer and "Stuur een duwtje" for who has not answered;
 * `mijn team`, `gedeeld` and `weekoverzicht`; the mentor's part of the Slack Home tab. Reads
 * what reflections, session days and homework store, never a private answer's words.
 */
export const mentor: Feature<Mentors, FeatureDeps> = {
  id: "mentor",
  section: digestSettings,
  commands: MENTOR_COMMANDS,
  helpNote: MENTOR_HELP_NOTE,
  register: (bot, deps) =>
    registerMentor(
      bot,
      new Mentors(bot, deps.deliverer, deps.participation, digestSettings.of(bot.programme)),
    ),
  jobs: (mentors) => [new DigestJob(mentors)],
  home: (mentors, person, language) => mentorHome(mentors, person, language),
  personalData: (mentors) => mentorPersonalData(mentors),
};
