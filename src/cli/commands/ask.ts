/** `kampvuur ask "question"`: answer a question from the content base, or, as a person, about their programme. */
// What answering needs (the app, the content base, the models) is imported when a question
// is asked, so `kampvuur help` and the other commands do not load it.
import type { Command } from "commander";
import { DateTime } from "luxon";
import { z } from "zod";
import { type Env, parseEnv } from "../../config/env.js";
import type { Language } from "../../config/programme-schema.js";
import { KampvuurError } from "../../kernel/errors.js";
import { answerText } from "../../features/questions/answer-text.js";
import { strings } from "../../features/questions/strings.js";
import { contentDirs } from "../../knowledge/content.js";
import type { CliContext, CliIo } from "../io.js";
import { language, PROGRAMME_OPTION, programmePath } from "../options.js";

/** The longest question (`MAX_QUESTION_LENGTH` of the answerer, which loads the model clients). */
const maxQuestionLength = async () => (await import("../../knowledge/answerer.js")).MAX_QUESTION_LENGTH;

export function registerAsk(program: Command, { io }: CliContext): void {
  program
    .command("ask")
    .description("ask a question about the principles or the programme, answered from the content base")
    .argument("<question...>", "the question (quote it, or type it after 'ask')")
    .option("--json", 'print {"answer", "mode", "sources": [{"id", "title", "score"}]}')
    .option("--language <nl|en>", "the asker's language, when the question is too short to tell", language)
    .option(
      "--programme <file>",
      `${PROGRAMME_OPTION}; with it, questions about the programme are answered too`,
    )
    .option("--as <person>", "answer as this person of the programme (id or name): their team, mentor, dates")
    .option("--now <date-time>", "answer as if it were then (ISO 8601, the programme's timezone), with --as")
    .action(async (words: string[], opts: AskOptions) => {
      const env = parseEnv(io.env);
      const question = words.join(" ").trim();
      if (opts.programme !== undefined || opts.as !== undefined || opts.now !== undefined) {
        await askAs(question, opts, env, io);
        return;
      }
      const { answerer, close } = await openKnowledge(env, io);
      try {
        const t = strings(opts.language ?? "nl").qa;
        const max = await maxQuestionLength();
        if (!question) throw new KampvuurError("config_invalid", t.empty);
        if (question.length > max) throw new KampvuurError("config_invalid", t.tooLong(question.length, max));
        const result = await answerer.ask(question, { language: opts.language });
        const answer = answerText(result);
        if (opts.json) {
          const { mode, sources } = result;
          io.stdout.write(`${JSON.stringify({ answer, mode, sources })}\n`);
        } else {
          const list = result.sources.map((s) => `  [${s.id}] ${s.title} (score ${s.score})`).join("\n");
          io.stdout.write(`${answer}\n\n(${result.mode}${list ? `; sources:\n${list}` : ""})\n`);
        }
      } finally {
        await close();
      }
    });
}

interface AskOptions {
  json?: boolean;
  language?: Language;
  programme?: string;
  as?: string;
  now?: string;
}

const askOptions = z.object({
  as: z.string().trim().min(1).max(100).optional(),
  now: z.iso.datetime({ local: true, offset: true }).optional(),
});

/**
 * `kampvuur ask --programme F --as PERSON "…"`: the answer that person gets in chat (a
 * programme question from the programme file and their own record, any other from the
 * content base), on an app built in memory (nothing is logged).
 */
async function askAs(question: string, opts: AskOptions, env: Env, io: CliIo): Promise<void> {
  const t = strings(opts.language ?? "nl").qa;
  const checked = askOptions.safeParse({ as: opts.as, now: opts.now });
  if (!checked.success)
    throw new KampvuurError(
      "config_invalid",
      "--now takes a date and time such as 2026-12-02T10:00, --as a person's id or name.",
    );
  const max = await maxQuestionLength();
  if (!question) throw new KampvuurError("config_invalid", t.empty);
  if (question.length > max) throw new KampvuurError("config_invalid", t.tooLong(question.length, max));
  const [
    { createApp, loadAppProgramme },
    { ManualClock, systemClock },
    { plainText },
    { questions: questionsFeature },
    { modelsFromEnv },
    { createLogger },
  ] = await Promise.all([
    import("../../app.js"),
    import("../../core/clock.js"),
    import("../../core/messages.js"),
    import("../../features/index.js"),
    import("../../knowledge/models.js"),
    import("../../log.js"),
  ]);
  const programme = await loadAppProgramme(programmePath(opts.programme, env));
  const now = checked.data.now
    ? DateTime.fromISO(checked.data.now, { zone: programme.timezone }).toJSDate()
    : undefined;
  const app = await createApp({
    programme,
    storeUrl: "memory://",
    clock: now ? new ManualClock(now) : systemClock,
    logger: createLogger(env.LOG_LEVEL, "error"),
    contentDirs: contentDirs(env.KAMPVUUR_CONTENT),
    models: await modelsFromEnv(env),
  });
  try {
    const who = checked.data.as ?? app.bot.directory.withRole("participant")[0]?.id ?? "";
    const person = app.bot.directory.find(who);
    if (!person)
      throw new KampvuurError(
        "config_invalid",
        `--as: '${who}' is not a person of ${programme.name} (or more than one is): use their id.`,
      );
    const service = app.api(questionsFeature);
    const facts = await service.programmeAnswer(person, question);
    const result = facts
      ? { answer: plainText({ blocks: facts.blocks }), mode: "programme", sources: [] }
      : await service
          .answer(person, question)
          .then((a) => ({ answer: a.answer, mode: a.mode, sources: a.sources }));
    if (opts.json) io.stdout.write(`${JSON.stringify(result)}\n`);
    else io.stdout.write(`${result.answer}\n\n(${result.mode})\n`);
  } finally {
    await app.close();
  }
}

/** The content base and answerer for the CLI, with OpenAI when configured. */
async function openKnowledge(env: Env, io: CliIo) {
  const [{ Answerer }, { KnowledgeBase }, { modelsFromEnv }, { createLogger }, { Store }] = await Promise.all(
    [
      import("../../knowledge/answerer.js"),
      import("../../knowledge/knowledge-base.js"),
      import("../../knowledge/models.js"),
      import("../../log.js"),
      import("../../storage/store.js"),
    ],
  );
  const models = await modelsFromEnv(env);
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
