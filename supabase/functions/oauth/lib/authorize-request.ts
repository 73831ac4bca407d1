/**
 * Validation of an authorization request (OAuth 2.1 §4.1.1, RFC 7636,
 * RFC 8707) in the order RFC 6749 §4.1.2.1 prescribes: while the client or
 * its redirect URI is in doubt nothing may be redirected (`PageError`); once
 * both are known good, other mistakes go back to the client as a redirect
 * carrying `error` (`RedirectError`).
 */
import { findClient, redirectRegistered, type OAuthClient } from "./clients.ts";
import { resourcePrefix } from "./config.ts";
import { CHALLENGE } from "./secrets.ts";

/** A validated request: everything the code will be bound to. */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state: string | null;
  codeChallenge: string;
  resource: string | null;
  scope: string | null;
}

/** A refusal shown on our own page: the redirect target cannot be trusted. */
export class PageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PageError";
  }
}

/** A refusal sent back to the (verified) redirect URI as `error=…`. */
export class RedirectError extends Error {
  constructor(
    readonly error: "invalid_request" | "unsupported_response_type" | "invalid_target" | "access_denied",
    message: string,
    readonly redirectUri: string,
    readonly state: string | null,
  ) {
    super(message);
    this.name = "RedirectError";
  }
}

const MAX_PARAM = 2000;

function single(query: URLSearchParams, name: string): string | null {
  const values = query.getAll(name);
  if (values.length > 1) return "";
  return values[0] ?? null;
}

/**
 * Checks an authorization request's query.
 * @returns the request and its client.
 * @throws PageError for a missing/unknown client_id or an unregistered
 *   redirect_uri; RedirectError for any other invalid parameter.
 */
export async function validateAuthorizeRequest(query: URLSearchParams): Promise<{ request: AuthorizeRequest; client: OAuthClient }> {
  const clientId = single(query, "client_id");
  if (!clientId || clientId.length > MAX_PARAM) throw new PageError("The application did not identify itself (client_id is missing or invalid).");
  const client = await findClient(clientId);
  if (!client) throw new PageError("This application is not registered with this server.");
  const redirectUri = single(query, "redirect_uri");
  if (!redirectUri || !redirectRegistered(client, redirectUri)) {
    throw new PageError("The redirect address does not match the ones registered for this application.");
  }

  const state = single(query, "state");
  const fail = (error: RedirectError["error"], message: string): never => {
    throw new RedirectError(error, message, redirectUri, state === "" ? null : state);
  };
  for (const name of ["state", "response_type", "code_challenge", "code_challenge_method", "resource", "scope"]) {
    const value = single(query, name);
    if (value === "" && query.has(name)) fail("invalid_request", `Parameter '${name}' is empty or repeated`);
    if (value && value.length > MAX_PARAM) fail("invalid_request", `Parameter '${name}' is too long`);
  }
  if (single(query, "response_type") !== "code") fail("unsupported_response_type", "Only response_type=code is supported");
  const codeChallenge = single(query, "code_challenge");
  if (!codeChallenge) fail("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256");
  if (single(query, "code_challenge_method") !== "S256") fail("invalid_request", "Only code_challenge_method=S256 is supported");
  if (!CHALLENGE.test(codeChallenge!)) fail("invalid_request", "code_challenge must be 43 base64url characters");
  const resource = single(query, "resource");
  if (resource !== null && !validResource(resource)) {
    fail("invalid_target", "resource must be an absolute URL of this platform's functions, without fragment");
  }
  return {
    client,
    request: { clientId: client.id, redirectUri, state, codeChallenge: codeChallenge!, resource, scope: single(query, "scope") },
  };
}

/** RFC 8707 §2: an absolute URI without fragment; we only serve our own functions. */
export function validResource(resource: string): boolean {
  try {
    const url = new URL(resource);
    return !url.hash && !resource.includes("#") && url.href.startsWith(resourcePrefix());
  } catch {
    return false;
  }
}

/**
 * The client's redirect URI with the response parameters added (RFC 9207 `iss` included).
 */
export function redirectWith(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.append(key, value);
  return url.href;
}
