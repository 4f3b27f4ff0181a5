/** `kampvuur help`: show the commands. */
import type { Command } from "commander";

export function registerHelp(program: Command): void {
  program
    .command("help")
    .description("show the commands")
    .action(() => {
      program.outputHelp();
    });
}
