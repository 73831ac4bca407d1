/**
 * The bearer-token gate of the MCP endpoint (MCP authorization spec
 * 2025-11-25 "Access Token Usage"): a token must verify (signature, expiry,
 * issuer, audience: `_shared/auth.ts`) and must not have been issued for
 * another resource. Anything else is a 401 whose `WWW-Authenticate` header
 * sends the client to our protected-resource metadata to start OAuth.
 */
import type { MiddlewareHandler } from "hono";
import { bearerToken, verifyAccessToken, type JwtClaims } from "../../_shared/auth.ts";
import { toApiError } from "../../_shared/errors.ts";
import { assertIssuedForThisServer } from "./audience.ts";
import { wwwAuthenticate } from "./resource.ts";

/** Hono variables of the mcp app. */
export type McpEnv = { Variables: { claims: JwtClaims } };

/** Verifies the caller and stores their claims; answers 401 with the discovery header otherwise. */
export const requireMcpUser: MiddlewareHandler<McpEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("Authorization"));
  try {
    const claims = await verifyAccessToken(token);
    await assertIssuedForThisServer(claims);
    c.set("claims", claims);
  } catch (error) {
    // A revoked grant surfaces as the database's refusal (PT401), not as an ApiError.
    const refusal = toApiError(error);
    if (refusal.code !== "UNAUTHORIZED") throw error;
    c.header("WWW-Authenticate", wwwAuthenticate(token !== undefined, token ? refusal.message : undefined));
    return c.json({ error: { code: refusal.code, message: refusal.message } }, 401);
  }
  await next();
};
