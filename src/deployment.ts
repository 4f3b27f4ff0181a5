import { createHash } from "node:crypto";
import { type App, type AppOptions, createApp, loadAppProgramme, loadKnowledge } from "./app.js";
import { programmeFiles } from "./config/programmes.js";
import type { Programme } from "./config/programme-schema.js";
import type { ChatAdapter } from "./core/adapter.js";
import { ProgrammeHub } from "./core/hub.js";
import type { Inbound } from "./core/inbound.js";
import { silentLogger } from "./core/log.js";
import type { Message } from "./core/messages.js";
import { Pacer } from "./core/pacing.js";
import type { Person } from "./core/people.js";
import type { AppFeature } from "./features/index.js";
import { KampvuurError } from "./kernel/errors.js";
import { Store } from "./storage/store.js";

/** The store namespace of what the platform adapters and the hub keep for every programme. */
export const SHARED_NAMESPACE = "_deployment";

export interface DeploymentOptions extends Omit<AppOptions, "programme" | "knowledge" | "pacer"> {
  /** One or more programmes; each gets its own app (bot, features, store namespace, schedule). */
  programmes: Programme[];
}

/**
 * What one process serves: one app per programme, and the one `Inbound` the platform
 * adapters talk to. With one programme that is its bot, as it always was; with several it is
 * a `ProgrammeHub` that routes each event to the right programme (and asks once when it
 * cannot tell), while the programmes share the content base, the pace of sends to the
 * platforms (one workspace limit, however many programmes) and the adapters' own records.
 */
export interface Deployment {
  apps: App[];
  inbound: Inbound;
  /** Where the platform adapters keep their own records (installations, conversation references). */
  store: Store;
  /** Adds a platform adapter to every programme. */
  addAdapter(adapter: ChatAdapter): void;
  /** Someone's home view (Slack's Home tab): of the programme they are in now. */
  home(person: Person, platform: string, userId: string): Promise<Message>;
  close(): Promise<void>;
}

/**
 * @example
 * const d = await createDeployment({ programmes: await loadProgrammes("programmes/"), storeUrl });
 * const slack = createSlack(d.inbound, { home: (p, user) => d.home(p, "slack", user), … });
 * d.addAdapter(slack.adapter);
 */
export async function createDeployment(options: DeploymentOptions): Promise<Deployment> {
  const { programmes, ...rest } = options;
  const logger = options.logger ?? silentLogger;
  const [only] = programmes;
  if (!only) throw new KampvuurError("config_invalid", "No programme to serve.");
  if (programmes.length === 1) {
    const app = await createApp({ ...rest, programme: only });
    return {
      apps: [app],
      inbound: app.bot,
      store: app.store,
      addAdapter: (adapter) => void app.bot.addAdapter(adapter),
      home: (person) => app.home(person),
      close: () => app.close(),
    };
  }
  const seen = new Map<string, string>();
  for (const p of programmes) {
    const other = seen.get(p.id);
    if (other !== undefined)
      throw new KampvuurError(
        "config_invalid",
        `Two programmes have the id '${p.id}' ("${other}" and "${p.name}"): give each its own id, it keeps their data apart.`,
      );
    seen.set(p.id, p.name);
  }
  const now = options.clock?.now() ?? new Date();
  const store = await Store.open(options.storeUrl, SHARED_NAMESPACE, now);
  const apps: App[] = [];
  try {
    const knowledge = await loadKnowledge(options, store, logger);
    const pacer = new Pacer();
    // On Redis every replica of this deployment shares one pace per platform target.
    const paceScope = `deployment-${createHash("sha256")
      .update([...seen.keys()].sort().join("\0"))
      .digest("hex")
      .slice(0, 16)}`;
    // One after the other: each opens its own namespace of the same store.
    for (const programme of programmes)
      apps.push(await createApp({ ...rest, programme, knowledge, pacer, paceScope }));
  } catch (error) {
    for (const app of apps) await app.close().catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
  const hub = new ProgrammeHub(
    apps.map((app) => ({ bot: app.bot, home: (person: Person) => app.home(person) })),
    store,
    logger,
  );
  return {
    apps,
    inbound: hub,
    store,
    addAdapter: (adapter) => void hub.addAdapter(adapter),
    home: (person, platform, userId) => hub.home(person, platform, userId),
    close: async () => {
      for (const app of apps) await app.close();
      await store.close();
    },
  };
}

/** Reads and validates every programme file of a folder or a comma-separated list. */
export async function loadProgrammes(spec: string, features?: readonly AppFeature[]): Promise<Programme[]> {
  const files = await programmeFiles(spec);
  const programmes: Programme[] = [];
  for (const file of files) programmes.push(await loadAppProgramme(file, features));
  return programmes;
}
