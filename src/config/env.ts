import { z } from "zod";
import { KampvuurError } from "../core/errors.js";
import { DEFAULT_STORE_URL } from "../storage/keyv.js";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/**
 * Every environment variable kampvuur reads, parsed once. The README's configuration
 * table lists the same variables; keep them together.
 */
export const envSchema = z.object({
  /** Programme file (YAML or JSON); the demo programme when unset. */
  KAMPVUUR_PROGRAMME: optional,
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
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppType: optional,
  MicrosoftAppTenantId: optional,
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; a bad value is reported by name with what to do. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new KampvuurError("config_invalid", `Some environment variables are not valid:\n${lines.join("\n")}`);
}

/** True when any Slack or Teams credential is set, which means: run as a server. */
export function hasPlatformCredentials(env: Env): boolean {
  return Boolean(
    env.SLACK_BOT_TOKEN ||
    env.SLACK_SIGNING_SECRET ||
    env.SLACK_APP_TOKEN ||
    env.SLACK_CLIENT_ID ||
    env.MicrosoftAppId ||
    env.MicrosoftAppPassword,
  );
}
