import { loadProgramme } from "./config/programme.js";
import type { Programme, ProgrammeSection } from "./config/programme-schema.js";
import { AuditLog } from "./core/audit.js";
import { Bot } from "./core/bot.js";
import { type Clock, systemClock } from "./core/clock.js";
import { Deliverer } from "./core/deliveries.js";
import { DueSources } from "./core/due.js";
import type { Feature } from "./core/feature.js";
import { type HomeSection, homeView } from "./core/home.js";
import type { Job } from "./core/jobs.js";
import { type Logger, silentLogger } from "./core/log.js";
import type { Pacer } from "./core/pacing.js";
import { ParticipationSources } from "./core/participation.js";
import { PromptContextSources } from "./core/prompt-context.js";
import { loadErased } from "./core/erasure.js";
import type { Message } from "./core/messages.js";
import { Directory, type Person } from "./core/people.js";
import {
  corePersonalData,
  platformsPersonalData,
  type PersonalData,
  type PersonalDataRegistry,
  personalDataOf,
} from "./core/personal-data.js";
import { type AppFeature, DEFAULT_FEATURES, type FeatureDeps } from "./features/index.js";
import { DownloadStore } from "./core/downloads.js";
import { Answerer } from "./knowledge/answerer.js";
import { CONTENT_DIR } from "./knowledge/content.js";
import { KnowledgeBase } from "./knowledge/knowledge-base.js";
import type { Models } from "./knowledge/models.js";
import { Store } from "./storage/store.js";
import { deliveryQueueFor, type DeliveryQueue, type QueueKind } from "./queue/index.js";

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
  /** The features to run, in routing order; `DEFAULT_FEATURES` when absent. */
  features?: AppFeature[];
  /**
   * Where fan-out sends run: `bull` (BullMQ jobs on the Redis store, shared by every replica,
   * one rate limit for all), `in-process`. Default: `bull` with a `redis://` store, else `in-process`.
   */
  queue?: QueueKind;
  /**
   * The content base, when it is already loaded: several programmes in one process
   * (`KAMPVUUR_PROGRAMMES`) share one. Loaded from `contentDirs` when absent.
   */
  knowledge?: KnowledgeBase;
  /** The pace of sends to the platforms: one for every programme in the process (they share the limits). */
  pacer?: Pacer;
  /** On Redis: who shares the pace of a platform target across replicas (default: this programme). */
  paceScope?: string;
}

/** A running kampvuur core for one programme: the bot with every feature registered. */
export interface App {
  bot: Bot;
  store: Store;
  deliverer: Deliverer;
  /** The deliverer's queue (in this process, or BullMQ on Redis). */
  queue: DeliveryQueue;
  /** Coordinator sends, announcements and exports: who, when, how many (`kampvuur audit`). */
  audit: AuditLog;
  knowledge: KnowledgeBase;
  /** Every feature's scheduled jobs, for the scheduler. */
  jobs: Job[];
  /** What a feature's `register` returned (its API), for the app's composition and tests. */
  api<Api>(feature: Feature<Api, FeatureDeps>): Api;
  /** A person's home view: the programme, then each feature's section. */
  home(person: Person): Promise<Message>;
  /** Everything kept about one person, by the core and every feature: export and erase it. */
  personalData: PersonalDataRegistry;
  close(): Promise<void>;
}

/** Loads the content base (`contentDirs`), says which files were left out, starts the vectors. */
export async function loadKnowledge(
  options: Pick<AppOptions, "contentDirs" | "models">,
  store: Store,
  logger: Logger,
): Promise<KnowledgeBase> {
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
  return knowledge;
}

/** The programme-file sections of these features (`Feature.section`), for `loadProgramme`. */
export function programmeSections(features: readonly AppFeature[] = DEFAULT_FEATURES): ProgrammeSection[] {
  return features.flatMap((f) => [...(f.section ? [f.section] : []), ...(f.sections ?? [])]);
}

/** Reads and validates a programme file with the sections of these features (the default list when absent). */
export function loadAppProgramme(file?: string, features?: readonly AppFeature[]): Promise<Programme> {
  return loadProgramme(file, programmeSections(features));
}

/**
 * Builds the core: opens the store, loads the content base, registers the features.
 * Adapters are added by the caller (`app.bot.addAdapter(…)`).
 *
 * @example
 * const app = await createApp({ programme: await loadAppProgramme(), storeUrl: "memory://" });
 * app.bot.addAdapter(consoleAdapter);
 * const answers = await app.api(reflections).answersOf("anna-de-vries");
 */
export async function createApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const store = await Store.open(options.storeUrl, options.programme.id, clock.now());
  // The content base reads files and the store while the bot, its queue and the erasures
  // are set up; the features need it (and the answerer), so it is awaited before them.
  const loading = options.knowledge
    ? Promise.resolve(options.knowledge)
    : loadKnowledge(options, store, logger);
  loading.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
  const bot = new Bot({
    programme: options.programme,
    directory: new Directory(options.programme),
    store,
    clock,
    logger,
  });
  const deliverer = new Deliverer(bot, options.sendLeaseMs, options.pacer);
  const queue = await deliveryQueueFor(deliverer, {
    storeUrl: options.storeUrl,
    programmeId: options.programme.id,
    ...(options.paceScope ? { paceScope: options.paceScope } : {}),
    logger,
    kind: options.queue,
  });
  deliverer.useQueue(queue);
  const audit = new AuditLog(store, clock);
  const participation = new ParticipationSources();
  const promptContext = new PromptContextSources();
  const due = new DueSources();
  // Who erased their data is not in the programme for the bot, whatever the file says.
  await loadErased(store, bot.directory);
  const knowledge = await loading;
  const answerer = await Answerer.create(knowledge, { model: options.models?.chat, logger });
  // Filled once every feature is registered (the features' parts make it up).
  const ready: { registry?: PersonalDataRegistry } = {};
  const deps: FeatureDeps = {
    deliverer,
    downloads: new DownloadStore(store, clock),
    audit,
    participation,
    promptContext,
    due,
    personalData: () => {
      if (!ready.registry)
        throw new Error("The personal data registry is ready once every feature is registered.");
      return ready.registry;
    },
    knowledge,
    answerer,
    promptsDir: options.promptsDir,
  };

  const features = options.features ?? DEFAULT_FEATURES;
  const apis = new Map<AppFeature, unknown>();
  // First in every pass: another replica may have erased someone since the last one.
  const jobs: Job[] = [
    {
      id: "erasures",
      plan: async () => {
        await loadErased(store, bot.directory);
        return { send: [], missed: [] };
      },
    },
  ];
  const sections: HomeSection[] = [];
  const personalParts: { id: string; data: PersonalData }[] = [
    { id: "core", data: corePersonalData(store) },
    { id: "audit", data: audit.personalData() },
    {
      id: "platforms",
      data: platformsPersonalData(
        () => bot.platformAdapters(),
        (id) => bot.directory.get(id),
      ),
    },
  ];
  for (const feature of features) {
    bot.addCommands(feature.commands ?? []);
    if (feature.helpNote) bot.addHelpNote(feature.helpNote);
    const api: unknown = await feature.register(bot, deps);
    apis.set(feature, api);
    jobs.push(...(feature.jobs?.(api) ?? []));
    const home = feature.home;
    if (home) sections.push((person, language) => home(api, person, language));
    const personal = feature.personalData?.(api);
    if (personal) personalParts.push({ id: feature.id, data: personal });
  }

  const registry = personalDataOf(personalParts, clock);
  ready.registry = registry;

  return {
    bot,
    store,
    deliverer,
    queue,
    audit,
    knowledge,
    jobs,
    api<Api>(feature: Feature<Api, FeatureDeps>): Api {
      if (!apis.has(feature as AppFeature))
        throw new Error(`The feature '${feature.id}' is not in this app's list of features.`);
      return apis.get(feature as AppFeature) as Api;
    },
    home: (person) => homeView(bot, sections, person),
    personalData: registry,
    close: async () => {
      await queue.close();
      await store.close();
    },
  };
}
