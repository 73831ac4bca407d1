/**
 * OAuth's own error responses (RFC 6749 §5.2, RFC 7591 §3.2.2): JSON
 * `{error, error_description}` with the status each code calls for. The
 * oauth function answers with these instead of the api's `{error:{code}}`.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

/** The error codes the token and registration endpoints use. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_target"
  | "invalid_redirect_uri"
  | "invalid_client_metadata"
  | "server_error"
  | "temporarily_unavailable";

/** The statuses an OAuthError can have. */
export type OAuthErrorStatus = 400 | 401 | 413 | 429 | 500 | 503;

const STATUS: Record<OAuthErrorCode, OAuthErrorStatus> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_target: 400,
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
  server_error: 500,
  temporarily_unavailable: 503,
};

/**
 * A refused OAuth request; `status` follows from the code unless given.
 * `retryAfter` (seconds) is sent as the `Retry-After` header when set.
 */
export class OAuthError extends Error {
  readonly status: OAuthErrorStatus;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    status?: 413 | 429,
    readonly retryAfter?: number,
  ) {
    super(description);
    this.name = "OAuthError";
    this.status = status ?? STATUS[code];
  }
}

/** Headers every token-bearing or error response carries (RFC 6749 §5.1). */
export const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

/**
 * Hono `onError`: OAuthErrors as OAuth JSON; a body over the size limit as
 * 413 invalid_request; anything else logged (name and message only) and
 * answered `server_error`.
 */
export function oauthErrorResponse(error: Error, c: Context): Response {
  let oauth: OAuthError;
  if (error instanceof OAuthError) oauth = error;
  else if (error instanceof HTTPException && error.status === 413) {
    oauth = new OAuthError("invalid_request", "Request body too large", 413);
  } else {
    console.error(`[oauth ${c.req.method} ${new URL(c.req.url).pathname}]`, error.name, error.message);
    oauth = new OAuthError("server_error", "Unexpected server error");
  }
  const headers: Record<string, string> = { ...NO_STORE };
  if (oauth.code === "invalid_client") headers["www-authenticate"] = 'Basic realm="oauth"';
  if (oauth.retryAfter !== undefined) headers["retry-after"] = String(oauth.retryAfter);
  return c.json({ error: oauth.code, error_description: oauth.description }, oauth.status, headers);
}
