/**
 * `/verify` (internal/api/verify.go): a confirmation link confirms the email
 * and starts a session. `GET` is the mailed link and answers with a 303 to
 * the redirect target, the tokens (or the error) in the URL fragment; `POST`
 * {type, token_hash} answers the session as JSON. Only signup confirmation is
 * emulated: the other link types (recovery, magic link, invite, email change)
 * are never issued here, so their tokens are always unknown.
 */
import type { AuthContext } from "./context.ts";
import { AuthError } from "./errors.ts";
import { startSession } from "./grants.ts";
import { stringParam, type Params } from "./params.ts";
import { goEncodeValues, referrer } from "./redirects.ts";
import * as store from "./store.ts";

const LINK_TYPES = new Set(["signup", "invite", "email", "recovery", "magiclink", "email_change"]);
// GoTrue's oauthErrorMap: the OAuth `error` a redirected failure carries, by status.
const OAUTH_ERRORS: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized_client",
  403: "access_denied",
  500: "server_error",
  503: "temporarily_unavailable",
};

/**
 * `GET /verify?token=<hash>&type=signup&redirect_to=<url>`.
 * @returns 303 to redirect_to (if allowed, else site_url) with
 *   `#access_token=…&expires_at=…&expires_in=…&refresh_token=…&sb=&token_type=bearer&type=signup`,
 *   or with `#error=…&error_code=…&error_description=…&sb=` when the link is invalid or expired.
 * @throws AuthError 400 validation_failed when type or token is missing (answered as JSON).
 */
export async function verifyGet(ctx: AuthContext, req: Request, url: URL): Promise<Response> {
  const token = url.searchParams.get("token") ?? "";
  const type = url.searchParams.get("type") ?? "";
  const redirectTo = referrer(req, url, ctx.settings);
  if (type === "") throw new AuthError(400, "validation_failed", "Verify requires a verification type");
  if (token === "") throw new AuthError(400, "validation_failed", "Verify requires a token or a token hash");
  let location: string;
  try {
    const session = await verifyTokenHash(ctx, type, token);
    const fragment = goEncodeValues({
      access_token: session.access_token,
      expires_at: String(session.expires_at),
      expires_in: String(session.expires_in),
      refresh_token: session.refresh_token,
      sb: "",
      token_type: session.token_type,
      type,
    });
    location = `${redirectTo}#${fragment}`;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    const target = new URL(redirectTo);
    const oauthError = OAUTH_ERRORS[error.status];
    target.hash = goEncodeValues({
      ...(oauthError && { error: oauthError }),
      error_code: error.errorCode,
      error_description: error.message,
      sb: "",
    });
    location = target.toString();
  }
  return new Response(null, { status: 303, headers: { location } });
}

/**
 * `POST /verify` {type, token_hash}: the session as JSON.
 * @throws AuthError 400 validation_failed for a missing type, both or neither of
 *   token and token_hash, or token_hash with other fields; 403 otp_expired for an
 *   unknown, spent or expired link.
 */
export async function verifyPost(ctx: AuthContext, params: Params) {
  const type = stringParam(params, "type");
  const token = stringParam(params, "token");
  const tokenHash = stringParam(params, "token_hash");
  if (type === "") throw new AuthError(400, "validation_failed", "Verify requires a verification type");
  if ((token === "") === (tokenHash === "")) {
    throw new AuthError(400, "validation_failed", "Verify requires either a token or a token hash");
  }
  if (token !== "") {
    // The logged line carries only the link, never the mail's OTP, so no OTP can match.
    throw new AuthError(403, "otp_expired", "Token has expired or is invalid");
  }
  if (stringParam(params, "email") || stringParam(params, "phone") || stringParam(params, "redirect_to")) {
    throw new AuthError(400, "validation_failed", "Only the token_hash and type should be provided");
  }
  return verifyTokenHash(ctx, type, tokenHash);
}

async function verifyTokenHash(ctx: AuthContext, type: string, tokenHash: string) {
  if (!LINK_TYPES.has(type)) throw new AuthError(400, "validation_failed", "Invalid email verification type");
  if (type !== "signup" && type !== "email") throw linkInvalid();
  return ctx.sql.begin(async (tx) => {
    const user = await store.findUserByConfirmationToken(tx, tokenHash);
    const sentAt = user?.confirmation_sent_at?.getTime() ?? 0;
    if (!user || Date.now() > sentAt + ctx.settings.email.otpExpiry * 1000) throw linkInvalid();
    return startSession(ctx, tx, await store.confirmUser(tx, user.id), "otp");
  });
}

function linkInvalid(): AuthError {
  return new AuthError(403, "otp_expired", "Email link is invalid or has expired");
}
