/** Shared parsing for command-line values: numbers, shares, languages, dates and the programme path. */
import { InvalidArgumentError } from "commander";
import { DateTime } from "luxon";
import type { Env } from "../config/env.js";
import { type Language, languageSchema } from "../config/programme-schema.js";
import { DEMO_PROGRAMME } from "../config/programme.js";
import { KampvuurError } from "../kernel/errors.js";

/** The help text of every `--programme <file>` option. */
export const PROGRAMME_OPTION = "programme file (default: KAMPVUUR_PROGRAMME, else the demo)";

/** The programme file to use: the given one, else KAMPVUUR_PROGRAMME, else the demo. */
export function programmePath(file: string | undefined, env: Env): string {
  return file ?? env.KAMPVUUR_PROGRAMME ?? DEMO_PROGRAMME;
}

export function language(value: string): Language {
  const parsed = languageSchema.safeParse(value.toLowerCase());
  if (!parsed.success) throw new InvalidArgumentError("--language takes nl or en.");
  return parsed.data;
}

export function positiveInt(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} takes a whole number of 1 or more.`);
    return n;
  };
}

export function share(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1)
      throw new InvalidArgumentError(`${name} takes a number from 0 to 1.`);
    return n;
  };
}

/** An ISO date (midnight) or date-time, in the programme's timezone unless it carries an offset. */
export function parseMoment(value: string, zone: string, name: string): Date {
  const t = DateTime.fromISO(value, { zone });
  if (!t.isValid)
    throw new KampvuurError(
      "config_invalid",
      `${name} '${value}' is not an ISO date such as 2026-11-12 or 2026-11-12T09:00.`,
    );
  return t.toJSDate();
}
