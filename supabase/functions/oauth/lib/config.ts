/**
 * Settings of the authorization server, read from the environment so the same
 * code runs locally and hosted.
 */
import { env, intEnv } from "../../_shared/env.ts";
import { functionUrl, publicUrl } from "../../_shared/public-url.ts";

/** How long an authorization code lives: 10 minutes (OAuth 2.1 §4.1.2 recommends short). */
export const CODE_TTL_SECONDS = 600;

/** How long a signed login form stays usable: 30 minutes. */
export const FORM_TTL_SECONDS = 1800;

/**
 * The issuer, `<public URL>/functions/v1/oauth` (public-url.ts). Every
 * endpoint URL and the `iss` of RFC 9207 derive from it.
 */
export function issuer(): string {
  return functionUrl("oauth");
}

/**
 * Resources (RFC 8707) we issue tokens for: our own Edge Functions, i.e.
 * absolute URLs under `<public URL>/functions/v1/`.
 */
export function resourcePrefix(): string {
  return `${publicUrl()}/functions/v1/`;
}

/** Lifetime of our refresh tokens in seconds (`OAUTH_REFRESH_TOKEN_TTL_SECONDS`, default 30 days). */
export function refreshTokenTtlSeconds(): number {
  return intEnv("OAUTH_REFRESH_TOKEN_TTL_SECONDS", 30 * 24 * 3600);
}

/**
 * Redirect-URI patterns a dynamically registered client may use
 * (`OAUTH_REDIRECT_ALLOWLIST`, comma-separated; see redirect-patterns.ts for
 * the syntax). The default admits Claude's and ChatGPT's callbacks and
 * loopback callbacks of native clients (RFC 8252 §7.3).
 */
export function redirectAllowList(): string[] {
  const configured = env("OAUTH_REDIRECT_ALLOWLIST");
  if (configured) return configured.split(",").map((p) => p.trim()).filter(Boolean);
  return [
    "https://claude.ai/api/mcp/auth_callback",
    "https://claude.com/api/mcp/auth_callback",
    "https://chatgpt.com/connector_platform_oauth_redirect",
    "https://chatgpt.com/connector/oauth/*",
    "http://127.0.0.1:*/**",
    "http://localhost:*/**",
  ];
}
