/** The CLI's IO streams, exit codes and the context every command registers with. */
import type { Readable, Writable } from "node:stream";

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** The present moment (tests set it; by default the system clock). */
  now?: () => Date;
}

/** Exit codes: 0 fine, 1 something failed at run time, 2 a problem with what was given (file, arguments, settings). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** What a command gets: the streams, and a way to set the exit code when it finishes without an error. */
export interface CliContext {
  io: CliIo;
  setExitCode(code: number): void;
}

/**
 * Output piped into something that stops reading (`kampvuur simulate … | head`) is the
 * reader's choice, not an error: stop quietly instead of printing a stack trace.
 */
export function exitQuietlyOnEpipe(stream: Writable): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
