/**
 * Access-token verification with jose (DESIGN.md "Auth"): ES256/RS256 tokens
 * against the project's JWKS, or HS256 with the legacy JWT secret when
 * `SUPABASE_JWT_SECRET` is configured. One code path, local and hosted.
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
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
  try {
    const key = verificationKey();
    const options = { issuer: `${requireEnv("SUPABASE_URL")}/auth/v1`, audience: "authenticated" };
    const { payload } = key instanceof Uint8Array
      ? await jwtVerify(token, key, options)
      : await jwtVerify(token, key, options);
    if (payload.role !== "authenticated" || typeof payload.sub !== "string") {
      throw new Error("not a user token");
    }
    return payload as JwtClaims;
  } catch {
    throw new ApiError("UNAUTHORIZED", "Invalid or expired access token");
  }
}

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}
