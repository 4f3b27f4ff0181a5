/** The commander program: its settings and every command, in the order `kampvuur help` lists them. */
import { Command } from "commander";
import { registerAsk } from "./commands/ask.js";
import { registerAudit } from "./commands/audit.js";
import { registerContent } from "./commands/content.js";
import { registerFeatureCommands } from "./commands/features.js";
import { registerHelp } from "./commands/help.js";
import { registerSchedule } from "./commands/schedule.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerStart } from "./commands/start.js";
import { registerValidate } from "./commands/validate.js";
import { DEFAULT_FEATURES } from "../features/index.js";
import type { CliContext } from "./io.js";

export function createProgram(cli: CliContext, features = DEFAULT_FEATURES): Command {
  const { io } = cli;
  const program = new Command("kampvuur")
    .description("A chat bot that keeps a learning programme going between its session days.")
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .showHelpAfterError("(run 'kampvuur help' to see the commands)");

  registerStart(program, cli);
  registerValidate(program, cli);
  registerSimulate(program, cli);
  registerSchedule(program, cli);
  registerAsk(program, cli);
  registerFeatureCommands(program, cli, features);
  registerContent(program, cli);
  registerAudit(program, cli);
  registerHelp(program);
  return program;
}
