/** `kampvuur validate [file]`: check a programme file and summarise it. */
import type { Command } from "commander";
import { parseEnv } from "../../config/env.js";
import { loadAppProgramme } from "../../app.js";
import type { CliContext } from "../io.js";
import { PROGRAMME_OPTION, programmePath } from "../options.js";

export function registerValidate(program: Command, { io }: CliContext): void {
  program
    .command("validate")
    .description("check a programme file and list every problem")
    .argument("[file]", PROGRAMME_OPTION)
    .action(async (file?: string) => {
      const env = parseEnv(io.env);
      const path = programmePath(file, env);
      const p = await loadAppProgramme(path);
      const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
      io.stdout.write(
        `${path} is valid: "${p.name}", ${count(p.sessions.length, "session day")}, ` +
          `${count(p.participants.length, "participant")}, ${count(p.teams.length, "team")}, ` +
          `${count(p.mentors.length, "mentor")}, ${count(p.coordinators.length, "coordinator")}.\n`,
      );
    });
}
