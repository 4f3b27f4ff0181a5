#!/usr/bin/env node
import { runCli } from "./cli/run.js";

// Output piped into something that stops reading (`kampvuur simulate … | head`) is the
// reader's choice, not an error: stop quietly instead of printing a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
