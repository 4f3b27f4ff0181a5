/** Bolt's logger interface on top of ours (pino), for Bolt, its receivers and the Web API clients. */
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../core/log.js";

/** Bolt's logger interface on top of ours (pino). */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => logger.debug({ slack: m }, "slack"),
    info: (...m: unknown[]) => logger.info({ slack: m }, "slack"),
    warn: (...m: unknown[]) => logger.warn({ slack: m }, "slack"),
    error: (...m: unknown[]) => logger.error({ slack: m }, "slack"),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}
