/**
 * Which resource (RFC 8707) an access token was issued for, so the MCP
 * server can refuse tokens meant for someone else (MCP authorization
 * 2025-11-25, "Token Audience Binding and Validation"). Our access tokens
 * are Supabase Auth session tokens; the `oauth` function records the
 * resource of each grant's session in `public.oauth_sessions`.
 */
import { LRUCache } from "lru-cache";
import type { JwtClaims } from "./auth.ts";
import { withUser } from "./db.ts";
import { ApiError } from "./errors.ts";

// A session's resource is recorded once, by the grant that issues its first
// token (before any client holds one), and never changes, so it is
// remembered rather than read in a transaction of its own on every MCP call.
// Revocation is not remembered here: the lookup below, and every transaction
// a tool runs, refuse a revoked grant's session (withUser), so a revoked
// grant never reads as a first-party login.
const known = new LRUCache<string, { resource: string | null }>({ max: 1_000 });

/**
 * The resource the token's session was issued for.
 * @param claims verified claims (`verifyAccessToken`); read as that user, so
 *   only the caller's own `session_id` row can be seen.
 * @returns the resource URL, or null when the session did not come from an
 *   OAuth grant that named one (a first-party login, e.g. the CLI's password login).
 * @throws ApiError UNAUTHORIZED when the token names no session (Supabase Auth
 *   always sets one, so its grant cannot be known) or its grant was revoked.
 */
export async function tokenResource(claims: JwtClaims): Promise<string | null> {
  if (typeof claims.session_id !== "string" || claims.session_id === "") {
    throw new ApiError("UNAUTHORIZED", "This token names no session; sign in again");
  }
  const hit = known.get(claims.session_id);
  if (hit) return hit.resource;
  const [row] = await withUser(claims, (tx) =>
    tx<{ resource: string | null }[]>`select private.oauth_session_resource() as resource`
  );
  const resource = row?.resource ?? null;
  known.set(claims.session_id, { resource });
  return resource;
}
