import OpenAI, { APIConnectionTimeoutError, APIError, AzureOpenAI, RateLimitError } from "openai";
import type { Env } from "../config/env.js";

export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

/** A language model that completes a conversation. OpenAI is one implementation. */
export interface ChatModel {
  readonly name: string;
  complete(messages: ChatMessage[]): Promise<string>;
}

/** Turns texts into vectors for semantic search. */
export interface Embedder {
  /** Part of the cache key: vectors of different models never mix. */
  readonly name: string;
  embed(texts: string[]): Promise<number[][]>;
}

/** Why a model call gave no answer; chooses the words of the fallback message. */
export type ModelFailure = "rate_limited" | "timeout" | "unavailable";

export function classifyModelError(error: unknown): ModelFailure {
  if (error instanceof RateLimitError) return "rate_limited";
  if (error instanceof APIConnectionTimeoutError) return "timeout";
  if (error instanceof Error && error.name === "AbortError") return "timeout";
  if (error instanceof APIError && error.status === 408) return "timeout";
  return "unavailable";
}

export interface Models {
  chat?: ChatModel;
  embedder?: Embedder;
}

/**
 * The models configured in the environment: OpenAI (`OPENAI_API_KEY`, optionally
 * `OPENAI_BASE_URL` for any compatible server) or Azure OpenAI (`AZURE_OPENAI_ENDPOINT`
 * + `AZURE_OPENAI_API_KEY`, where the model names are deployment names). None when
 * neither is set: kampvuur then answers extractively.
 */
export function modelsFromEnv(env: Env): Models {
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
    const response = await this.client.chat.completions.create({
      model: this.name,
      messages,
      temperature: 0.2,
      max_completion_tokens: 700,
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
