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

/** A model call that failed, with why (the OpenAI client's errors are classified where it is loaded). */
export class ModelCallError extends Error {
  constructor(
    readonly failure: ModelFailure,
    options: { cause?: unknown } = {},
  ) {
    super(`the model call failed: ${failure}`, options);
    this.name = "ModelCallError";
  }
}

export function classifyModelError(error: unknown): ModelFailure {
  if (error instanceof ModelCallError) return error.failure;
  if (error instanceof Error && error.name === "AbortError") return "timeout";
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
export async function modelsFromEnv(env: Env): Promise<Models> {
  const configured = Boolean((env.AZURE_OPENAI_ENDPOINT && env.AZURE_OPENAI_API_KEY) || env.OPENAI_API_KEY);
  // The OpenAI client (about 150 modules) loads only when a model is configured.
  if (!configured) return {};
  return (await import("./openai.js")).openAiModels(env);
}
