/**
 * Request parameters of the token and consent endpoints: form-encoded (what
 * OAuth clients send, RFC 6749 §3.2) or JSON (what the README's examples send). Every value
 * must be a single string: OAuth forbids repeating a parameter (RFC 6749 §3.1).
 */
import type { Context } from "hono";
import { OAuthError } from "./oauth-error.ts";

/** Parameter name → its one value. */
export type Params = Record<string, string>;

/**
 * Reads the body's parameters.
 * @throws OAuthError invalid_request for another content type, malformed
 *   JSON, a repeated parameter or a non-string value.
 */
export async function readParams(c: Context): Promise<Params> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  let raw: Record<string, unknown>;
  if (type === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams(await c.req.text());
    raw = {};
    for (const [key, value] of form) {
      if (key in raw) throw new OAuthError("invalid_request", `Parameter '${key}' is repeated`);
      raw[key] = value;
    }
  } else if (type === "application/json") {
    try {
      raw = await c.req.json();
    } catch {
      throw new OAuthError("invalid_request", "The body is not valid JSON");
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw new OAuthError("invalid_request", "The body must be a JSON object");
    }
  } else {
    throw new OAuthError("invalid_request", "Send parameters as application/x-www-form-urlencoded");
  }
  const params: Params = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") throw new OAuthError("invalid_request", `Parameter '${key}' must be a string`);
    params[key] = value;
  }
  return params;
}

/**
 * A required parameter.
 * @throws OAuthError invalid_request naming it when missing or empty.
 */
export function required(params: Params, name: string): string {
  const value = params[name];
  if (!value) throw new OAuthError("invalid_request", `Missing parameter '${name}'`);
  return value;
}
