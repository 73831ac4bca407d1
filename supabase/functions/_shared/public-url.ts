/**
 * The address clients use to reach this project, as opposed to the one a
 * function uses to call Auth: `SKILLS_PUBLIC_URL`, by default `SUPABASE_URL`.
 *
 * They differ under the Supabase CLI's `supabase start`, where a function sees
 * `SUPABASE_URL=http://kong:8000` while browsers, the CLI and GoTrue's token
 * issuer use `http://127.0.0.1:54321`, and with a custom domain. Everything a
 * client compares or follows derives from this one value, so every metadata
 * document names the same issuer and resource: the OAuth issuer and
 * endpoints, the MCP resource and its authorization server. Access tokens may
 * name either URL as issuer (tokenIssuers). Calls to Auth (tokens, `/user`,
 * the JWKS) keep going to `SUPABASE_URL`.
 */
import { env, requireEnv } from "./env.ts";

/**
 * The public base URL, without a trailing slash, e.g. `https://<ref>.supabase.co`.
 * @throws Error when neither SKILLS_PUBLIC_URL nor SUPABASE_URL is set (a deployment mistake).
 */
export function publicUrl(): string {
  return (env("SKILLS_PUBLIC_URL") ?? requireEnv("SUPABASE_URL")).replace(/\/+$/, "");
}

/** The project's Auth at its public URL, `<public URL>/auth/v1` (also where clients find its JWKS). */
export function authIssuer(): string {
  return `${publicUrl()}/auth/v1`;
}

/**
 * The `iss` values this project's access tokens carry. GoTrue's issuer is
 * its external URL: under `supabase start` that is the public URL, not the
 * functions' SUPABASE_URL; hosted Auth keeps `https://<ref>.supabase.co/auth/v1`,
 * the functions' SUPABASE_URL, even once a custom domain is active. Both name
 * this one project's Auth.
 */
export function tokenIssuers(): string[] {
  return [authIssuer(), `${requireEnv("SUPABASE_URL").replace(/\/+$/, "")}/auth/v1`];
}

/** The public URL of one of our Edge Functions, e.g. `functionUrl("mcp")` = `<public URL>/functions/v1/mcp`. */
export function functionUrl(name: string): string {
  return `${publicUrl()}/functions/v1/${name}`;
}
