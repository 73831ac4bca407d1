/**
 * Request plumbing shared by the api routes: the authenticated-user
 * middleware and body parsing that turns bad JSON or bad shapes into
 * VALIDATION_ERROR instead of a 500.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { z } from "zod";
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
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError("VALIDATION_ERROR", "Request body must be valid JSON");
  }
  const at = unstorableTextPath(raw);
  if (at !== null) throw new ApiError("VALIDATION_ERROR", `${at} ${UNSTORABLE_TEXT}`);
  return schema.parse(raw);
}

/** A comma-separated query parameter as a list, or null when absent. */
export function listParam(value: string | undefined): string[] | null {
  const items = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : null;
}
