/** `kampvuur validate [file or folder]`: check programme files and summarise each. */
import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { parseEnv } from "../../config/env.js";
import type { Programme } from "../../config/programme-schema.js";
import { programmeFiles } from "../../config/programmes.js";
import { isKampvuurError } from "../../kernel/errors.js";
import { type CliContext, EXIT } from "../io.js";
import { programmePath } from "../options.js";

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

function summary(path: string, p: Programme): string {
  return (
    `${path} is valid: "${p.name}", ${count(p.sessions.length, "session day")}, ` +
    `${count(p.participants.length, "participant")}, ${count(p.teams.length, "team")}, ` +
    `${count(p.mentors.length, "mentor")}, ${count(p.coordinators.length, "coordinator")}.\n`
  );
}

export function registerValidate(program: Command, { io, setExitCode }: CliContext): void {
  program
    .command("validate")
    .description("check a programme file, or every programme file in a folder, and list every problem")
    .argument(
      "[path]",
      "programme file or folder, or files separated by commas (default: KAMPVUUR_PROGRAMMES, else KAMPVUUR_PROGRAMME, else the demo)",
    )
    .action(async (given?: string) => {
      // The features' sections of the programme file: loaded here, not for every command.
      const { loadAppProgramme } = await import("../../app.js");
      const env = parseEnv(io.env);
      const spec = given ?? env.KAMPVUUR_PROGRAMMES ?? programmePath(undefined, env);
      const single =
        !spec.includes(",") &&
        !(await stat(spec).then(
          (s) => s.isDirectory(),
          () => false,
        ));
      if (single) {
        // One file: its problems are the command's error (exit code 2), as they always were.
        io.stdout.write(summary(spec, await loadAppProgramme(spec)));
        return;
      }
      const files = await programmeFiles(spec, given ? "validate" : "KAMPVUUR_PROGRAMMES");
      let invalid = 0;
      const ids = new Map<string, string>();
      for (const file of files) {
        try {
          const p = await loadAppProgramme(file);
          const other = ids.get(p.id);
          if (other !== undefined) {
            invalid++;
            io.stderr.write(
              `${file} has the id '${p.id}', as ${other} does: give each programme its own id (it keeps their data apart).\n`,
            );
            continue;
          }
          ids.set(p.id, file);
          io.stdout.write(summary(file, p));
        } catch (error) {
          if (!isKampvuurError(error)) throw error;
          invalid++;
          io.stderr.write(`${error.message}\n`);
        }
      }
      io.stdout.write(
        invalid === 0
          ? `${files.length === 1 ? "The programme file is" : `All ${files.length} programme files are`} valid and can run in one process (KAMPVUUR_PROGRAMMES).\n`
          : `${invalid} of ${count(files.length, "programme file")} need fixing (see above).\n`,
      );
      if (invalid > 0) setExitCode(EXIT.usage);
    });
}
