/** The kampvuur command line: `runCli` runs the program and turns its outcome into an exit code. */
import { reportError } from "./errors.js";
import { type CliIo, EXIT } from "./io.js";
import { createProgram } from "./program.js";

export { type CliIo, EXIT } from "./io.js";

/**
 * Runs the kampvuur command line and resolves to the exit code; never throws.
 *
 * @example
 * const code = await runCli(["validate", "programme.yaml"], { stdin, stdout, stderr, env });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram({
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
  });

  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    return reportError(error, io);
  }
  return exitCode;
}
