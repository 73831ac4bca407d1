/**
 * The one error type of the Edge Functions and its mapping to the API's
 * `{error:{code,message}}` responses (README "API"). Client mistakes never become
 * a 500: validation, constraint and permission failures from zod or Postgres
 * are translated here, in one place.
 */
import * as z from "zod/mini";

/**
 * The API's error codes, plus 413 for size limits, 422 for a manifest naming bytes not
 * uploaded yet (BLOBS_MISSING, beside VALIDATION_ERROR's 422), and Supabase Auth's answers about
 * sign-ins: an email not confirmed yet (403), its rate limits (429), and Auth
 * itself unreachable or failing (503).
 */
export type ErrorCode =
  | "VALIDATION_ERROR"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "EMAIL_NOT_CONFIRMED"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "BLOBS_MISSING"
  | "RATE_LIMITED"
  | "INTERNAL_ERROR"
  | "UNAVAILABLE";

/** The HTTP statuses an ApiError can have. */
export type ErrorStatus = 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

const STATUS: Record<ErrorCode, ErrorStatus> = {
  VALIDATION_ERROR: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  EMAIL_NOT_CONFIRMED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  BLOBS_MISSING: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  UNAVAILABLE: 503,
};

/**
 * A failure with one of the API's error codes; its HTTP status follows from the code.
 * `retryAfter` (seconds) is sent as the `Retry-After` header when set;
 * `details` are sent next to code and message (e.g. BLOBS_MISSING's `missing`).
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfter?: number,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): ErrorStatus {
    return STATUS[this.code];
  }
}

/** A Postgres error as postgres.js raises it. */
interface PgError {
  code: string;
  constraint_name?: string;
  message: string;
}

function isPgError(error: unknown): error is PgError {
  return typeof error === "object" && error !== null && "code" in error && typeof (error as PgError).code === "string"
    && /^[0-9A-Z]{5}$/.test((error as PgError).code);
}

/**
 * Turns anything thrown while handling a request into an ApiError.
 * Unknown errors become INTERNAL_ERROR with a generic message (details are
 * logged by the caller, never sent).
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // The wire schemas (zod/mini) throw $ZodError; the classic ZodError of the MCP tool shapes extends it.
  if (error instanceof z.core.$ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return new ApiError("VALIDATION_ERROR", `${where}${issue?.message ?? "invalid input"}`);
  }
  if (isPgError(error)) {
    switch (error.code) {
      case "23505":
        return new ApiError("CONFLICT", "That already exists");
      case "42501":
        return new ApiError("FORBIDDEN", "You don't have permission to do that");
      case "PT401":
        return new ApiError("UNAUTHORIZED", "This access was revoked. Sign in again");
      case "23514":
      case "22P02":
      case "22001":
      case "23502":
        return new ApiError("VALIDATION_ERROR", `Invalid input (${error.constraint_name ?? error.code})`);
    }
  }
  return new ApiError("INTERNAL_ERROR", "Unexpected server error");
}
