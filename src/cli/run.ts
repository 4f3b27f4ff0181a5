import type { Readable, Writable } from "node:stream";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { DateTime } from "luxon";
import { ConsoleChat } from "../adapters/console/index.js";
import { createApp } from "../app.js";
import { OffsetClock, systemClock } from "../core/clock.js";
import { Scheduler } from "../scheduling/scheduler.js";
import { type Env, hasPlatformCredentials, parseEnv } from "../config/env.js";
import { type Language, languageSchema } from "../config/programme-schema.js";
import { messages } from "../core/i18n/index.js";
import { Answerer, MAX_QUESTION_LENGTH } from "../knowledge/answerer.js";
import { contentDirs, loadContent } from "../knowledge/content.js";
import { KnowledgeBase } from "../knowledge/knowledge-base.js";
import { modelsFromEnv } from "../knowledge/models.js";
import { isUnanswered } from "../domain/questions/service.js";
import { Store } from "../storage/store.js";
import { DEMO_PROGRAMME, loadProgramme } from "../config/programme.js";
import { isKampvuurError, KampvuurError } from "../core/errors.js";
import { PromptBank } from "../domain/reflections/prompt-bank.js";
import { reflectionOccurrences } from "../scheduling/plan.js";
import { simulate, weeklyTable } from "../simulation/simulate.js";
import { createLogger } from "../log.js";
import { type Route, startHttpServer } from "../server/http.js";
import type { Slack } from "../adapters/slack/index.js";
import { homeView } from "../domain/home.js";
import { redact } from "../storage/store.js";

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** Exit codes: 0 fine, 1 something failed at run time, 2 a problem with what was given (file, arguments, settings). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * Runs the kampvuur command line and resolves to the exit code; never throws.
 *
 * @example
 * const code = await runCli(["validate", "programme.yaml"], { stdin, stdout, stderr, env });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command("kampvuur")
    .description("A chat bot that keeps a learning programme going between its session days.")
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .showHelpAfterError("(run 'kampvuur help' to see the commands)");

  program
    .command("start")
    .description(
      "run the bot: the console chat, or the HTTP server when PORT or Slack/Teams credentials are set",
    )
    .addOption(
      new Option("--console", "open the console chat, even with credentials set").conflicts("server"),
    )
    .addOption(new Option("--server", "serve HTTP, even without credentials"))
    .option("--as <person>", "console: start as this person (id, name or first name)")
    .option("--programme <file>", "programme file (default: KAMPVUUR_PROGRAMME, else the demo)")
    .action(async (opts: { console?: boolean; server?: boolean; as?: string; programme?: string }) => {
      exitCode = await start(opts, io);
    });

  program
    .command("validate")
    .description("check a programme file and list every problem")
    .argument("[file]", "programme file (default: KAMPVUUR_PROGRAMME, else the demo)")
    .action(async (file?: string) => {
      const env = parseEnv(io.env);
      const path = file ?? env.KAMPVUUR_PROGRAMME ?? DEMO_PROGRAMME;
      const p = await loadProgramme(path);
      const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
      io.stdout.write(
        `${path} is valid: "${p.name}", ${count(p.sessions.length, "session day")}, ` +
          `${count(p.participants.length, "participant")}, ${count(p.teams.length, "team")}, ` +
          `${count(p.mentors.length, "mentor")}, ${count(p.coordinators.length, "coordinator")}.\n`,
      );
    });

  program
    .command("simulate")
    .description(
      "run the programme on a virtual clock with auto-answering participants and print every message",
    )
    .option("--programme <file>", "programme file (default: KAMPVUUR_PROGRAMME, else the demo)")
    .option("--from <date>", "start (ISO date or date-time; default: the first session day)")
    .requiredOption("--weeks <n>", "how many weeks to run", positiveInt("--weeks"))
    .option("--json", "JSON Lines: one object per message (at, to, role, kind, occurrence, text)")
    .option("--answer-rate <share>", "share of prompts answered at all, 0 to 1", share("--answer-rate"), 0.75)
    .option(
      "--late-rate <share>",
      "share of answers that come after the reminder, 0 to 1",
      share("--late-rate"),
      0.25,
    )
    .option("--seed <n>", "seed for who answers when", positiveInt("--seed"), 1)
    .action(async (opts: SimulateOptions) => {
      const env = parseEnv(io.env);
      const programme = await loadProgramme(opts.programme ?? env.KAMPVUUR_PROGRAMME ?? DEMO_PROGRAMME);
      const from = opts.from ? parseMoment(opts.from, programme.timezone, "--from") : undefined;
      const start =
        from ??
        DateTime.fromISO(programme.sessions[0]?.date as string, { zone: programme.timezone }).toJSDate();
      const messages = await simulate({
        programme,
        from: start,
        weeks: opts.weeks,
        answerRate: opts.answerRate,
        lateRate: opts.lateRate,
        seed: opts.seed,
      });
      if (opts.json) for (const m of messages) io.stdout.write(`${JSON.stringify(m)}\n`);
      else
        io.stdout.write(
          `${programme.name}: ${opts.weeks} weeks from ${DateTime.fromJSDate(start, { zone: programme.timezone }).toISODate()}\n\n${weeklyTable(programme, messages, start, opts.weeks)}\n`,
        );
    });

  program
    .command("schedule")
    .description("list the next reflection sends of a programme")
    .option("--programme <file>", "programme file (default: KAMPVUUR_PROGRAMME, else the demo)")
    .option("--count <n>", "how many", positiveInt("--count"), 10)
    .option("--from <date>", "list sends after this moment (default: now)")
    .action(async (opts: { programme?: string; count: number; from?: string }) => {
      const env = parseEnv(io.env);
      const programme = await loadProgramme(opts.programme ?? env.KAMPVUUR_PROGRAMME ?? DEMO_PROGRAMME);
      const from = opts.from ? parseMoment(opts.from, programme.timezone, "--from") : new Date();
      const bank = (await PromptBank.load()).withProgrammePrompts(
        programme.reflection.prompts,
        programme.language,
      );
      const upcoming = reflectionOccurrences(programme, bank)
        .filter((o) => o.at.getTime() > from.getTime())
        .slice(0, opts.count);
      if (upcoming.length === 0) {
        io.stdout.write(
          `No reflection sends after ${from.toISOString()}: the programme's last session day has passed.\n`,
        );
        return;
      }
      const participants = programme.participants.length;
      for (const o of upcoming) {
        const when = DateTime.fromJSDate(o.at, { zone: programme.timezone })
          .setLocale("nl-NL")
          .toFormat("ccc dd LLL yyyy HH:mm");
        const text = bank.get(o.promptId, programme.language)?.text ?? "";
        io.stdout.write(
          `${when}  ${o.phase.padEnd(14)}  ${o.promptId.padEnd(10)}  ${participants} participants  ${text}\n`,
        );
      }
    });

  program
    .command("ask")
    .description("ask a question about the principles or the programme, answered from the content base")
    .argument("<question...>", "the question (quote it, or type it after 'ask')")
    .option("--json", 'print {"answer", "mode", "sources": [{"id", "title", "score"}]}')
    .option("--language <nl|en>", "the asker's language, when the question is too short to tell", language)
    .action(async (words: string[], opts: { json?: boolean; language?: Language }) => {
      const env = parseEnv(io.env);
      const question = words.join(" ").trim();
      const { answerer, close } = await openKnowledge(env, io);
      try {
        const t = messages(opts.language ?? "nl").qa;
        if (!question) throw new KampvuurError("config_invalid", t.empty);
        if (question.length > MAX_QUESTION_LENGTH)
          throw new KampvuurError("config_invalid", t.tooLong(question.length, MAX_QUESTION_LENGTH));
        const result = await answerer.ask(question, { language: opts.language });
        if (opts.json) {
          const { answer, mode, sources } = result;
          io.stdout.write(`${JSON.stringify({ answer, mode, sources })}\n`);
        } else {
          const list = result.sources.map((s) => `  [${s.id}] ${s.title} (score ${s.score})`).join("\n");
          io.stdout.write(`${result.answer}\n\n(${result.mode}${list ? `; sources:\n${list}` : ""})\n`);
        }
      } finally {
        await close();
      }
    });

  program
    .command("questions")
    .description("list the questions people asked the bot (without their names)")
    .option("--programme <file>", "programme file (default: KAMPVUUR_PROGRAMME, else the demo)")
    .option(
      "--unanswered",
      "only questions the content base could not answer, or that were rated not helpful",
    )
    .option("--json", "JSON Lines: one object per question")
    .action(async (opts: { programme?: string; unanswered?: boolean; json?: boolean }) => {
      const env = parseEnv(io.env);
      const programme = await loadProgramme(opts.programme ?? env.KAMPVUUR_PROGRAMME ?? DEMO_PROGRAMME);
      const store = await Store.open(env.KAMPVUUR_STORE, programme.id);
      try {
        const all = (await store.questions.all()).sort((a, b) => a.at.localeCompare(b.at));
        const shown = opts.unanswered ? all.filter(isUnanswered) : all;
        for (const q of shown) {
          const row = {
            at: q.at,
            language: q.language,
            role: q.role,
            mode: q.mode,
            feedback: q.feedback ?? null,
            sources: q.sources,
            question: q.text,
          };
          io.stdout.write(
            opts.json
              ? `${JSON.stringify(row)}\n`
              : `${q.at.slice(0, 16).replace("T", " ")}  ${q.language}  ${q.mode.padEnd(10)}  ${(q.feedback ?? "").padEnd(11)}  ${q.text.replace(/\s+/g, " ")}\n`,
          );
        }
        if (!opts.json)
          io.stdout.write(
            `${shown.length} ${opts.unanswered ? "unanswered " : ""}question${shown.length === 1 ? "" : "s"} (of ${all.length}) in ${programme.name}.\n`,
          );
      } finally {
        await store.close();
      }
    });

  program
    .command("content")
    .description("check the content base (and KAMPVUUR_CONTENT folders) and list its documents")
    .argument("[folders...]", "extra folders to check (default: KAMPVUUR_CONTENT)")
    .action(async (folders: string[]) => {
      const env = parseEnv(io.env);
      const dirs = folders.length > 0 ? contentDirs(folders.join(",")) : contentDirs(env.KAMPVUUR_CONTENT);
      const base = await loadContent(dirs);
      for (const d of base.docs)
        io.stdout.write(
          `${d.language}  ${d.id.padEnd(24)}  ${String(d.chunks.length).padStart(2)} sections  ${d.title}\n`,
        );
      io.stdout.write(`${base.docs.length} documents, ${base.chunks.length} sections.\n`);
      if (base.problems.length > 0) {
        io.stderr.write(
          `${base.problems.length} problem${base.problems.length === 1 ? "" : "s"} (these files are left out):\n` +
            base.problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join("\n") +
            "\n",
        );
        exitCode = EXIT.usage;
      }
    });

  program
    .command("help")
    .description("show the commands")
    .action(() => {
      program.outputHelp();
    });

  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isKampvuurError(error)) {
      io.stderr.write(`${error.message}\n`);
      return error.code === "programme_invalid" || error.code === "config_invalid"
        ? EXIT.usage
        : EXIT.failure;
    }
    io.stderr.write(`kampvuur stopped because of an unexpected error: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
  return exitCode;
}

interface SimulateOptions {
  programme?: string;
  from?: string;
  weeks: number;
  json?: boolean;
  answerRate: number;
  lateRate: number;
  seed: number;
}

function language(value: string): Language {
  const parsed = languageSchema.safeParse(value.toLowerCase());
  if (!parsed.success) throw new InvalidArgumentError("--language takes nl or en.");
  return parsed.data;
}

/** The content base and answerer for the CLI, with OpenAI when configured. */
async function openKnowledge(env: Env, io: CliIo) {
  const models = modelsFromEnv(env);
  // The answer itself says when the model could not be used; the log is for LOG_LEVEL=warn.
  const logger = createLogger(env.LOG_LEVEL, "error");
  const store = models.embedder ? await Store.open(env.KAMPVUUR_STORE, "content") : undefined;
  const knowledge = await KnowledgeBase.load({
    dirs: contentDirs(env.KAMPVUUR_CONTENT),
    store,
    embedder: models.embedder,
    logger,
  });
  for (const p of knowledge.problems)
    io.stderr.write(`content problem: ${p.file}: ${p.field}: ${p.message}\n`);
  await knowledge.prepareEmbeddings();
  const answerer = await Answerer.create(knowledge, { model: models.chat, logger });
  return { answerer, close: async () => store?.close() };
}

function positiveInt(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} takes a whole number of 1 or more.`);
    return n;
  };
}

function share(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1)
      throw new InvalidArgumentError(`${name} takes a number from 0 to 1.`);
    return n;
  };
}

/** An ISO date (midnight) or date-time, in the programme's timezone unless it carries an offset. */
function parseMoment(value: string, zone: string, name: string): Date {
  const t = DateTime.fromISO(value, { zone });
  if (!t.isValid)
    throw new KampvuurError(
      "config_invalid",
      `${name} '${value}' is not an ISO date such as 2026-11-12 or 2026-11-12T09:00.`,
    );
  return t.toJSDate();
}

async function start(
  opts: { console?: boolean; server?: boolean; as?: string; programme?: string },
  io: CliIo,
): Promise<number> {
  const env = parseEnv(io.env);
  const programme = await loadProgramme(opts.programme ?? env.KAMPVUUR_PROGRAMME ?? DEMO_PROGRAMME);
  const serve = opts.server || (!opts.console && (env.PORT !== undefined || hasPlatformCredentials(env)));
  const logger = createLogger(env.LOG_LEVEL, serve ? "info" : "warn");
  const clock = serve ? systemClock : new OffsetClock();
  const app = await createApp({
    programme,
    storeUrl: env.KAMPVUUR_STORE,
    logger,
    clock,
    contentDirs: contentDirs(env.KAMPVUUR_CONTENT),
    models: modelsFromEnv(env),
  });
  const scheduler = new Scheduler(app);

  if (!serve) {
    const chat = new ConsoleChat(app.bot, {
      input: io.stdin,
      output: io.stdout,
      as: opts.as,
      clock: clock as OffsetClock,
      scheduler: { tick: () => scheduler.tick(), nextSend: (after) => scheduler.upcoming(after, 1)[0]?.at },
    });
    app.bot.addAdapter(chat);
    // The console's clock moves when told (`tijd`); its passes follow the minutes from there.
    scheduler.start({ passNow: false });
    try {
      await chat.run();
    } finally {
      await scheduler.stop();
      await app.close();
    }
    return EXIT.ok;
  }

  // The platform SDKs load only when serving: the console starts without them.
  const [{ createSlack }, { KeyvInstallationStore }, { createTeams }] = await Promise.all([
    import("../adapters/slack/index.js"),
    import("../adapters/slack/installations.js"),
    import("../adapters/teams/index.js"),
  ]);
  const routes: Record<string, Route> = {};
  const slackAuth =
    env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET
      ? {
          clientId: env.SLACK_CLIENT_ID,
          clientSecret: env.SLACK_CLIENT_SECRET,
          stateSecret: env.SLACK_STATE_SECRET,
          installations: new KeyvInstallationStore(app.store),
        }
      : env.SLACK_BOT_TOKEN
        ? { botToken: env.SLACK_BOT_TOKEN, ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}) }
        : undefined;
  let slack: Slack | undefined;
  if (slackAuth && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
    slack = createSlack(app.bot, {
      home: (person) => homeView(app.bot, app.reflections, person),
      auth: slackAuth,
      signingSecret: env.SLACK_SIGNING_SECRET ?? "",
      apiUrl: env.SLACK_API_URL,
      logger,
    });
    app.bot.addAdapter(slack.adapter);
    Object.assign(routes, slack.routes);
  } else if (slackAuth || env.SLACK_SIGNING_SECRET) {
    logger.warn(
      "Slack needs SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode), or SLACK_CLIENT_ID + SLACK_CLIENT_SECRET + SLACK_STATE_SECRET + SLACK_SIGNING_SECRET; Slack stays off until they are set",
    );
  }
  // Teams at /api/messages only when configured: authenticated with an app id, or the explicit
  // local mode (KAMPVUUR_TEAMS_LOCAL, loopback only). Otherwise the path is not served (404).
  if (env.MicrosoftAppId || env.KAMPVUUR_TEAMS_LOCAL) {
    const teams = createTeams(app.bot, {
      appId: env.MicrosoftAppId,
      appPassword: env.MicrosoftAppPassword,
      appType: env.MicrosoftAppType,
      tenantId: env.MicrosoftAppTenantId,
      local: env.KAMPVUUR_TEAMS_LOCAL,
      store: app.store,
      logger,
    });
    app.bot.addAdapter(teams.adapter);
    routes["/api/messages"] = teams.route;
  } else if (env.MicrosoftAppPassword || env.MicrosoftAppTenantId) {
    logger.warn(
      "Teams needs MicrosoftAppId (or KAMPVUUR_TEAMS_LOCAL=1 for local testing without Azure); Teams stays off until it is set",
    );
  }
  scheduler.start();
  const http = await startHttpServer(env.PORT ?? 3000, routes, logger);
  (await import("../server/guard.js")).installProcessGuard(logger, http.server);
  await slack
    ?.start()
    .catch((error: unknown) =>
      logger.error({ err: error }, "could not connect to Slack in Socket Mode; check SLACK_APP_TOKEN"),
    );
  logger.info(
    { port: http.port, programme: programme.id, store: redact(env.KAMPVUUR_STORE) },
    `kampvuur listening on http://localhost:${http.port} (health check: /healthz)`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await scheduler.stop();
  await slack?.stop().catch(() => {});
  await http.close();
  await app.close();
  return EXIT.ok;
}
