/**
 * Test helpers for the `oauth` function: its URLs on a platform, and the
 * login form driven over plain HTTP (a cookie and a form post, as a browser
 * would send them) for the tests that are not about the browser itself.
 */
import { createHash, randomBytes } from "node:crypto";

/** The oauth function's issuer on a platform. */
export function oauthIssuer(platformUrl: string): string {
  return `${platformUrl}/functions/v1/oauth`;
}

/** A PKCE pair (S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** The authorize URL for some parameters (all query strings, as given). */
export function authorizeUrl(platformUrl: string, params: Record<string, string>): string {
  return `${oauthIssuer(platformUrl)}/authorize?${new URLSearchParams(params)}`;
}

/** What GET /authorize answered: status, headers, body, and the form's ticket and cookie when it served the page. */
export interface AuthorizePage {
  status: number;
  headers: Headers;
  body: string;
  ticket?: string;
  cookie?: string;
}

/** GET /authorize without following redirects. */
export async function openAuthorize(url: string, cookie?: string): Promise<AuthorizePage> {
  const res = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const body = await res.text();
  const ticket = /name="ticket" value="([^"]+)"/.exec(body)?.[1];
  const setCookie = res.headers.get("set-cookie");
  return { status: res.status, headers: res.headers, body, ticket, cookie: setCookie?.split(";")[0] ?? cookie };
}

/** POSTs the login form (urlencoded) with the page's cookie; never follows the redirect. */
export function postLogin(platformUrl: string, page: { ticket?: string; cookie?: string }, fields: Record<string, string>) {
  const form = new URLSearchParams({ ...(page.ticket ? { ticket: page.ticket } : {}), ...fields });
  return fetch(`${oauthIssuer(platformUrl)}/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(page.cookie ? { cookie: page.cookie } : {}) },
    body: form,
  });
}

/**
 * Opens the authorize URL and logs in (or registers) through the form.
 * @returns the redirect's Location (the client's redirect URI with code, state and iss).
 * @throws when the page or the login does not answer as expected.
 */
export async function authorizeAs(platformUrl: string, url: string, fields: Record<string, string>): Promise<URL> {
  const page = await openAuthorize(url);
  if (page.status !== 200 || !page.ticket) throw new Error(`authorize page: HTTP ${page.status} ${page.body.slice(0, 300)}`);
  const res = await postLogin(platformUrl, page, fields);
  const location = res.headers.get("location");
  if (res.status !== 303 || !location) throw new Error(`login: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return new URL(location);
}

/** POST /oauth/token, form-encoded; returns status and JSON body. */
export async function tokenRequest(platformUrl: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${oauthIssuer(platformUrl)}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text for the assertion message
  }
  return { status: res.status, body, headers: res.headers };
}
