/**
 * Access tokens, refresh tokens and API-key checks of the auth emulator
 * (DESIGN.md "The local stack", auth; GoTrue internal/tokens/service.go).
 */
import { randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import type { ApiKeyRole, SigningKey } from "./keys.ts";

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
  amr: { method: "password"; timestamp: number }[];
  session_id: string;
  is_anonymous: boolean;
}

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
  /** When the password login that started the session happened (the amr timestamp). */
  authenticatedAt: Date;
}

/**
 * Signs an ES256 access token with GoTrue's claims and header (`alg`, `kid`, `typ`).
 * @param issuer `<SUPABASE_URL>/auth/v1`.
 * @returns the JWT and its expiry (epoch seconds).
 */
export async function signAccessToken(
  key: SigningKey,
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
    amr: [{ method: "password", timestamp: Math.floor(subject.authenticatedAt.getTime() / 1000) }],
    session_id: subject.sessionId,
    is_anonymous: subject.isAnonymous,
  };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
    .setIssuer(issuer)
    .setSubject(subject.id)
    .setAudience(subject.aud)
    .setIssuedAt(iat)
    .setExpirationTime(expiresAt)
    .sign(key.privateKey);
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
 * Verifies a JWT's ES256 signature and expiry with our key, as GoTrue's
 * parseJWTClaims does (no issuer or audience check).
 * @returns the payload.
 * @throws Error whose message says why (GoTrue appends it to its bad_jwt message).
 */
export async function verifyJwt(key: SigningKey, token: string): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, { algorithms: ["ES256"] });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new Error("token has invalid claims: token is expired");
    if (error instanceof errors.JOSEError) throw new Error(`token is unverifiable: ${error.code}`);
    throw new Error("token is malformed");
  }
}

/**
 * Checks an API key (the `apikey` header) the way Supabase's API gateway does:
 * a JWT signed by our key whose role is `anon` or `service_role`.
 * @returns the role, or undefined if the key is not valid.
 */
export async function verifyApiKey(key: SigningKey, apiKey: string): Promise<ApiKeyRole | undefined> {
  try {
    const { role } = await verifyJwt(key, apiKey);
    return role === "anon" || role === "service_role" ? role : undefined;
  } catch {
    return undefined;
  }
}
