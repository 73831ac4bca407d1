/**
 * POST /oauth/token (OAuth 2.1 §3.2, §4.1.3, §4.3): the authorization_code
 * grant (single-use code bound to client, redirect URI, PKCE challenge and
 * resource) and the refresh_token grant (rotating; a replayed token revokes
 * its session). The access token is the user's Supabase Auth session token,
 * so RLS sees the same user everywhere (README "OAuth"). Only a definitive
 * refusal from Supabase Auth ends a grant; when Auth cannot answer now, the
 * client is told to retry and loses nothing.
 */
import { Hono, type Context } from "hono";
import type * as z from "zod/mini";
import { refresh } from "../../_shared/accounts.ts";
import { verifyAccessToken } from "../../_shared/auth.ts";
import { ApiError } from "../../_shared/errors.ts";
import { callerAddress } from "../../_shared/supabase-auth.ts";
import type { tokenResponse } from "../../_shared/wire/oauth.ts";
import type { UpstreamSession } from "../lib/accounts.ts";
import { validResource } from "../lib/authorize-request.ts";
import { authenticateClient, presentedCredentials } from "../lib/clients.ts";
import {
  claimCode,
  claimRefreshToken,
  discardCode,
  revokeSession,
  rotateRefreshToken,
  startSession,
  unclaimCode,
  unclaimRefreshToken,
} from "../lib/grants.ts";
import { NO_STORE, OAuthError } from "../lib/oauth-error.ts";
import { readParams, required, type Params } from "../lib/params.ts";
import { pkceMatches } from "../lib/secrets.ts";

/** The 200 answer of a grant, typed by the wire's `tokenResponse` that the CLI parses it with; no-store, as tokens must not be cached. */
function tokenAnswer(c: Context, session: UpstreamSession, refreshToken: string, scope: string | null) {
  const body = {
    access_token: session.access_token,
    token_type: "Bearer",
    expires_in: session.expires_in,
    refresh_token: refreshToken,
    ...(scope ? { scope } : {}),
  } satisfies z.input<typeof tokenResponse>;
  return c.json(body, 200, NO_STORE);
}

/**
 * Supabase Auth could not answer now (its rate limit, or it is down or busy):
 * the client should retry later and keep its grant. RFC 6749 defines
 * `temporarily_unavailable` only for the authorization endpoint, because a
 * redirect cannot carry a 503; the token endpoint answers with a status, so it
 * sends that code with 503, or 429 and Retry-After for a rate limit (RFC 6585).
 * It is the one registered code that means "later": the MCP SDK drops its
 * tokens on invalid_grant and starts a new login on server_error.
 * @throws OAuthError temporarily_unavailable for a temporary ApiError, else `error` itself.
 */
function retryLater(error: unknown): never {
  if (!(error instanceof ApiError) || (error.code !== "RATE_LIMITED" && error.code !== "UNAVAILABLE")) throw error;
  throw new OAuthError("temporarily_unavailable", error.message, error.code === "RATE_LIMITED" ? 429 : undefined, error.retryAfter);
}

/** A `resource` the client sent must be valid and the one the grant carries (RFC 8707 §2.2). */
function checkResource(params: Params, granted: string | null): void {
  const asked = params.resource;
  if (asked === undefined) return;
  if (!validResource(asked) || asked !== granted) {
    throw new OAuthError("invalid_target", "resource differs from the one the grant was issued for");
  }
}

async function authorizationCodeGrant(c: Context, params: Params, clientId: string, caller: string | undefined) {
  const code = required(params, "code");
  const redirectUri = required(params, "redirect_uri");
  const verifier = required(params, "code_verifier");
  const claimed = code.length <= 200 ? await claimCode(code) : null;
  if (!claimed) throw new OAuthError("invalid_grant", "The authorization code is invalid or was already used");
  const refuse = async (why: string): Promise<never> => {
    await discardCode(code);
    throw new OAuthError("invalid_grant", why);
  };
  if (claimed.client_id !== clientId) await refuse("The authorization code was issued to another client");
  if (claimed.expired) await refuse("The authorization code has expired");
  if (claimed.redirect_uri !== redirectUri) await refuse("redirect_uri differs from the authorization request");
  if (!pkceMatches(verifier, claimed.code_challenge)) await refuse("code_verifier does not match the code_challenge");
  try {
    checkResource(params, claimed.resource);
  } catch (error) {
    await discardCode(code);
    throw error;
  }
  let session: UpstreamSession | null;
  try {
    session = claimed.upstream_refresh_token ? await refresh(claimed.upstream_refresh_token, caller) : null;
  } catch (error) {
    await unclaimCode(code);
    retryLater(error);
  }
  if (!session) throw new OAuthError("invalid_grant", "The login behind this code has ended. Log in again");
  const claims = await verifyAccessToken(session.access_token);
  const issued = await startSession({
    code,
    sessionId: String(claims.session_id),
    userId: claims.sub,
    clientId,
    resource: claimed.resource,
    upstreamRefreshToken: session.refresh_token,
  });
  if (!issued) throw new OAuthError("invalid_grant", "The authorization code was used twice");
  return tokenAnswer(c, session, issued.refreshToken, claimed.scope);
}

async function refreshTokenGrant(c: Context, params: Params, clientId: string, caller: string | undefined) {
  const token = required(params, "refresh_token");
  const claimed = token.length <= 200 ? await claimRefreshToken(token) : null;
  if (!claimed) throw new OAuthError("invalid_grant", "The refresh token is invalid, expired or was already used");
  if (claimed.client_id !== clientId) {
    // A refresh token in another client's hands was stolen: end the grant.
    await revokeSession(claimed.session_id);
    throw new OAuthError("invalid_grant", "The refresh token was issued to another client");
  }
  checkResource(params, claimed.resource);
  let session: UpstreamSession | null;
  try {
    session = claimed.upstream_refresh_token ? await refresh(claimed.upstream_refresh_token, caller) : null;
  } catch (error) {
    await unclaimRefreshToken(token);
    retryLater(error);
  }
  if (!session) {
    await revokeSession(claimed.session_id);
    throw new OAuthError("invalid_grant", "The session behind this refresh token has ended. Log in again");
  }
  const { refreshToken } = await rotateRefreshToken(token, claimed.session_id, session.refresh_token);
  return tokenAnswer(c, session, refreshToken, claimed.scope);
}

/** The token endpoint. */
export const tokenRoutes = new Hono().post("/token", async (c) => {
  const params = await readParams(c);
  const grantType = required(params, "grant_type");
  const client = await authenticateClient(presentedCredentials(c.req.header("authorization"), params));
  const caller = callerAddress(c.req.raw.headers);
  if (grantType === "authorization_code") return authorizationCodeGrant(c, params, client.id, caller);
  if (grantType === "refresh_token") return refreshTokenGrant(c, params, client.id, caller);
  throw new OAuthError("unsupported_grant_type", `grant_type '${grantType.slice(0, 50)}' is not supported`);
});
