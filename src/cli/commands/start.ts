/** `kampvuur start`: the console chat, or the HTTP server with Slack and Teams when configured. */
import { type Command, Option } from "commander";
import type { Slack } from "../../adapters/slack/index.js";
import type { Programme } from "../../config/programme-schema.js";
import type { OffsetClock } from "../../core/clock.js";
import type { Route } from "../../server/http.js";
import { type CliContext, type CliIo, EXIT } from "../io.js";
import { PROGRAMME_OPTION, programmePath } from "../options.js";

interface StartOptions {
  console?: boolean;
  server?: boolean;
  as?: string;
  programme?: string;
}

export function registerStart(program: Command, { io, setExitCode }: CliContext): void {
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
    .option("--programme <file>", PROGRAMME_OPTION)
    .action(async (opts: StartOptions) => {
      setExitCode(await start(opts, io));
    });
}

async function start(opts: StartOptions, io: CliIo): Promise<number> {
  // Loaded here, not when the command line is read: `kampvuur --help` and the other commands
  // do not load the app.
  // Only what both modes need; the console's chat and the server's routes load in their own branch.
  const [
    { createApp, loadAppProgramme },
    { hasPlatformCredentials, parseEnv },
    { OffsetClock, systemClock },
    { contentDirs },
    { modelsFromEnv },
    { createLogger },
    { Scheduler },
  ] = await Promise.all([
    import("../../app.js"),
    import("../../config/env.js"),
    import("../../core/clock.js"),
    import("../../knowledge/content.js"),
    import("../../knowledge/models.js"),
    import("../../log.js"),
    import("../../scheduling/scheduler.js"),
  ]);
  const env = parseEnv(io.env);
  // `--programme` (one file), else KAMPVUUR_PROGRAMMES (a folder or list), else KAMPVUUR_PROGRAMME or the demo.
  const programmes: Programme[] =
    !opts.programme && env.KAMPVUUR_PROGRAMMES
      ? await (await import("../../deployment.js")).loadProgrammes(env.KAMPVUUR_PROGRAMMES)
      : [await loadAppProgramme(programmePath(opts.programme, env))];
  const serve = opts.server || (!opts.console && (env.PORT !== undefined || hasPlatformCredentials(env)));
  const logger = createLogger(env.LOG_LEVEL, serve ? "info" : "warn");
  const clock = serve ? systemClock : new OffsetClock();
  const common = {
    storeUrl: env.KAMPVUUR_STORE,
    logger,
    clock,
    contentDirs: contentDirs(env.KAMPVUUR_CONTENT),
    models: await modelsFromEnv(env),
  };

  if (!serve) {
    // The console chats in one programme: the first, unless --programme names another.
    const [programme] = programmes as [Programme, ...Programme[]];
    if (programmes.length > 1)
      io.stdout.write(
        programme.language === "nl"
          ? `(${programmes.length} programma's; de console praat in “${programme.name}”. Een ander programma: --programme <bestand>.)\n`
          : `(${programmes.length} programmes; the console chats in “${programme.name}”. Another one: --programme <file>.)\n`,
      );
    const [app, { ConsoleChat }] = await Promise.all([
      createApp({ ...common, programme }),
      import("../../adapters/console/index.js"),
    ]);
    const scheduler = new Scheduler(app);
    const chat = new ConsoleChat(app.bot, {
      input: io.stdin,
      output: io.stdout,
      as: opts.as,
      clock: clock as OffsetClock,
      scheduler: { tick: () => scheduler.tick(), nextSend: (after) => scheduler.upcoming(after, 1)[0] },
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

  const [
    { createDeployment },
    { DEFAULT_FEATURES, overview },
    { startHttpServer },
    { CHART_PATH, chartRoute, chartSources },
    { redact },
  ] = await Promise.all([
    import("../../deployment.js"),
    import("../../features/index.js"),
    import("../../server/http.js"),
    import("../../server/charts.js"),
    import("../../storage/store.js"),
  ]);
  // One app per programme; the platforms see them through one `Inbound` (see deployment.ts).
  const deployment = await createDeployment({ ...common, programmes });
  const { apps } = deployment;
  const schedulers = apps.map((app) => new Scheduler(app));

  // A platform's SDK loads only when that platform is configured (Bolt, botbuilder): the
  // console and a server for one platform start without the other.
  const wantsSlack = Boolean(env.SLACK_CLIENT_ID || env.SLACK_BOT_TOKEN || env.SLACK_SIGNING_SECRET);
  const wantsTeams = Boolean(env.MicrosoftAppId || env.KAMPVUUR_TEAMS_LOCAL);
  const [slackSdk, installationsModule, teamsSdk] = await Promise.all([
    wantsSlack ? import("../../adapters/slack/index.js") : undefined,
    env.SLACK_CLIENT_ID ? import("../../adapters/slack/installations.js") : undefined,
    wantsTeams ? import("../../adapters/teams/index.js") : undefined,
  ]);
  const routes: Record<string, Route> = {};
  const slackAuth =
    env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET
      ? {
          clientId: env.SLACK_CLIENT_ID,
          clientSecret: env.SLACK_CLIENT_SECRET,
          stateSecret: env.SLACK_STATE_SECRET,
          installations: new (
            installationsModule as NonNullable<typeof installationsModule>
          ).KeyvInstallationStore(deployment.store),
        }
      : env.SLACK_BOT_TOKEN
        ? { botToken: env.SLACK_BOT_TOKEN, ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}) }
        : undefined;
  let slack: Slack | undefined;
  if (slackSdk && slackAuth && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
    slack = slackSdk.createSlack(deployment.inbound, {
      home: (person, user) => deployment.home(person, "slack", user),
      auth: slackAuth,
      signingSecret: env.SLACK_SIGNING_SECRET ?? "",
      apiUrl: env.SLACK_API_URL,
      messagesPerMinute: env.SLACK_MESSAGES_PER_MINUTE,
      logger,
    });
    deployment.addAdapter(slack.adapter);
    Object.assign(routes, slack.routes);
  } else if (slackAuth || env.SLACK_SIGNING_SECRET) {
    logger.warn(
      "Slack needs SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode), or SLACK_CLIENT_ID + SLACK_CLIENT_SECRET + SLACK_STATE_SECRET + SLACK_SIGNING_SECRET; Slack stays off until they are set",
    );
  }
  // Teams at /api/messages only when configured: authenticated with an app id, or the explicit
  // local mode (KAMPVUUR_TEAMS_LOCAL, loopback only). Otherwise the path is not served (404).
  if (teamsSdk) {
    const teams = teamsSdk.createTeams(deployment.inbound, {
      appId: env.MicrosoftAppId,
      appPassword: env.MicrosoftAppPassword,
      appType: env.MicrosoftAppType,
      tenantId: env.MicrosoftAppTenantId,
      local: env.KAMPVUUR_TEAMS_LOCAL,
      requestsPerSecond: env.TEAMS_REQUESTS_PER_SECOND,
      store: deployment.store,
      logger,
    });
    deployment.addAdapter(teams.adapter);
    routes["/api/messages"] = teams.route;
  } else if (env.MicrosoftAppPassword || env.MicrosoftAppTenantId) {
    logger.warn(
      "Teams needs MicrosoftAppId (or KAMPVUUR_TEAMS_LOCAL=1 for local testing without Azure); Teams stays off until it is set",
    );
  }
  if (env.KAMPVUUR_PUBLIC_URL && DEFAULT_FEATURES.includes(overview)) {
    const charts = apps.map((app) => app.api(overview));
    for (const c of charts) c.publish(env.KAMPVUUR_PUBLIC_URL);
    routes[CHART_PATH] = chartRoute(chartSources(charts));
  }
  routes["/readyz"] = (await import("../../server/ready.js")).readyRoute(
    apps.map((app, i) => ({ app, scheduler: schedulers[i] as InstanceType<typeof Scheduler> })),
  );
  for (const scheduler of schedulers) scheduler.start();
  // With a Redis store, this replica takes queued sends from every replica (BullMQ workers).
  for (const app of apps) app.queue.serve?.();
  const http = await startHttpServer(env.PORT ?? 3000, routes, logger).catch(async (error: unknown) => {
    // The port is taken (or refused): what started above would keep the process alive, serving nothing.
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    await Promise.all(apps.map((app) => app.deliverer.stop()));
    await deployment.close();
    throw error;
  });
  (await import("../../server/guard.js")).installProcessGuard(logger, http.server);
  await slack
    ?.start()
    .catch((error: unknown) =>
      logger.error({ err: error }, "could not connect to Slack in Socket Mode; check SLACK_APP_TOKEN"),
    );
  logger.info(
    { port: http.port, programmes: apps.map((a) => a.bot.programme.id), store: redact(env.KAMPVUUR_STORE) },
    `kampvuur listening on http://localhost:${http.port} (health: /healthz, ready: /readyz)`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  // Graceful: sends waiting their turn are handed back (the next pass on any replica sends
  // them), sends on their way finish, the pass in flight ends, then the port and the store close.
  logger.info("stopping: handing back what is not sent yet");
  const draining = Promise.all(apps.map((app) => app.deliverer.stop()));
  await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
  await draining;
  await slack?.stop().catch(() => {});
  await http.close();
  await deployment.close();
  return EXIT.ok;
}
