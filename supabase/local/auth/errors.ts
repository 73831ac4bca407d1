/**
 * GoTrue's error responses (internal/api/errors.go, apierrors/). Two shapes,
 * chosen by the `X-Supabase-Api-Version` request header, which supabase-js
 * always sends as 2024-01-01:
 *   2024-01-01 and later: `{ code: "<error_code>", message }`
 *   no/older version:     `{ code: <status>, error_code, msg }`
 */

/** The one API version GoTrue distinguishes. */
export const API_VERSION_2024 = "2024-01-01";

/** An error GoTrue would answer with an HTTPError (status, error_code, message). */
export class AuthError extends Error {
  /**
   * @param status HTTP status.
   * @param errorCode GoTrue's ErrorCode (apierrors/errorcode.go), e.g. "invalid_credentials".
   * @param message the user-facing text, exactly as GoTrue words it.
   * @param options weakPasswordReasons for `weak_password`; cause for the database error behind a 500.
   */
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly options: { weakPasswordReasons?: string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AuthError";
  }
}

/** GoTrue's answer to an unexpected failure. */
export function unexpectedFailure(message: string, cause?: unknown): AuthError {
  return new AuthError(500, "unexpected_failure", message, { cause });
}

/** A JSON response with GoTrue's content type. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/**
 * Renders an AuthError as GoTrue does for the request's API version.
 * @param apiVersionHeader the request's `X-Supabase-Api-Version`, if any.
 */
export function errorResponse(error: AuthError, apiVersionHeader: string | null): Response {
  const { status, errorCode, message, options } = error;
  const weak = options.weakPasswordReasons ? { weak_password: { reasons: options.weakPasswordReasons } } : {};
  if (isVersion2024(apiVersionHeader)) {
    const headers: Record<string, string> = { "x-supabase-api-version": API_VERSION_2024 };
    if (!options.weakPasswordReasons) headers["x-sb-error-code"] = errorCode;
    return json(status, { code: errorCode, message, ...weak }, headers);
  }
  // Legacy clients get "publicly accessible" Postgres errors (a trigger's
  // raise exception, a constraint) verbatim, as utilities.NewPostgresError does.
  const pg = publicPostgresError(options.cause);
  if (pg) return json(pg.status, pg.body);
  return json(status, { code: status, error_code: errorCode, msg: message, ...weak }, { "x-sb-error-code": errorCode });
}

function isVersion2024(header: string | null): boolean {
  return header !== null && /^\d{4}-\d{2}-\d{2}$/.test(header) && header >= API_VERSION_2024;
}

const PUBLIC_PG_CODES = new Set(["P0001", "23000", "23001", "23502", "23503", "23505", "23514", "23P01"]);

function publicPostgresError(cause: unknown): { status: number; body: Record<string, string> } | undefined {
  if (typeof cause !== "object" || cause === null) return undefined;
  const { code, message, detail, hint } = cause as Record<string, unknown>;
  if (typeof code !== "string" || code.length !== 5 || typeof message !== "string") return undefined;
  let status = PUBLIC_PG_CODES.has(code) ? 500 : 0;
  if (code.startsWith("PT") && /^\d{3}$/.test(code.slice(2))) status = Number(code.slice(2));
  if (!status) return undefined;
  const body: Record<string, string> = { code, message };
  if (typeof hint === "string" && hint) body.hint = hint;
  if (typeof detail === "string" && detail) body.detail = detail;
  return { status, body };
}
