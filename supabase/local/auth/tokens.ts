/**
 * Access tokens, refresh tokens and API-key checks of the auth emulator
 * (after GoTrue's internal/tokens/service.go).
 */
import { randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { ApiKeyRole, JwtKeys } from "./keys.ts";

/** GoTrue's access-token claims for an email/password session (AccessTokenClaims). */
export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  email: string;
  phone: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  role: string;
  aal: "aal1";
  amr: { method: AuthenticationMethod; timestamp: number }[];
  session_id: string;
  is_anonymous: boolean;
}

/** How a session started: a password grant, or a confirmation link (GoTrue's models.OTP). */
export type AuthenticationMethod = "password" | "otp";

/** What an access token says about its user and session. */
export interface AccessTokenSubject {
  id: string;
  aud: string;
  role: string;
  email: string;
  appMetadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
  isAnonymous: boolean;
  sessionId: string;
  /** When the login that started the session happened (the amr timestamp). */
  authenticatedAt: Date;
  authenticationMethod: AuthenticationMethod;
}

/**
 * Signs an access token with GoTrue's claims and header (`alg`, `kid` unless HS256, `typ`).
 * @param issuer `<SUPABASE_URL>/auth/v1`.
 * @returns the JWT and its expiry (epoch seconds).
 */
export async function signAccessToken(
  keys: JwtKeys,
  issuer: string,
  ttlSeconds: number,
  subject: AccessTokenSubject,
): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor(Date.now() / 1000);
  const expiresAt = iat + ttlSeconds;
  const claims: Omit<AccessTokenClaims, "iss" | "sub" | "aud" | "exp" | "iat"> = {
    email: subject.email,
    phone: "",
    app_metadata: subject.appMetadata,
    user_metadata: subject.userMetadata,
    role: subject.role,
    aal: "aal1",
    amr: [{ method: subject.authenticationMethod, timestamp: Math.floor(subject.authenticatedAt.getTime() / 1000) }],
    session_id: subject.sessionId,
    is_anonymous: subject.isAnonymous,
  };
  const { alg, kid, key } = keys.signing;
  const token = await new SignJWT(claims)
    .setProtectedHeader(kid ? { alg, kid, typ: "JWT" } : { alg, typ: "JWT" })
    .setIssuer(issuer)
    .setSubject(subject.id)
    .setAudience(subject.aud)
    .setIssuedAt(iat)
    .setExpirationTime(expiresAt)
    .sign(key);
  return { token, expiresAt };
}

/**
 * A new opaque refresh token: 32 random bytes, base64url (43 characters).
 * GoTrue's own are 12 characters; longer is strictly harder to guess and its
 * refresh endpoint accepts any length of 12 or more.
 */
export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Verifies a JWT's signature and expiry as GoTrue's parseJWTClaims does (no
 * issuer or audience check): a `kid` names a key of the signing keys file;
 * without one (or with an unknown one) an HS256 token is checked with the JWT
 * secret; anything else is unrecognized.
 * @returns the payload.
 * @throws Error whose message says why (GoTrue appends it to its bad_jwt message).
 */
export async function verifyJwt(keys: JwtKeys, token: string): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const byKid = header.kid ? keys.publicKeys.get(header.kid) : undefined;
        if (byKid && byKid.alg === header.alg) return byKid.key;
        if (header.alg === "HS256") return keys.secret;
        throw new UnrecognizedKey(`unrecognized JWT kid ${header.kid ?? "<nil>"} for algorithm ${header.alg}`);
      },
      { algorithms: ["HS256", "RS256", "ES256"] },
    );
    return payload;
  } catch (error) {
    if (error instanceof UnrecognizedKey) throw new Error(`token is unverifiable: ${error.message}`);
    if (error instanceof errors.JWTExpired) throw new Error("token has invalid claims: token is expired");
    if (error instanceof errors.JOSEError) throw new Error(`token is unverifiable: ${error.code}`);
    throw new Error("token is malformed");
  }
}

class UnrecognizedKey extends Error {}

/**
 * Checks a legacy API key (the `apikey` header) the way Supabase's API
 * gateway does: a JWT signed by our keys whose role is `anon` or `service_role`.
 * @returns the role, or undefined if the key is not valid.
 */
export async function verifyApiKey(keys: JwtKeys, apiKey: string): Promise<ApiKeyRole | undefined> {
  try {
    const { role } = await verifyJwt(keys, apiKey);
    return role === "anon" || role === "service_role" ? role : undefined;
  } catch {
    return undefined;
  }
}
