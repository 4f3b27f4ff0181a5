import type { Programme } from "./config/programme-schema.js";
import { Bot } from "./core/bot.js";
import { type Clock, systemClock } from "./core/clock.js";
import { type Logger, silentLogger } from "./core/log.js";
import { Directory } from "./domain/people.js";
import { registerReflections } from "./domain/reflections/handlers.js";
import { PromptBank } from "./domain/reflections/prompt-bank.js";
import type { Reflections } from "./domain/reflections/service.js";
import { Store } from "./storage/store.js";

export interface AppOptions {
  programme: Programme;
  storeUrl: string;
  clock?: Clock;
  logger?: Logger;
  promptsDir?: string;
}

/** A running kampvuur core for one programme: the bot with every feature registered. */
export interface App {
  bot: Bot;
  store: Store;
  reflections: Reflections;
  close(): Promise<void>;
}

/**
 * Builds the core: opens the store, loads the prompt bank, registers the features.
 * Adapters are added by the caller (`app.bot.addAdapter(…)`).
 *
 * @example
 * const app = await createApp({ programme: await loadProgramme(), storeUrl: "memory://" });
 * app.bot.addAdapter(consoleAdapter);
 */
export async function createApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const [store, bank] = await Promise.all([
    Store.open(options.storeUrl, options.programme.id, clock.now()),
    PromptBank.load(options.promptsDir),
  ]);
  const bot = new Bot({
    programme: options.programme,
    directory: new Directory(options.programme),
    store,
    clock,
    logger,
  });
  const reflections = registerReflections(bot, bank);
  return { bot, store, reflections, close: () => store.close() };
}
