/**
 * Text Postgres can store, checked where input enters each function (the URL,
 * the body, credentials) so that no route meets it in SQL: Postgres refuses a
 * NUL in `text` and `jsonb` (SQLSTATE 22021/22P05, which would surface as a
 * 500), and a lone UTF-16 surrogate has no UTF-8 form (the driver would store
 * U+FFFD in its place, silently changing what the client sent).
 */
import type { MiddlewareHandler } from "hono";

// With the `u` flag a well-formed surrogate pair is one code point, so \p{Cs} matches only lone halves.
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/** What a refusal says, after naming where the text was. */
export const UNSTORABLE_TEXT = "must not contain NUL characters or unpaired UTF-16 surrogates";

/** True when Postgres can store `value` as text unchanged. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * Where the first string Postgres cannot store sits in a parsed JSON value
 * (an object key counts too), e.g. `skills.2.slug`; `body` for the value
 * itself; null when there is none.
 */
export function unstorableTextPath(value: unknown, path = ""): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path || "body";
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableTextPath(value[i], path ? `${path}.${i}` : String(i));
      if (found !== null) return found;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (!isStorableText(key)) return at;
      const found = unstorableTextPath(item, at);
      if (found !== null) return found;
    }
  }
  return null;
}

/** `decodeURIComponent`, or the raw text when it is not valid percent-encoded UTF-8 (as Hono's router keeps it). */
function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Which part of a request URL, once decoded as the router decodes it, holds
 * text Postgres cannot store: `path`, `query parameter <name>`, or null.
 */
export function unstorableUrlPart(url: string): string | null {
  const { pathname, searchParams } = new URL(url);
  if (pathname.split("/").some((segment) => !isStorableText(decodeLoosely(segment)))) return "path";
  for (const [key, value] of searchParams) {
    if (!isStorableText(key) || !isStorableText(value)) return `query parameter ${isStorableText(key) ? key : "name"}`;
  }
  return null;
}

/**
 * Middleware refusing a request whose URL holds text Postgres cannot store,
 * with the error `refuse` makes from the part's name (each function's own validation error).
 */
export function refuseUnstorableUrl(refuse: (message: string) => Error): MiddlewareHandler {
  return async (c, next) => {
    const part = unstorableUrlPart(c.req.url);
    if (part !== null) throw refuse(`The ${part} ${UNSTORABLE_TEXT}`);
    await next();
  };
}

/**
 * Middleware refusing a request whose body holds text Postgres cannot store:
 * a form field (name or value, decoded), a JSON string or key, or the raw
 * text of any other body. For small bodies only: it reads the whole body
 * (Hono keeps it for the route, which reads it again in any form).
 */
export function refuseUnstorableBody(refuse: (message: string) => Error): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const text = await c.req.text();
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    let where: string | null = null;
    if (type === "application/x-www-form-urlencoded") {
      for (const [key, value] of new URLSearchParams(text)) {
        if (!isStorableText(key) || !isStorableText(value)) {
          where = `form field ${isStorableText(key) ? key : "name"}`;
          break;
        }
      }
    } else if (type === "application/json") {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Malformed JSON is the route's to refuse, in its own words.
      }
      const at = unstorableTextPath(parsed);
      where = at === null ? null : at === "body" ? "body" : `field ${at}`;
    } else if (!isStorableText(text)) {
      where = "body";
    }
    if (where !== null) throw refuse(`The ${where} ${UNSTORABLE_TEXT}`);
    await next();
  };
}
