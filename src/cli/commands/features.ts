/**
 * The features' own commands (`Feature.cli`): each is registered like the built-in ones, takes
 * `--programme <file>`, and runs on the app built from that programme and `KAMPVUUR_STORE`,
 * without chat platforms.
 */
import type { Command } from "commander";
import { parseEnv } from "../../config/env.js";
import type { AppFeature } from "../../features/index.js";
import { contentDirs } from "../../knowledge/content.js";
import type { CliContext } from "../io.js";
import { PROGRAMME_OPTION, programmePath } from "../options.js";

export function registerFeatureCommands(
  program: Command,
  { io, setExitCode }: CliContext,
  features: readonly AppFeature[],
): void {
  for (const feature of features)
    for (const spec of feature.cli ?? []) {
      const command = program.command(spec.name).description(spec.description);
      for (const a of spec.arguments ?? []) command.argument(a.name, a.description);
      for (const o of spec.options ?? []) command.option(o.flags, o.description);
      command.option("--programme <file>", PROGRAMME_OPTION);
      command.action(async (...given: unknown[]) => {
        // Commander passes the arguments (a variadic one as a list), then the options, then itself.
        const count = spec.arguments?.length ?? 0;
        const args = given.slice(0, count).flatMap((a) => (a === undefined ? [] : a)) as string[];
        const options = given[count] as Record<string, string | boolean | undefined>;
        // Imported here: `kampvuur help` lists the commands without loading the app.
        const [{ createApp, loadAppProgramme }, { createLogger }] = await Promise.all([
          import("../../app.js"),
          import("../../log.js"),
        ]);
        const env = parseEnv(io.env);
        const programme = await loadAppProgramme(
          programmePath(options.programme as string | undefined, env),
          [...features],
        );
        const app = await createApp({
          programme,
          storeUrl: env.KAMPVUUR_STORE,
          features: [...features],
          logger: createLogger(env.LOG_LEVEL, "error"),
          contentDirs: contentDirs(env.KAMPVUUR_CONTENT),
        });
        try {
          const code = await spec.run(app.api(feature), { args, options, programme }, io.stdout);
          if (typeof code === "number") setExitCode(code);
        } finally {
          await app.close();
        }
      });
    }
}
