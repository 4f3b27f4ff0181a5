import { z } from "zod";
import { KampvuurError } from "../kernel/errors.js";

/** The default store: an embedded SQLite file, created on first start. */
export const DEFAULT_STORE_URL = "sqlite://data/kampvuur.sqlite";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** A whole number from 1 to `max`, as an environment variable gives it (a string). */
const wholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number such as 600")
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be from 1 to ${max}`)
    .optional();

/**
 * Every environment variable kampvuur reads, parsed once. The README's configuration
 * table lists the same variables; keep them together.
 */
export const envSchema = z.object({
  /** Programme file (YAML or JSON); the demo programme when unset. */
  KAMPVUUR_PROGRAMME: optional,
  /**
   * Several programmes in one process: a folder of programme files, or files separated by
   * commas. Takes the place of KAMPVUUR_PROGRAMME.
   */
  KAMPVUUR_PROGRAMMES: optional,
  /** Store URL: sqlite://file, redis://…, postgresql://… or memory://. */
  KAMPVUUR_STORE: optional.transform((v) => v ?? DEFAULT_STORE_URL),
  /** HTTP port; setting it starts the server instead of the console. */
  PORT: optional.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a port number such as 3000")
      .transform(Number)
      .refine((n) => n <= 65535, "must be at most 65535")
      .optional(),
  ),
  /** trace, debug, info, warn, error, fatal or silent. */
  LOG_LEVEL: optional.pipe(z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional()),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  SLACK_API_URL: optional,
  /** `chat.postMessage` per workspace per minute that kampvuur paces its sends to (default 600). */
  SLACK_MESSAGES_PER_MINUTE: optional.pipe(wholeNumber(100_000)),
  /** Bot Connector requests per second per app and tenant that Teams sends are paced to (default 50). */
  TEAMS_REQUESTS_PER_SECOND: optional.pipe(wholeNumber(1_000)),
  /**
   * The bot's own public https address (`https://kampvuur.example.org`): the overview's chart
   * is then served at `/charts/<token>.png` and shown in Slack, Teams and the Slack Home tab.
   */
  KAMPVUUR_PUBLIC_URL: optional.pipe(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) address such as https://kampvuur.example.org" })
      .optional(),
  ),
  /** Extra folders of Markdown content, separated by commas. */
  KAMPVUUR_CONTENT: optional,
  /** OpenAI (or any compatible server): answers written by a model, and semantic search. */
  OPENAI_API_KEY: optional,
  /** Base URL of an OpenAI-compatible server, such as http://localhost:11434/v1. */
  OPENAI_BASE_URL: optional,
  /** Chat model (on Azure: the deployment name). */
  OPENAI_MODEL: optional.transform((v) => v ?? "gpt-4o-mini"),
  /** Embedding model for hybrid search (on Azure: the deployment name); `none` switches it off. */
  OPENAI_EMBEDDING_MODEL: optional.transform((v) => v ?? "text-embedding-3-small"),
  /** How long to wait for the model before answering without it. */
  OPENAI_TIMEOUT_MS: optional
    .pipe(
      z
        .string()
        .regex(/^\d{3,6}$/, "must be milliseconds, such as 20000")
        .transform(Number)
        .optional(),
    )
    .transform((v) => v ?? 20_000),
  /** Retries of a failed model call (429, 5xx) before the extractive fallback. */
  OPENAI_MAX_RETRIES: optional
    .pipe(z.string().regex(/^\d$/, "must be a number from 0 to 9").transform(Number).optional())
    .transform((v) => v ?? 1),
  AZURE_OPENAI_ENDPOINT: optional,
  AZURE_OPENAI_API_KEY: optional,
  AZURE_OPENAI_API_VERSION: optional.transform((v) => v ?? "2024-10-21"),
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppType: optional,
  MicrosoftAppTenantId: optional,
  /**
   * Teams without Azure, for local testing only (the Bot Framework Emulator, the tests' fake
   * connector): `1` serves `/api/messages` unauthenticated, and only to requests from a loopback
   * address whose `serviceUrl` is on loopback too. Ignored when `MicrosoftAppId` is set. Off by
   * default: without an app id and without this, `/api/messages` is not served at all.
   */
  KAMPVUUR_TEAMS_LOCAL: optional
    .transform((v) => v?.toLowerCase())
    .pipe(z.enum(["1", "true", "yes", "0", "false", "no"], "must be 1 (on) or 0 (off)").optional())
    .transform((v) => v === "1" || v === "true" || v === "yes"),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; a bad value is reported by name with what to do. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new KampvuurError("config_invalid", `Some environment variables are not valid:\n${lines.join("\n")}`);
}

/** True when any Slack or Teams credential (or Teams' local mode) is set, which means: run as a server. */
export function hasPlatformCredentials(env: Env): boolean {
  return Boolean(
    env.SLACK_BOT_TOKEN ||
    env.SLACK_SIGNING_SECRET ||
    env.SLACK_APP_TOKEN ||
    env.SLACK_CLIENT_ID ||
    env.MicrosoftAppId ||
    env.MicrosoftAppPassword ||
    env.KAMPVUUR_TEAMS_LOCAL,
  );
}
