/**
 * The CLI's one error type: every failure a
 * user can cause or fix is a `CliError`, printed as one friendly line by the
 * top level, never as a stack trace.
 */

/** What went wrong, for callers and tests that must tell failures apart. */
export type ErrorCode =
  | "USAGE"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "VALIDATION_ERROR"
  | "INTERNAL_ERROR"
  | "NETWORK"
  | "BAD_RESPONSE"
  | "NO_PROJECT"
  | "CONFIG_INVALID"
  | "UNSAFE_PATH"
  | "INVALID_SKILL"
  | "LOCAL_CHANGES"
  | "UNRESOLVED"
  | "INTEGRITY"
  | "OUT_OF_DATE"
  | "REFUSED"
  | "FAILED";

/** A user-facing failure: `message` is printed as is; exit code 2 for usage errors, else 1. */
export class CliError extends Error {
  readonly code: ErrorCode;
  /** HTTP status when the error came from the API. */
  readonly status: number | undefined;

  constructor(code: ErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "CliError";
    this.code = code;
    this.status = options.status;
  }

  /** Process exit code: 2 for bad usage, 1 for everything else. */
  get exitCode(): 1 | 2 {
    return this.code === "USAGE" ? 2 : 1;
  }
}

/** A usage error (exit code 2), e.g. a missing value and no terminal to prompt for it. */
export function usageError(message: string): CliError {
  return new CliError("USAGE", message);
}

/**
 * Per-call replacements for the default message of an HTTP status (e.g. push's 403): a fixed
 * message, or one built from the server's own message (undefined when the body had none) and,
 * when it needs more of the answer (push's 409 names two versions), the response body.
 */
export type StatusMessages = Partial<Record<number, string | ((serverMessage: string | undefined, body: unknown) => string)>>;

const codeByStatus: Record<number, ErrorCode> = {
  400: "VALIDATION_ERROR",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  422: "VALIDATION_ERROR",
  429: "RATE_LIMITED",
};

/**
 * A `Retry-After` header's wait in seconds (delay-seconds or an HTTP date,
 * RFC 9110 §10.2.3); undefined when absent or unreadable.
 */
export function retryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** "in about 5 minutes" for a wait in seconds, "in a few minutes" when unknown. */
export function retryIn(seconds: number | undefined): string {
  if (seconds === undefined) return "in a few minutes";
  if (seconds < 60) return `in about ${Math.max(1, seconds)} second${seconds === 1 ? "" : "s"}`;
  if (seconds < 3600) {
    const minutes = Math.ceil(seconds / 60);
    return `in about ${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  const hours = Math.ceil(seconds / 3600);
  return `in about ${hours} hour${hours === 1 ? "" : "s"}`;
}

/**
 * Turns a failed API response into a `CliError` with a friendly message for
 * its status. `serverMessage` is the `error.message` of the body, when there is one;
 * statuses whose cause only the server knows (400, 404, 409, 413) show it. A 429
 * says when to try again, from `retryAfter` (seconds, the response's Retry-After). `body` is the
 * response body, handed to an override that reads more than the message.
 */
export function apiError(status: number, serverMessage: string | undefined, overrides: StatusMessages = {}, retryAfter?: number, body?: unknown): CliError {
  const code = codeByStatus[status] ?? "INTERNAL_ERROR";
  const said = serverMessage?.trim() || undefined;
  const override = overrides[status];
  const message =
    (typeof override === "function" ? override(said, body) : override) ??
    {
      401: "Not logged in. Run `skills login` first.",
      403: "You don't have permission to do that. Contact a registry admin.",
      404: said ?? "Not found. Run `skills search` to find available skills.",
      409: said ?? "That already exists.",
      413: `Too large for the server${said ? `: ${said}` : "."}`,
      // Only sign-ins are rate-limited: Supabase Auth counts them per address.
      429: `Too many sign-in attempts; try again ${retryIn(retryAfter)}.`,
    }[status] ??
    (status < 500 ? (said ?? `Request rejected (HTTP ${status}).`) : `The server failed (HTTP ${status})${said ? `: ${said}` : "."}`);
  return new CliError(code, message, { status });
}
