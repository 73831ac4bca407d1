/**
 * The grant lifecycle in the database (migration 20261123002000_oauth.sql):
 * authorization codes, the OAuth session a code turns into, and our rotating
 * refresh tokens. Runs as service_role: no user is signed in at the token
 * endpoint. Each step is one short transaction that claims its row with an
 * atomic `update … where used_at is null`, so two requests can never both
 * use a code or a refresh token, and no transaction stays open across a call
 * to Supabase Auth.
 */
import { withService, type Tx } from "../../_shared/db.ts";
import { endUpstreamSession } from "./accounts.ts";
import type { AuthorizeRequest } from "./authorize-request.ts";
import { CODE_TTL_SECONDS, refreshTokenTtlSeconds } from "./config.ts";
import { randomToken, tokenHash } from "./secrets.ts";

/**
 * Stores a new authorization code for a logged-in user.
 * @param upstreamRefreshToken the Supabase Auth refresh token of the login.
 * @returns the code (only its hash is stored).
 */
export async function createCode(request: AuthorizeRequest, userId: string, upstreamRefreshToken: string): Promise<string> {
  const code = randomToken();
  await withService((tx) => tx`
    insert into public.oauth_authorization_codes
      (code_hash, client_id, user_id, redirect_uri, code_challenge, resource, scope, upstream_refresh_token, expires_at)
    values (${tokenHash(code)}, ${request.clientId}, ${userId}, ${request.redirectUri}, ${request.codeChallenge},
            ${request.resource}, ${request.scope}, ${upstreamRefreshToken}, now() + make_interval(secs => ${CODE_TTL_SECONDS}))`);
  return code;
}

/** A code just claimed for exchange. */
export interface ClaimedCode {
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  resource: string | null;
  scope: string | null;
  upstream_refresh_token: string | null;
  expired: boolean;
}

/**
 * Marks a code used and returns it; null when no such code exists or it was
 * used before. A reused code revokes the session its first use produced
 * (OAuth 2.1 §4.1.3).
 */
export async function claimCode(code: string): Promise<ClaimedCode | null> {
  const hash = tokenHash(code);
  const [claimed] = await withService((tx) => tx<ClaimedCode[]>`
    update public.oauth_authorization_codes set used_at = now()
    where code_hash = ${hash} and used_at is null
    returning client_id, redirect_uri, code_challenge, resource, scope, upstream_refresh_token, expires_at <= now() as expired`);
  if (claimed) return claimed;
  const [replayed] = await withService((tx) => tx<{ session_id: string | null }[]>`
    update public.oauth_authorization_codes set replayed_at = now()
    where code_hash = ${hash}
    returning session_id`);
  if (replayed?.session_id) await revokeSession(replayed.session_id);
  return null;
}

/**
 * Puts a claimed code back when Supabase Auth could not answer its exchange
 * (no token was issued, so the client may retry within the code's lifetime);
 * not once a session exists or a replay was seen.
 */
export async function unclaimCode(code: string): Promise<void> {
  await withService((tx) => tx`
    update public.oauth_authorization_codes set used_at = null
    where code_hash = ${tokenHash(code)} and session_id is null and replayed_at is null`);
}

/** Forgets the upstream token of a code that failed its checks. */
export async function discardCode(code: string): Promise<void> {
  await withService((tx) => tx`
    update public.oauth_authorization_codes set upstream_refresh_token = null where code_hash = ${tokenHash(code)}`);
}

/** What a new or rotated grant hands out besides the access token. */
export interface IssuedRefresh {
  refreshToken: string;
}

/**
 * Records the session a code produced and issues its first refresh token.
 * `sessionId` is the Supabase Auth session (the access token's `session_id` claim).
 * @returns null when the code was replayed during the exchange (the session is then revoked).
 */
export async function startSession(args: {
  code: string;
  sessionId: string;
  userId: string;
  clientId: string;
  resource: string | null;
  upstreamRefreshToken: string;
}): Promise<IssuedRefresh | null> {
  const refreshToken = randomToken();
  const replayedMeanwhile = await withService(async (tx) => {
    await tx`
      insert into public.oauth_sessions (session_id, client_id, resource, user_id)
      values (${args.sessionId}, ${args.clientId}, ${args.resource}, ${args.userId})`;
    const [code] = await tx<{ replayed: boolean }[]>`
      update public.oauth_authorization_codes set session_id = ${args.sessionId}, upstream_refresh_token = null
      where code_hash = ${tokenHash(args.code)}
      returning replayed_at is not null as replayed`;
    await insertRefreshToken(tx, refreshToken, args.sessionId, args.upstreamRefreshToken);
    return code?.replayed ?? false;
  });
  // A replay that arrived while this exchange ran could not revoke a session
  // that did not exist yet: revoke it now, before anything is handed out.
  if (replayedMeanwhile) {
    await revokeSession(args.sessionId);
    return null;
  }
  return { refreshToken };
}

async function insertRefreshToken(tx: Tx, token: string, sessionId: string, upstream: string) {
  await tx`
    insert into public.oauth_refresh_tokens (token_hash, session_id, upstream_refresh_token, expires_at)
    values (${tokenHash(token)}, ${sessionId}, ${upstream}, now() + make_interval(secs => ${refreshTokenTtlSeconds()}))`;
}

/** A refresh token just claimed for rotation, with its session. */
export interface ClaimedRefresh {
  session_id: string;
  client_id: string;
  resource: string | null;
  scope: string | null;
  upstream_refresh_token: string | null;
}

/**
 * Marks a live refresh token used and returns it; null when it is unknown,
 * expired, or its session is revoked. Presenting one already used (a replay
 * after rotation, RFC 9700 §4.14.2) revokes its whole session.
 */
export async function claimRefreshToken(token: string): Promise<ClaimedRefresh | null> {
  const hash = tokenHash(token);
  const [claimed] = await withService((tx) => tx<ClaimedRefresh[]>`
    update public.oauth_refresh_tokens r set used_at = now()
    from public.oauth_sessions s
    where r.token_hash = ${hash} and r.used_at is null and r.expires_at > now()
      and s.session_id = r.session_id and s.revoked_at is null
    returning r.session_id, s.client_id, s.resource, null::text as scope, r.upstream_refresh_token`);
  if (claimed) return claimed;
  const [used] = await withService((tx) => tx<{ session_id: string }[]>`
    select session_id from public.oauth_refresh_tokens where token_hash = ${hash} and used_at is not null`);
  if (used) await revokeSession(used.session_id);
  return null;
}

/** Puts a claimed refresh token back (Supabase Auth could not answer now: not the client's fault). */
export async function unclaimRefreshToken(token: string): Promise<void> {
  await withService((tx) => tx`update public.oauth_refresh_tokens set used_at = null where token_hash = ${tokenHash(token)}`);
}

/** Issues the successor of a claimed refresh token, holding the new upstream token. */
export async function rotateRefreshToken(old: string, sessionId: string, upstreamRefreshToken: string): Promise<IssuedRefresh> {
  const refreshToken = randomToken();
  await withService(async (tx) => {
    await tx`update public.oauth_refresh_tokens set upstream_refresh_token = null where token_hash = ${tokenHash(old)}`;
    await insertRefreshToken(tx, refreshToken, sessionId, upstreamRefreshToken);
  });
  return { refreshToken };
}

/**
 * Revokes a session: its access tokens stop working at once in every function
 * (`private.require_live_session`, checked by each user transaction), every
 * refresh token dies, and the Supabase Auth session is logged out (best effort).
 */
export async function revokeSession(sessionId: string): Promise<void> {
  const upstream = await withService(async (tx) => {
    await tx`update public.oauth_sessions set revoked_at = now() where session_id = ${sessionId} and revoked_at is null`;
    const rows = await tx<{ upstream_refresh_token: string | null }[]>`
      update public.oauth_refresh_tokens r set used_at = coalesce(r.used_at, now()), upstream_refresh_token = null
      from public.oauth_refresh_tokens old
      where r.token_hash = old.token_hash and r.session_id = ${sessionId}
      returning old.upstream_refresh_token`;
    return rows.map((r) => r.upstream_refresh_token).filter((t): t is string => t !== null);
  });
  for (const token of upstream) await endUpstreamSession(token);
}
