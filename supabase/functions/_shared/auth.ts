/**
 * Access-token verification with jose (DESIGN.md "Auth"): ES256/RS256 tokens
 * against the project's JWKS, or HS256 with the legacy JWT secret when
 * `SUPABASE_JWT_SECRET` is configured. One code path, local and hosted.
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { LRUCache } from "lru-cache";
import { ApiError } from "./errors.ts";
import { env, requireEnv } from "./env.ts";

/** The claims of a Supabase access token that we rely on. */
export interface JwtClaims {
  sub: string;
  role: string;
  email?: string;
  aud?: string | string[];
  exp?: number;
  session_id?: string;
  [claim: string]: unknown;
}

let jwks: JWTVerifyGetKey | undefined;

// An ES256 signature check costs ~0.5 ms under Deno, more than the database
// work of a small request, and a client sends the same token many times. A
// token verified by this instance is trusted again until its own `exp`. Keyed
// by the whole token, signature included, so only the identical bytes hit;
// bounded, so a flood of distinct tokens only evicts.
const verified = new LRUCache<string, JwtClaims>({ max: 1_000 });

function verificationKey(): JWTVerifyGetKey | Uint8Array {
  const secret = env("SUPABASE_JWT_SECRET");
  if (secret) return new TextEncoder().encode(secret);
  jwks ??= createRemoteJWKSet(new URL(`${requireEnv("SUPABASE_URL")}/auth/v1/.well-known/jwks.json`));
  return jwks;
}

/**
 * Verifies signature, expiry, issuer and audience of a user's access token.
 * @returns its claims (role `authenticated`, `sub` a user id).
 * @throws ApiError UNAUTHORIZED when the token is missing, invalid or expired.
 */
export async function verifyAccessToken(token: string | undefined): Promise<JwtClaims> {
  if (!token) throw new ApiError("UNAUTHORIZED", "Missing bearer token");
  const known = verified.get(token);
  if (known && typeof known.exp === "number" && known.exp * 1000 > Date.now()) return known;
  try {
    const key = verificationKey();
    const options = { issuer: `${requireEnv("SUPABASE_URL")}/auth/v1`, audience: "authenticated" };
    const { payload } = key instanceof Uint8Array
      ? await jwtVerify(token, key, options)
      : await jwtVerify(token, key, options);
    if (payload.role !== "authenticated" || typeof payload.sub !== "string") {
      throw new Error("not a user token");
    }
    // Frozen: the same object now serves every request that carries this token.
    const claims = Object.freeze(payload) as JwtClaims;
    // A token without `exp` is verified each time rather than trusted forever.
    if (typeof claims.exp === "number") verified.set(token, claims);
    return claims;
  } catch {
    throw new ApiError("UNAUTHORIZED", "Invalid or expired access token");
  }
}

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}
