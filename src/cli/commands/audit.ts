/** `kampvuur audit`: every coordinator send, announcement and export: who, when, what, how many. */
import type { Command } from "commander";
import { DateTime } from "luxon";
import { parseEnv } from "../../config/env.js";
import type { CliContext } from "../io.js";
import { PROGRAMME_OPTION, programmePath } from "../options.js";

export function registerAudit(program: Command, { io }: CliContext): void {
  program
    .command("audit")
    .description(
      "list every coordinator send, announcement and export: who, when, what, how many (no content)",
    )
    .option("--programme <file>", PROGRAMME_OPTION)
    .option("--json", "JSON Lines: one object per entry")
    .action(async (opts: { programme?: string; json?: boolean }) => {
      // Imported here: `kampvuur help` and the other commands do not load the app and the store.
      const [{ loadAppProgramme }, { AuditLog }, { systemClock }, { Store }] = await Promise.all([
        import("../../app.js"),
        import("../../core/audit.js"),
        import("../../core/clock.js"),
        import("../../storage/store.js"),
      ]);
      const env = parseEnv(io.env);
      const programme = await loadAppProgramme(programmePath(opts.programme, env));
      const store = await Store.open(env.KAMPVUUR_STORE, programme.id);
      try {
        const entries = await new AuditLog(store, systemClock).entries();
        const names = new Map(
          [...programme.coordinators, ...programme.mentors, ...programme.participants].map((p) => [
            p.id,
            p.name,
          ]),
        );
        for (const e of entries) {
          if (opts.json) {
            io.stdout.write(`${JSON.stringify(e)}\n`);
            continue;
          }
          const when = DateTime.fromISO(e.at, { zone: programme.timezone }).toFormat("yyyy-MM-dd HH:mm");
          const who = names.get(e.actorId) ?? e.actorId;
          io.stdout.write(
            `${when}  ${who.padEnd(22)}  ${e.action.padEnd(20)}  ${String(e.count).padStart(5)}  ${e.detail ?? ""}\n`.replace(
              /\s+\n$/,
              "\n",
            ),
          );
        }
        if (!opts.json)
          io.stdout.write(
            `${entries.length} ${entries.length === 1 ? "entry" : "entries"} in ${programme.name}.\n`,
          );
      } finally {
        await store.close();
      }
    });
}
