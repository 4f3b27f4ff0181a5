import type { Language, Programme, ProgrammeSection } from "../config/programme-schema.js";
import type { Bot } from "./bot.js";
import type { CommandSpec } from "./commands.js";
import type { Job } from "./jobs.js";
import type { Block } from "./messages.js";
import type { Person, Role } from "./people.js";
import type { PersonalData } from "./personal-data.js";

/**
 * A feature is a folder (`src/features/<id>/`) whose `index.ts` exports one value of this
 * type. The core knows no feature: it takes their list (`createApp({ features })`), reads
 * their command words and help, calls `register`, runs their jobs on the scheduler and puts
 * their sections on the home view.
 *
 * @example
 * export const sessionReminders: Feature<Reminders, AppDeps> = {
 *   id: "session-reminders",
 *   commands: [{ id: "reminders", nl: ["herinneringen"], en: ["reminders"], help: { nl: "…", en: "…" } }],
 *   register: (bot, deps) => registerReminders(bot, deps),
 *   jobs: (reminders) => [reminders.job],
 * };
 */
export interface Feature<Api = unknown, Deps = never> {
  /** Short and stable (`reflections`): used in logs and as the feature's key. */
  readonly id: string;
  /** Its command words (nl and en), who may use them, and their help line in each language. */
  readonly commands?: readonly CommandSpec[];
  /** A line under the help list for these roles (for example how to answer a prompt). */
  readonly helpNote?: { roles: readonly Role[]; text: Record<Language, string> };
  /** Registers its handlers on the bot; what it returns is the feature's API (`app.api(feature)`). */
  register(bot: Bot, deps: Deps): Api | Promise<Api>;
  /** What it sends on its own, at moments it plans: run by the scheduler, exactly once. */
  jobs?(api: Api): Job[];
  /**
   * Its own section of the programme file (`reminders:`), validated with the file when it is
   * read; the feature reads it with `section.of(bot.programme)`. See `defineSection`.
   */
  readonly section?: ProgrammeSection;
  /** More than one section of the programme file (`groups:` and `assignments:`), each like `section`. */
  readonly sections?: readonly ProgrammeSection[];
  /** Its `kampvuur <command>`s, for coordinators and operators at a terminal. */
  readonly cli?: readonly FeatureCommand<Api>[];
  /** Its part of a person's home view (Slack's App Home), in their language. */
  home?(api: Api, person: Person, language: Language): Promise<Block[]>;
  /**
   * What it keeps about one person, and how to export and erase it, by the person's id and
   * without scanning the store (`app.personalData`). Every feature that stores anything about
   * a person declares it.
   */
  personalData?(api: Api): PersonalData;
}

/**
 * A `kampvuur <name>` command that a feature adds to the command line. It runs with the app
 * built from the programme file and the store (`KAMPVUUR_STORE`), without chat platforms,
 * and gets the feature's API. Every one also takes `--programme <file>`.
 *
 * @example
 * cli: [{
 *   name: "questions",
 *   description: "list the questions people asked the bot (without their names)",
 *   options: [{ flags: "--json", description: "JSON Lines" }],
 *   run: async (questions, { options }, out) => out.write(…),
 * }],
 */
export interface FeatureCommand<Api> {
  readonly name: string;
  readonly description: string;
  /** Positional arguments, in order (`<file>` required, `[file]` optional, `<words...>` the rest). */
  readonly arguments?: readonly { name: string; description: string }[];
  /** `--flag` (true when given) or `--name <value>` (a string). */
  readonly options?: readonly { flags: string; description: string }[];
  /**
   * Does the work; resolves to the exit code (0 when nothing is returned). A `KampvuurError`
   * it throws is printed as the command's error, with exit code 2 for a usage problem.
   */
  run(
    api: Api,
    input: {
      args: string[];
      options: Readonly<Record<string, string | boolean | undefined>>;
      programme: Programme;
    },
    out: { write(text: string): void },
  ): Promise<number | void>;
}

/** Any feature, whatever its API, for a list of features that share their dependencies. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list erases each feature's API type on purpose
export type AnyFeature<Deps> = Feature<any, Deps>;
