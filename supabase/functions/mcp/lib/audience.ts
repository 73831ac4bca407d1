/**
 * Audience check (MCP authorization spec 2025-11-25 "Token Audience Binding
 * and Validation", RFC 8707): a token our OAuth server issued for another
 * resource must not be accepted here, or a token meant for one service could
 * be replayed against this one.
 */
import type { JwtClaims } from "../../_shared/auth.ts";
import { ApiError } from "../../_shared/errors.ts";
// Contract with the OAuth issue: the RFC 8707 resource the token's session was issued for.
import { tokenResource } from "../../_shared/oauth-resource.ts";
import { resourceUrl } from "./resource.ts";

/**
 * Accepts a token issued for this server's canonical URL, and a first-party
 * Supabase session (no resource: a password login of this same project, as
 * the CLI or the Inspector uses).
 * @throws ApiError UNAUTHORIZED naming the resource the token was issued for.
 */
export async function assertIssuedForThisServer(claims: JwtClaims): Promise<void> {
  const resource = await tokenResource(claims);
  if (resource !== null && resource.replace(/\/+$/, "") !== resourceUrl()) {
    throw new ApiError("UNAUTHORIZED", `This token was issued for ${resource}, not for this MCP server (${resourceUrl()})`);
  }
}
