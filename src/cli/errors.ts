/** Turns an error out of a command into its message on stderr and an exit code. */
import { CommanderError } from "commander";
import { isKampvuurError } from "../kernel/errors.js";
import { type CliIo, EXIT } from "./io.js";

/** Commander's own errors (already printed) are usage errors; kampvuur's say whose problem it is. */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isKampvuurError(error)) {
    io.stderr.write(`${error.message}\n`);
    return error.code === "programme_invalid" || error.code === "config_invalid" ? EXIT.usage : EXIT.failure;
  }
  io.stderr.write(`kampvuur stopped because of an unexpected error: ${(error as Error).message}\n`);
  return EXIT.failure;
}
