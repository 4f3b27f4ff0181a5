import { webApi } from "@slack/bolt";
import { SendError } from "../../core/adapter.js";

/**
 * Slack's `ok: false` errors after which part of the operation may have happened anyway
 * (Slack's own words for `fatal_error` and `internal_error`: "It's possible some aspect of
 * the operation succeeded before the error was raised").
 */
const UNCERTAIN_PLATFORM_ERRORS = new Set(["fatal_error", "internal_error", "service_unavailable"]);

/** Network errors that happen before a byte of the request reaches Slack. */
const NEVER_LEFT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_INVALID_URL",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The `code`s along an error's `cause` chain (undici puts the socket's code one or two levels down). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === "string") codes.push(code);
    current = cause;
  }
  return codes;
}

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
      return codesOf(e.original).some((c) => NEVER_LEFT.has(c))
        ? new SendError("not-sent", `could not reach Slack (${codesOf(e.original).join(", ")})`, {
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
