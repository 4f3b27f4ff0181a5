import OpenAI, { APIConnectionTimeoutError, APIError, AzureOpenAI, RateLimitError } from "openai";
import type { Env } from "../config/env.js";
import {
  type ChatMessage,
  type ChatModel,
  type Embedder,
  type ModelFailure,
  ModelCallError,
  type Models,
} from "./models.js";

/** The OpenAI client's errors, as the answerer's fallback words need them. */
function failureOf(error: unknown): ModelFailure {
  if (error instanceof RateLimitError) return "rate_limited";
  if (error instanceof APIConnectionTimeoutError) return "timeout";
  if (error instanceof Error && error.name === "AbortError") return "timeout";
  if (error instanceof APIError && error.status === 408) return "timeout";
  return "unavailable";
}

/** The models of `modelsFromEnv`, with the OpenAI or Azure OpenAI client (loaded only then). */
export function openAiModels(env: Env): Models {
  const common = {
    // One retry at most: a person is waiting in a chat, and the extractive answer is a fine fallback.
    maxRetries: env.OPENAI_MAX_RETRIES,
    timeout: env.OPENAI_TIMEOUT_MS,
  };
  let client: OpenAI | undefined;
  if (env.AZURE_OPENAI_ENDPOINT && env.AZURE_OPENAI_API_KEY) {
    client = new AzureOpenAI({
      endpoint: env.AZURE_OPENAI_ENDPOINT,
      apiKey: env.AZURE_OPENAI_API_KEY,
      apiVersion: env.AZURE_OPENAI_API_VERSION,
      ...common,
    });
  } else if (env.OPENAI_API_KEY) {
    client = new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, ...common });
  }
  if (!client) return {};
  const embeddingModel = env.OPENAI_EMBEDDING_MODEL;
  return {
    chat: new OpenAIChat(client, env.OPENAI_MODEL),
    embedder: embeddingModel === "none" ? undefined : new OpenAIEmbedder(client, embeddingModel),
  };
}

export class OpenAIChat implements ChatModel {
  constructor(
    private readonly client: OpenAI,
    readonly name: string,
  ) {}

  async complete(messages: ChatMessage[]): Promise<string> {
    const response = await this.client.chat.completions
      .create({ model: this.name, messages, temperature: 0.2, max_completion_tokens: 700 })
      .catch((error: unknown) => {
        throw new ModelCallError(failureOf(error), { cause: error });
      });
    return response.choices[0]?.message.content?.trim() ?? "";
  }
}

export class OpenAIEmbedder implements Embedder {
  constructor(
    private readonly client: OpenAI,
    readonly name: string,
  ) {}

  async embed(texts: string[]): Promise<number[][]> {
    const response = await this.client.embeddings.create({ model: this.name, input: texts });
    return [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  }
}
