import { pino } from "pino";
import type { Logger } from "./core/log.js";

/**
 * The process logger: JSON lines on stderr (pino), so stdout stays free for the console
 * chat and for `--json` output. In the console the default level is `warn`.
 */
export function createLogger(level: string | undefined, fallback: "info" | "warn" | "error"): Logger {
  return pino({ level: level ?? fallback, base: { app: "kampvuur" } }, pino.destination(2));
}
