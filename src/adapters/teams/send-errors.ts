import { SendError } from "../../core/adapter.js";
import { neverConnected } from "../../core/network.js";

/**
 * What botbuilder's connector client throws, as far as a send is concerned: a `RestError`
 * of `@azure/core-rest-pipeline` (`statusCode` and `response` when the Bot Connector answered,
 * `code` for a network error), an `AbortError` for a time-out, or a plain error from before
 * the request (credentials, a bad address).
 */
interface ResponseHeaders {
  get?(name: string): string | undefined;
}

interface ConnectorFailure {
  name?: string;
  message?: string;
  statusCode?: number;
  code?: string;
  response?: { status?: number; headers?: ResponseHeaders };
}

/**
 * A failed proactive send as the deliverer needs it (see `SendError`):
 * - 429: `not-sent`, rate-limited, with the `Retry-After` in ms when the connector gave one
 *   (Microsoft documents exponential backoff, so usually none: the deliverer backs off);
 * - another 4xx, a refused connection, an unknown host, an error before the request: `not-sent`;
 * - a 5xx, a reset, a time-out, an answer that could not be read: `uncertain`.
 */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  const failure = (typeof error === "object" && error !== null ? error : {}) as ConnectorFailure;
  const status = failure.statusCode ?? failure.response?.status;
  const cause = { cause: error };
  const what = failure.message ? `: ${failure.message.slice(0, 200)}` : "";
  if (status === 429) {
    const retryAfterMs = retryAfter(failure.response?.headers);
    return new SendError("not-sent", `Teams is rate-limiting the bot (429)${what}`, {
      ...cause,
      rateLimited: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status !== undefined && status >= 400 && status < 500)
    return new SendError("not-sent", `the Bot Connector refused the message (${status})${what}`, cause);
  if (status !== undefined)
    return new SendError("uncertain", `the Bot Connector answered ${status}${what}`, cause);
  if (failure.name === "AbortError")
    return new SendError("uncertain", `the Bot Connector did not answer in time${what}`, cause);
  if (failure.name === "RestError") {
    if (neverConnected(failure))
      return new SendError("not-sent", `could not reach the Bot Connector (${failure.code})${what}`, cause);
    // ECONNRESET, ETIMEDOUT, a parse error…: the request may have arrived.
    return new SendError("uncertain", `the connection to the Bot Connector failed${what}`, cause);
  }
  // Not from the HTTP layer: credentials, a conversation without a reference, a bad address.
  return new SendError("not-sent", `the message was not sent${what}`, cause);
}

/** `Retry-After` (seconds or an HTTP date) or Microsoft's `retry-after-ms`, in ms; undefined when absent or unreadable. */
export function retryAfter(headers: ResponseHeaders | undefined): number | undefined {
  const get = (name: string) => {
    try {
      return headers?.get?.(name)?.trim() || undefined;
    } catch {
      return undefined;
    }
  };
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = get(name);
    if (value && /^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value));
  }
  const value = get("retry-after");
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
