import type { Programme } from "./config/programme-schema.js";
import { Bot } from "./core/bot.js";
import { type Clock, systemClock } from "./core/clock.js";
import { type Logger, silentLogger } from "./core/log.js";
import { Deliverer } from "./core/deliveries.js";
import { Directory } from "./core/people.js";
import { registerReflections } from "./features/reflections/handlers.js";
import { PromptBank } from "./features/reflections/prompt-bank.js";
import type { Reflections } from "./features/reflections/service.js";
import { Store } from "./storage/store.js";
import { registerQuestions } from "./features/questions/handlers.js";
import { Questions } from "./features/questions/service.js";
import { Answerer } from "./knowledge/answerer.js";
import { CONTENT_DIR } from "./knowledge/content.js";
import { KnowledgeBase } from "./knowledge/knowledge-base.js";
import type { Models } from "./knowledge/models.js";

export interface AppOptions {
  programme: Programme;
  storeUrl: string;
  clock?: Clock;
  logger?: Logger;
  promptsDir?: string;
  /** How long a process may hold a delivery while sending (tests shorten it). */
  sendLeaseMs?: number;
  /** Content folders: the shipped content base and any `KAMPVUUR_CONTENT` folders. */
  contentDirs?: string[];
  /** Language and embedding models; without them questions are answered extractively. */
  models?: Models;
}

/** A running kampvuur core for one programme: the bot with every feature registered. */
export interface App {
  bot: Bot;
  store: Store;
  reflections: Reflections;
  deliverer: Deliverer;
  knowledge: KnowledgeBase;
  questions: Questions;
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
  const knowledge = await KnowledgeBase.load({
    dirs: options.contentDirs ?? [CONTENT_DIR],
    store,
    embedder: options.models?.embedder,
    logger,
  });
  for (const p of knowledge.problems)
    logger.warn({ file: p.file, field: p.field }, `content file left out: ${p.field} ${p.message}`);
  // Vectors are computed in the background; until then questions use full-text search.
  void knowledge.prepareEmbeddings();
  const answerer = await Answerer.create(knowledge, { model: options.models?.chat, logger });
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
  // Last: questions take the free text that no other feature took.
  const questions = registerQuestions(bot, new Questions(bot, answerer), knowledge);
  return { bot, store, reflections, deliverer, knowledge, questions, close: () => store.close() };
}
