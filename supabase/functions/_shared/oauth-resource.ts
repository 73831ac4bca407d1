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

// A session's resource is recorded once, by the grant that issues its first
// token (before any client holds one), and never changes; a revoked session
// already reads as null, which this server treats like a first-party session.
// Remembering it saves every MCP call a transaction of its own (~1 ms).
const known = new LRUCache<string, { resource: string | null }>({ max: 1_000 });

/**
 * The resource the token's session was issued for.
 * @param claims verified claims (`verifyAccessToken`); read as that user, so
 *   only the caller's own `session_id` row can be seen.
 * @returns the resource URL, or null when the session did not come from an
 *   OAuth grant that named one (e.g. a CLI password login) or was revoked.
 */
export async function tokenResource(claims: JwtClaims): Promise<string | null> {
  if (typeof claims.session_id !== "string") return null;
  const hit = known.get(claims.session_id);
  if (hit) return hit.resource;
  const [row] = await withUser(claims, (tx) =>
    tx<{ resource: string | null }[]>`select private.oauth_session_resource() as resource`
  );
  const resource = row?.resource ?? null;
  known.set(claims.session_id, { resource });
  return resource;
}
