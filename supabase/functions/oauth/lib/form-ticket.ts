/**
 * CSRF protection of the login/consent form (RFC 9700 §4.4.1.8
 * login CSRF). GET /authorize sets a random browser-binding cookie and puts a
 * signed ticket in the form: the validated authorization request plus the
 * sha256 of that cookie, expiring after FORM_TTL_SECONDS. POST /authorize
 * accepts only a ticket that verifies and matches the cookie the browser
 * sends back, so another site can neither forge the form nor replay a ticket
 * it obtained for itself into a victim's browser. No server state is kept
 * before login. Signed with jose (HS256) under `OAUTH_FORM_SECRET`, else a
 * key derived from the service-role key every Supabase project has.
 */
import { createHmac } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { jwtVerify, SignJWT } from "jose";
import { env, requireEnv } from "../../_shared/env.ts";
import type { AuthorizeRequest } from "./authorize-request.ts";
import { FORM_TTL_SECONDS, issuer } from "./config.ts";
import { randomToken, tokenHash } from "./secrets.ts";

const COOKIE = "skills_oauth_binding";
const AUDIENCE = "skills-oauth-form";

function key(): Uint8Array {
  const secret = env("OAUTH_FORM_SECRET");
  if (secret) return new TextEncoder().encode(secret);
  return createHmac("sha256", requireEnv("SUPABASE_SERVICE_ROLE_KEY")).update("oauth form tickets v1").digest();
}

/**
 * The browser's binding value: the cookie it already has (so several tabs
 * can log in at once), else a new one set on the response.
 */
export function browserBinding(c: Context): string {
  const existing = getCookie(c, COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const value = randomToken();
  const secure = issuer().startsWith("https:");
  setCookie(c, COOKIE, value, {
    path: new URL(issuer()).pathname,
    httpOnly: true,
    secure,
    // The POST comes from our own page, so Strict costs nothing and keeps the cookie off cross-site requests.
    sameSite: "Strict",
    maxAge: FORM_TTL_SECONDS,
  });
  return value;
}

/** Signs the ticket for a validated request and the browser's binding. */
export function issueTicket(request: AuthorizeRequest, binding: string): Promise<string> {
  return new SignJWT({ req: request, bnd: tokenHash(binding) })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(issuer())
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${FORM_TTL_SECONDS}s`)
    .sign(key());
}

/**
 * The request a posted ticket carries.
 * @returns null when the ticket is missing, forged, expired, or was issued
 *   to another browser (its binding is not this request's cookie).
 */
export async function redeemTicket(c: Context, ticket: string | undefined): Promise<AuthorizeRequest | null> {
  const cookie = getCookie(c, COOKIE);
  if (!ticket || !cookie || ticket.length > 8000) return null;
  try {
    const { payload } = await jwtVerify(ticket, key(), { issuer: issuer(), audience: AUDIENCE, algorithms: ["HS256"] });
    if (payload.bnd !== tokenHash(cookie)) return null;
    return payload.req as AuthorizeRequest;
  } catch {
    return null;
  }
}
