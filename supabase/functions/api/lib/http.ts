/**
 * Request plumbing shared by the api routes: the authenticated-user
 * middleware, body parsing against the wire schemas that turns bad JSON or
 * bad shapes into VALIDATION_ERROR instead of a 500, and answers typed by
 * the wire schema the client parses them with.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod/mini";
import { bearerToken, verifyAccessToken, type JwtClaims } from "../../_shared/auth.ts";
import { ApiError } from "../../_shared/errors.ts";
import { UNSTORABLE_TEXT, unstorableTextPath } from "../../_shared/text.ts";

/** Hono variables set by `requireUser`. */
export type AppEnv = { Variables: { claims: JwtClaims } };

/** Verifies the bearer token and stores its claims; 401 otherwise. */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("claims", await verifyAccessToken(bearerToken(c.req.header("Authorization"))));
  await next();
};

/**
 * Parses the JSON body against a schema.
 * @throws ApiError VALIDATION_ERROR on malformed JSON, text Postgres cannot
 *   store (a NUL, a lone surrogate) in any string or key, or a shape mismatch.
 */
export async function parseBody<S extends z.core.$ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError("VALIDATION_ERROR", "Request body must be valid JSON");
  }
  const at = unstorableTextPath(raw);
  if (at !== null) throw new ApiError("VALIDATION_ERROR", `${at} ${UNSTORABLE_TEXT}`);
  return z.parse(schema, raw);
}

/**
 * A value as `c.json` sends it: JSON.stringify writes a Date as its ISO
 * string, so a Date may stand wherever the wire has a string (the rows of
 * postgres.js carry timestamps as Dates).
 */
export type Sendable<T> = T extends string ? (string extends T ? string | Date : T)
  : T extends readonly (infer U)[] ? Sendable<U>[]
  : T extends object ? { [K in keyof T]: Sendable<T[K]> }
  : T;

/**
 * Answers `body` as JSON. Typed by the wire schema the client parses the
 * answer with (`z.input`: what that parse accepts), so a route whose answer
 * drifts from the schema fails to compile; the body is not parsed again at
 * run time.
 */
export function reply<S extends z.core.$ZodType>(c: Context, _schema: S, body: Sendable<z.input<S>>, status: ContentfulStatusCode = 200): Response {
  return c.json(body as object, status);
}
