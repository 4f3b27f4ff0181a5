import type { Programme } from "./config/programme-schema.js";
import { Bot } from "./core/bot.js";
import { type Clock, systemClock } from "./core/clock.js";
import { type Logger, silentLogger } from "./core/log.js";
import { Deliverer } from "./domain/deliveries.js";
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
  /** How long a process may hold a delivery while sending (tests shorten it). */
  sendLeaseMs?: number;
}

/** A running kampvuur core for one programme: the bot with every feature registered. */
export interface App {
  bot: Bot;
  store: Store;
  reflections: Reflections;
  deliverer: Deliverer;
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
  const [store, shipped] = await Promise.all([
    Store.open(options.storeUrl, options.programme.id, clock.now()),
    PromptBank.load(options.promptsDir),
  ]);
  const bank = shipped.withProgrammePrompts(options.programme.reflection.prompts, options.programme.language);
  const bot = new Bot({
    programme: options.programme,
    directory: new Directory(options.programme),
    store,
    clock,
    logger,
  });
  const deliverer = new Deliverer(bot, options.sendLeaseMs);
  const reflections = registerReflections(bot, bank, deliverer);
  return { bot, store, reflections, deliverer, close: () => store.close() };
}
