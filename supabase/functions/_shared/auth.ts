/**
 * Access-token verification for both kinds of hosted project, with only what
 * hosted Supabase gives a function (`SUPABASE_URL`, the API keys and
 * `SUPABASE_JWKS`; a secret named `SUPABASE_JWT_SECRET` cannot be set there):
 *
 * - asymmetric signing keys (ES256/RS256 with a `kid`): the signature is
 *   checked here against the project's JWKS, from `SUPABASE_JWKS` when the
 *   runtime provides it, else fetched from `<SUPABASE_URL>/auth/v1/.well-known/jwks.json`;
 * - the legacy HS256 secret (the project's JWKS is empty), or a `kid` the JWKS
 *   does not list (e.g. a key rotated in since the JWKS was read): Auth itself
 *   is asked, `GET /auth/v1/user` with the token, which refuses a bad
 *   signature and a logged-out session.
 *
 * This is what supabase-js's `auth.getClaims()` does. It is done here with
 * jose rather than through getClaims because getClaims neither checks `iss`,
 * `aud` nor the algorithm against a list, and does not say which of the two
 * ways vouched for a token, which the cache below depends on.
 *
 * A personal access token for machines (`sks_…`, `skills token create`) is
 * not a JWT: it is looked up in the database on every request
 * (`machine-tokens.ts`) and becomes the claims of its creator plus the
 * `skills_token` claim that limits them.
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { LRUCache } from "lru-cache";
import { env, requireEnv } from "./env.ts";
import { ApiError } from "./errors.ts";
import { isMachineToken, machineTokenClaims } from "./machine-tokens.ts";
import { tokenIssuers } from "./public-url.ts";
import { authClient, temporaryAuthFailure } from "./supabase-auth.ts";

/** The claims of a Supabase access token that we rely on. */
export interface JwtClaims {
  sub: string;
  role: string;
  email?: string;
  aud?: string | string[];
  exp: number;
  session_id?: string;
  [claim: string]: unknown;
}

/** Algorithms of Supabase Auth's asymmetric signing keys. */
const SIGNING_ALGORITHMS = ["ES256", "RS256"];

// An ES256 signature check under Deno costs more than the database work of a
// small request (bench/README.md), and a client sends the same token many times. A
// token whose signature this instance checked is trusted again until its own
// `exp`, as it would be by any signature check: a logout cannot reach one.
// Tokens only Auth can vouch for (HS256) are never cached, so a logout ends
// them at once, as Auth's /user does. Keyed by the whole token, signature
// included, so only the identical bytes hit; bounded, so a flood of distinct
// tokens only evicts.
const verified = new LRUCache<string, JwtClaims>({ max: 1_000 });

/** Raised by the key lookup when the JWKS could not be fetched (Auth down): not the caller's fault. */
class JwksUnavailable extends Error {}

let keys: { source: string; get: JWTVerifyGetKey } | undefined;

/**
 * The project's signing keys: `SUPABASE_JWKS` first, then the JWKS endpoint
 * (jose caches it and refetches at most every 30 s for an unknown `kid`).
 * @throws errors.JWKSNoMatchingKey when neither lists the token's key.
 */
function signingKeys(): JWTVerifyGetKey {
  const supplied = env("SUPABASE_JWKS");
  const url = `${requireEnv("SUPABASE_URL")}/auth/v1/.well-known/jwks.json`;
  const source = `${url}\n${supplied ?? ""}`;
  if (keys?.source === source) return keys.get;
  const local = parseJwks(supplied);
  const remote = createRemoteJWKSet(new URL(url));
  const fetched: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) throw error;
      throw new JwksUnavailable(String(error));
    }
  };
  const get: JWTVerifyGetKey = local
    ? async (header, token) => {
      try {
        return await local(header, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey) return fetched(header, token);
        throw error;
      }
    }
    : fetched;
  keys = { source, get };
  return get;
}

function parseJwks(text: string | undefined): JWTVerifyGetKey | undefined {
  if (!text) return undefined;
  try {
    const jwks = JSON.parse(text) as JSONWebKeySet;
    return Array.isArray(jwks.keys) && jwks.keys.length > 0 ? createLocalJWKSet(jwks) : undefined;
  } catch {
    return undefined;
  }
}

const unauthorized = () => new ApiError("UNAUTHORIZED", "Invalid or expired access token");

/**
 * The claims we require of every user token, however it was verified: not
 * expired, issued by this project's Auth (tokenIssuers), for the
 * `authenticated` audience and role, naming a user, and without the
 * `skills_token` claim, which only a machine token's lookup may set (Supabase
 * Auth never issues it; a custom access-token hook that did would be refused).
 */
function userClaims(payload: JWTPayload): JwtClaims {
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const ok = typeof payload.exp === "number" && payload.exp * 1000 > Date.now() &&
    typeof payload.iss === "string" && tokenIssuers().includes(payload.iss) && audience.includes("authenticated") &&
    payload.role === "authenticated" && typeof payload.sub === "string" && payload.sub !== "" && !("skills_token" in payload);
  if (!ok) throw unauthorized();
  // Frozen: the same object may serve every request that carries this token.
  return Object.freeze(payload) as JwtClaims;
}

/** Checks the signature against the project's keys; null when they do not hold the token's key. */
async function bySignature(token: string): Promise<JwtClaims | null> {
  try {
    const { payload } = await jwtVerify(token, signingKeys(), { algorithms: SIGNING_ALGORITHMS });
    return userClaims(payload);
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) return null;
    if (error instanceof JwksUnavailable) {
      console.error("[auth] JWKS unavailable:", error.message);
      throw new ApiError("UNAVAILABLE", "Signing in is unavailable right now (Supabase Auth did not answer); try again in a minute.");
    }
    throw error instanceof ApiError ? error : unauthorized();
  }
}

/** Asks Auth (`GET /auth/v1/user`) whether the token is good; the claims are checked first, for free. */
async function byAuth(token: string): Promise<JwtClaims> {
  let claims: JwtClaims;
  try {
    claims = userClaims(decodeJwt(token));
  } catch {
    throw unauthorized();
  }
  const { data, error } = await authClient().auth.getUser(token);
  if (error) throw temporaryAuthFailure(error) ?? unauthorized();
  if (data.user?.id !== claims.sub) throw unauthorized();
  return claims;
}

/**
 * Verifies a user's access token: signature (or Auth's word for it), expiry,
 * issuer and audience; or a machine token, by its stored hash.
 * @returns its claims (role `authenticated`, `sub` a user id; for a machine
 *   token also `skills_token`), frozen.
 * @throws ApiError UNAUTHORIZED when the token is missing, invalid, expired or
 *   logged out (where Auth is asked), or a machine token that is unknown,
 *   revoked or expired (naming it); UNAVAILABLE (503) or RATE_LIMITED (429)
 *   when Auth could not answer, which says nothing about the token.
 */
export async function verifyAccessToken(token: string | undefined): Promise<JwtClaims> {
  if (!token) throw new ApiError("UNAUTHORIZED", "Missing bearer token");
  if (isMachineToken(token)) return machineTokenClaims(token);
  const known = verified.get(token);
  if (known && known.exp * 1000 > Date.now()) return known;
  let signed: boolean;
  try {
    const { alg, kid } = decodeProtectedHeader(token);
    signed = typeof alg === "string" && SIGNING_ALGORITHMS.includes(alg) && typeof kid === "string";
  } catch {
    throw unauthorized();
  }
  const claims = signed ? await bySignature(token) : null;
  if (!claims) return byAuth(token);
  verified.set(token, claims);
  return claims;
}

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1];
}
