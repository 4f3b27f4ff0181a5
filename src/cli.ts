#!/usr/bin/env node
import { exitQuietlyOnEpipe } from "./cli/io.js";
import { runCli } from "./cli/run.js";

// Output piped into something that stops reading (`kampvuur simulate … | head`) is the
// reader's choice, not an error: stop quietly instead of printing a stack trace.
exitQuietlyOnEpipe(process.stdout);

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
