#!/usr/bin/env node
import { exitQuietlyOnEpipe } from "./cli/io.js";
import { closeEarlyServer, listenEarly } from "./server/early.js";

// `kampvuur start` serving HTTP opens its port first, so /healthz answers while the rest
// loads (about a second of SDKs, store and content base): see src/server/early.ts.
const args = process.argv.slice(2);
const port = process.env.PORT ?? (args.includes("--server") ? "3000" : undefined);
if (args[0] === "start" && !args.includes("--console") && port !== undefined && /^\d{1,5}$/.test(port))
  await listenEarly(Number(port));
const { runCli } = await import("./cli/run.js");

// Output piped into something that stops reading (`kampvuur simulate … | head`) is the
// reader's choice, not an error: stop quietly instead of printing a stack trace.
exitQuietlyOnEpipe(process.stdout);

process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// A start that failed before taking the port over must not keep the process alive.
await closeEarlyServer();
