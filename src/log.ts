import { createRequire } from "node:module";
import type * as PinoModule from "pino";
import type { Logger } from "./core/log.js";

/** pino's levels, least severe first; `silent` logs nothing. */
const LEVELS: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

type Pino = typeof PinoModule;

/**
 * The process logger: JSON lines on stderr (pino), so stdout stays free for the console
 * chat and for `--json` output. In the console the default level is `warn`.
 *
 * pino (and its stream and serialiser modules) loads at the first line that is logged, not
 * before: the console, `ask` and the feature commands usually log nothing at their levels, and
 * start without it. pino is CommonJS, so it loads synchronously, in the call that logs.
 */
export function createLogger(level: string | undefined, fallback: "info" | "warn" | "error"): Logger {
  const name = level ?? fallback;
  const threshold = LEVELS[name];
  // An unknown level is pino's to refuse, as it always did: at once.
  if (threshold === undefined) return pinoLogger(name);
  let logger: Logger | undefined;
  const at = (severity: number, method: keyof Logger): Logger[keyof Logger] =>
    severity < threshold
      ? () => {}
      : (obj: object | string, msg?: string) => {
          logger ??= pinoLogger(name);
          // As called: pino words a message from every argument it is given.
          if (msg === undefined) logger[method](obj);
          else logger[method](obj, msg);
        };
  return { debug: at(20, "debug"), info: at(30, "info"), warn: at(40, "warn"), error: at(50, "error") };
}

function pinoLogger(level: string): Logger {
  const { pino } = createRequire(import.meta.url)("pino") as Pino;
  return pino({ level, base: { app: "kampvuur" } }, pino.destination(2));
}
