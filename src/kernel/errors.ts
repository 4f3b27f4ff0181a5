/**
 * Errors with a stable code. The code is what handlers switch on; the message is for
 * operators (logs, CLI). What a chat user sees is chosen by code, in their language
 * (see `i18n`), never a stack trace.
 */
export type ErrorCode =
  | "programme_invalid"
  | "store_unavailable"
  | "store_record_invalid"
  | "config_invalid"
  | "not_allowed"
  | "unknown_person"
  | "delivery_failed";

export class KampvuurError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "KampvuurError";
  }
}

export function isKampvuurError(error: unknown, code?: ErrorCode): error is KampvuurError {
  return error instanceof KampvuurError && (code === undefined || error.code === code);
}
