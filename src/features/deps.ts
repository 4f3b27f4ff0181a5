import type { DownloadStore } from "../core/downloads.js";
import type { AuditLog } from "../core/audit.js";
import type { Deliverer } from "../core/deliveries.js";
import type { DueSources } from "../core/due.js";
import type { AnyFeature } from "../core/feature.js";
import type { ParticipationSources } from "../core/participation.js";
import type { PersonalDataRegistry } from "../core/personal-data.js";
import type { PromptContextSources } from "../core/prompt-context.js";
import type { Answerer } from "../knowledge/answerer.js";
import type { KnowledgeBase } from "../knowledge/knowledge-base.js";

/** What the app hands every feature's `register`: the shared services, built once. */
export interface FeatureDeps {
  /** Sends a message the bot starts itself, exactly once. */
  deliverer: Deliverer;
  /** The programme's audit log: every coordinator send, announcement and export (who, when, how many). */
  audit: AuditLog;
  /** Where features add their participation counts, and the overview reads them (counts only). */
  participation: ParticipationSources;
  /** Everything kept about a person, by every part (export, erase): ready once all features are registered. */
  personalData: () => PersonalDataRegistry;
  /** Where features add what a participant's next reflection prompt can refer to (a leerbuddy talk). */
  promptContext: PromptContextSources;
  /** Where features add what is due for a person (open homework, preparation done), and the questions read it. */
  due: DueSources;
  /** Files the bot serves for an hour where a platform takes no file from a bot (Teams). */
  downloads: DownloadStore;
  /** The content base (principles, programmes, glossary). */
  knowledge: KnowledgeBase;
  /** Answers questions from the content base (with a model, or extractively). */
  answerer: Answerer;
  /** The folder of the prompt banks (tests use their own). */
  promptsDir?: string;
}

/** A feature of this app. */
export type AppFeature = AnyFeature<FeatureDeps>;
