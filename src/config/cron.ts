import { type CronFieldCollection, CronExpressionParser } from "cron-parser";
import { validate } from "node-cron";

const NOT_CRON = "is not a cron expression (e.g. '0 9 * * 2' for Tuesdays at 09:00)";
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * What is wrong with a reflection schedule from the programme file, or `undefined` when it
 * can be used. It must be a cron expression (5 fields, or 6 with seconds first) that both
 * node-cron and cron-parser (which plans the sends) accept, and it may fire at most once a
 * day: the minute and the hour, and the second in a 6-field expression, must each come to
 * exactly one value once cron-parser has expanded them (so no `*`, list, range or step that
 * gives more than one). Day of month, month and day of week may be anything.
 */
export function scheduleProblem(expression: string): string | undefined {
  if (!validate(expression)) return NOT_CRON;
  let fields: CronFieldCollection;
  try {
    fields = CronExpressionParser.parse(expression).fields;
  } catch {
    return NOT_CRON;
  }
  const perDay = fields.second.values.length * fields.minute.values.length * fields.hour.values.length;
  if (perDay <= 1) return undefined;
  const weekdays = new Set(fields.dayOfWeek.values.filter((d) => d !== "L").map((d) => d % 7));
  const [weekday] = [...weekdays];
  const singleDay =
    weekdays.size === 1 && (fields.dayOfMonth.isWildcard || fields.dayOfMonth.hasQuestionMarkChar);
  const when = singleDay && weekday !== undefined ? `on ${DAYS[weekday]}` : "a day";
  return (
    `fires more than once a day (${JSON.stringify(expression)} fires ${perDay} times ${when}); ` +
    `use one time, such as ${JSON.stringify(oneTime(expression, fields))}`
  );
}

/** The expression with one second, minute and hour: the first of each (09 for "every hour"). */
function oneTime(expression: string, fields: CronFieldCollection): string {
  const minute = String(fields.minute.values[0] ?? 0);
  const hour = String(fields.hour.values.length === 24 ? 9 : (fields.hour.values[0] ?? 9));
  const tokens = expression.trim().split(/\s+/);
  if (tokens.length === 6)
    return [String(fields.second.values[0] ?? 0), minute, hour, ...tokens.slice(3)].join(" ");
  if (tokens.length === 5) return [minute, hour, ...tokens.slice(2)].join(" ");
  return `${minute} ${hour} * * *`; // a macro such as @hourly
}
