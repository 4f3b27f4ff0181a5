import { webApi } from "@slack/bolt";
import { SendError } from "../../core/adapter.js";
import { errorCodes, neverConnected } from "../../core/network.js";

/**
 * Slack's `ok: false` errors after which part of the operation may have happened anyway
 * (Slack's own words for `fatal_error` and `internal_error`: "It's possible some aspect of
 * the operation succeeded before the error was raised").
 */
const UNCERTAIN_PLATFORM_ERRORS = new Set(["fatal_error", "internal_error", "service_unavailable"]);

/**
 * What a failed Web API call means for a message that must arrive exactly once. The send
 * client makes one attempt only (`retries: 0`, `rejectRateLimitedCalls: true`), so every
 * failure reaches this function:
 * - a 429 (`WebAPIRateLimitedError`): not sent, rate limited, with Slack's `Retry-After`;
 * - `ok: false` (channel_not_found, invalid_blocks, …): Slack looked at it and refused it;
 * - a refused connection or a failed DNS look-up: the request never left;
 * - a 5xx, a reset connection, a time-out, an unreadable answer: it may have arrived.
 */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  const e = error as {
    code?: unknown;
    retryAfter?: unknown;
    statusCode?: unknown;
    data?: { error?: unknown };
    original?: unknown;
    message?: unknown;
  } | null;
  const message = typeof e?.message === "string" ? e.message : String(error);
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError: {
      const seconds = typeof e.retryAfter === "number" && e.retryAfter >= 0 ? e.retryAfter : undefined;
      return new SendError("not-sent", "Slack asked to wait (429)", {
        cause: error,
        rateLimited: true,
        ...(seconds !== undefined ? { retryAfterMs: seconds * 1000 } : {}),
      });
    }
    case webApi.ErrorCode.PlatformError: {
      const code = typeof e.data?.error === "string" ? e.data.error : "unknown";
      if (code === "ratelimited" || code === "rate_limited")
        return new SendError("not-sent", `Slack asked to wait (${code})`, {
          cause: error,
          rateLimited: true,
        });
      if (UNCERTAIN_PLATFORM_ERRORS.has(code))
        return new SendError("uncertain", `Slack failed while handling the message (${code})`, {
          cause: error,
        });
      return new SendError("not-sent", `Slack refused the message (${code})`, { cause: error });
    }
    case webApi.ErrorCode.HTTPError: {
      const status = typeof e.statusCode === "number" ? e.statusCode : 0;
      return status >= 400 && status < 500
        ? new SendError("not-sent", `Slack refused the request (HTTP ${status})`, { cause: error })
        : new SendError("uncertain", `Slack answered HTTP ${status} after taking the request`, {
            cause: error,
          });
    }
    case webApi.ErrorCode.RequestError:
      return neverConnected(e.original)
        ? new SendError("not-sent", `could not reach Slack (${errorCodes(e.original).join(", ")})`, {
            cause: error,
          })
        : new SendError("uncertain", `the connection to Slack failed after the request left (${message})`, {
            cause: error,
          });
  }
  // A 429 without a usable Retry-After header (the client gives a plain error for that).
  if (/Retry header did not contain a valid timeout/.test(message))
    return new SendError("not-sent", "Slack asked to wait (429)", { cause: error, rateLimited: true });
  return new SendError("uncertain", `the call to Slack failed (${message})`, { cause: error });
}
