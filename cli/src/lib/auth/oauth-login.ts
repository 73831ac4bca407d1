/**
 * `skills login` in the browser: OAuth 2.1
 * authorization code with PKCE (S256) against the platform's `oauth`
 * function, as the public client `cli`. The code comes back either to a
 * one-shot server on 127.0.0.1 (RFC 8252 loopback redirect) or, with
 * `--no-browser`, pasted from the page that shows it. The callback server is
 * `loopback.ts`; opening the browser and reading the pasted code,
 * `browser.ts`.
 */
import { createHash, randomBytes } from "node:crypto";
import * as z from "zod/mini";
import { authorizationServerMetadata, tokenResponse } from "../../../../supabase/functions/_shared/wire/oauth.ts";
import { parseSchema } from "../terminal/schema-issue.ts";
import { CliError, apiError, retryAfterSeconds } from "../errors.ts";
import { httpRequest } from "../http/transport.ts";
import { openBrowser, readPastedCode } from "./browser.ts";
import { startLoopbackCallback } from "./loopback.ts";

/** The client id the seed registers for the CLI (supabase/seed.sql). */
export const CLI_CLIENT_ID = "cli";

/** The registered redirect of the paste flow: the login page shows the code. */
export const PASTE_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";

/** Tokens the token endpoint hands back; `expires_in` in seconds. */
export type OAuthTokens = z.output<typeof tokenResponse>;

/** Tokens of a browser login and the endpoint that renews them. */
export type BrowserLoginResult = OAuthTokens & { token_endpoint: string };

/** The authorization-server metadata (RFC 8414), whose issuer and endpoints the CLI uses. */
export type AuthorizationServer = z.output<typeof authorizationServerMetadata>;

/** The oauth function beside an API URL: `…/functions/v1/api` → `…/functions/v1/oauth`. */
export function oauthIssuerFor(apiUrl: string): string {
  return apiUrl.replace(/\/api\/?$/, "/oauth");
}

/**
 * Reads the authorization server's metadata.
 * @throws CliError NETWORK when unreachable, BAD_RESPONSE when it is not ours.
 */
export async function discover(issuer: string): Promise<AuthorizationServer> {
  const response = await httpRequest(`${issuer}/.well-known/oauth-authorization-server`, { method: "GET", timeoutMs: 30_000 }).catch((error: unknown) => {
    throw new CliError("NETWORK", `Cannot reach the login server at ${issuer} (${(error as Error).message}).`, { cause: error });
  });
  if (!response.ok) throw new CliError("NETWORK", `Cannot reach the login server at ${issuer} (HTTP ${response.status}).`);
  const parsed = parseSchema(authorizationServerMetadata, response.data);
  if (!parsed.success || parsed.data.issuer !== issuer) {
    throw new CliError("BAD_RESPONSE", `${issuer} does not serve OAuth metadata for itself.`);
  }
  return parsed.data;
}

/** A PKCE verifier and its S256 challenge (RFC 7636), and a random state. */
export function pkce(): { verifier: string; challenge: string; state: string } {
  const verifier = randomBytes(32).toString("base64url");
  return {
    verifier,
    challenge: createHash("sha256").update(verifier).digest("base64url"),
    state: randomBytes(16).toString("base64url"),
  };
}

/** The authorize URL the user opens. */
export function authorizeUrl(server: AuthorizationServer, redirectUri: string, flow: { challenge: string; state: string }): string {
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: CLI_CLIENT_ID,
    redirect_uri: redirectUri,
    state: flow.state,
    code_challenge: flow.challenge,
    code_challenge_method: "S256",
  }).toString();
  return url.href;
}

/**
 * POSTs a grant to the token endpoint (form-encoded): the code exchange
 * here, and the same call with `grant_type=refresh_token` to renew.
 * @throws CliError UNAUTHORIZED when the grant is refused (e.g. a stale code);
 *   RATE_LIMITED (429) or INTERNAL_ERROR (5xx) when the server cannot answer
 *   now, which leaves a stored session as it is.
 */
export async function tokenRequest(tokenEndpoint: string, params: Record<string, string>): Promise<OAuthTokens> {
  const response = await httpRequest(tokenEndpoint, {
    method: "POST",
    body: new URLSearchParams({ client_id: CLI_CLIENT_ID, ...params }),
    timeoutMs: 30_000,
  }).catch((error: unknown) => {
    throw new CliError("NETWORK", `Cannot reach ${tokenEndpoint} (${(error as Error).message}).`, { cause: error });
  });
  const body = response.data as { error?: string; error_description?: string } | undefined;
  if (response.status === 429 || response.status >= 500) {
    throw apiError(response.status, body?.error_description, {}, retryAfterSeconds(response.headers["retry-after"]));
  }
  if (!response.ok) {
    throw new CliError("UNAUTHORIZED", `Login refused: ${body?.error_description ?? body?.error ?? `HTTP ${response.status}`}.`, { status: 401 });
  }
  const parsed = parseSchema(tokenResponse, body);
  if (!parsed.success) throw new CliError("BAD_RESPONSE", `Unexpected response from ${tokenEndpoint}.`);
  return parsed.data;
}

/** How `browserLogin` talks to the user: progress lines go to stderr. */
export interface LoginIo {
  note(line: string): void;
}

/**
 * The whole browser login: discovery, PKCE, the user's visit, the code
 * exchange. `paste` selects the `--no-browser` flow.
 * @returns the tokens for `apiUrl`'s platform and the token endpoint that refreshes them.
 * @throws CliError for a refused login, a timeout, an unreachable server, or busy ports.
 */
export async function browserLogin(apiUrl: string, paste: boolean, io: LoginIo): Promise<BrowserLoginResult> {
  const issuer = oauthIssuerFor(apiUrl);
  const server = await discover(issuer);
  const flow = pkce();
  const { code, redirectUri } = paste ? await pastedCode(server, flow, io) : await loopbackCode(server, flow, issuer, io);
  const tokens = await tokenRequest(server.token_endpoint, {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: flow.verifier,
  });
  return { ...tokens, token_endpoint: server.token_endpoint };
}

/** The code of the `--no-browser` flow: the user opens the URL anywhere and pastes the code the page shows. */
async function pastedCode(server: AuthorizationServer, flow: { challenge: string; state: string }, io: LoginIo): Promise<{ code: string; redirectUri: string }> {
  const redirectUri = PASTE_REDIRECT_URI;
  io.note(`Open this URL in a browser, log in, and paste the code it shows:\n\n  ${authorizeUrl(server, redirectUri, flow)}\n`);
  const code = await readPastedCode("Code: ");
  if (!code) throw new CliError("USAGE", "No code was pasted.");
  return { code, redirectUri };
}

/** The code the browser brings back to a one-shot server on 127.0.0.1. */
async function loopbackCode(
  server: AuthorizationServer,
  flow: { challenge: string; state: string },
  issuer: string,
  io: LoginIo,
): Promise<{ code: string; redirectUri: string }> {
  const callback = await startLoopbackCallback({ state: flow.state, issuer });
  try {
    const url = authorizeUrl(server, callback.redirectUri, flow);
    const opened = openBrowser(url);
    io.note(`${opened ? "Opening your browser to log in. If it does not open, visit" : "Visit this URL to log in"}:\n\n  ${url}\n`);
    return { code: await callback.code, redirectUri: callback.redirectUri };
  } finally {
    callback.close();
  }
}
