/** `kampvuur ask "question"`: answer a question from the content base. */
import type { Command } from "commander";
import { type Env, parseEnv } from "../../config/env.js";
import type { Language } from "../../config/programme-schema.js";
import { KampvuurError } from "../../kernel/errors.js";
import { answerText } from "../../features/questions/answer-text.js";
import { strings } from "../../features/questions/strings.js";
import { Answerer, MAX_QUESTION_LENGTH } from "../../knowledge/answerer.js";
import { contentDirs } from "../../knowledge/content.js";
import { KnowledgeBase } from "../../knowledge/knowledge-base.js";
import { modelsFromEnv } from "../../knowledge/models.js";
import { createLogger } from "../../log.js";
import { Store } from "../../storage/store.js";
import type { CliContext, CliIo } from "../io.js";
import { language } from "../options.js";

export function registerAsk(program: Command, { io }: CliContext): void {
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
        const t = strings(opts.language ?? "nl").qa;
        if (!question) throw new KampvuurError("config_invalid", t.empty);
        if (question.length > MAX_QUESTION_LENGTH)
          throw new KampvuurError("config_invalid", t.tooLong(question.length, MAX_QUESTION_LENGTH));
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
