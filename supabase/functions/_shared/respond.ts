/**
 * The one place errors become responses: typed ApiErrors map to
 * their status; anything unexpected is logged (no request data) and answered
 * 500 with a generic message.
 */
import type { Context } from "hono";
import { toApiError } from "./errors.ts";

/** Hono `onError` handler producing `{error:{code,message}}`. */
export function errorResponse(error: Error, c: Context): Response {
  const apiError = toApiError(error);
  if (apiError.code === "INTERNAL_ERROR") {
    console.error(`[${c.req.method} ${new URL(c.req.url).pathname}]`, error.name, error.message);
  }
  const headers: Record<string, string> = apiError.retryAfter === undefined ? {} : { "retry-after": String(apiError.retryAfter) };
  return c.json({ error: { ...apiError.details, code: apiError.code, message: apiError.message } }, apiError.status, headers);
}

/** Hono `notFound` handler. */
export function notFoundResponse(c: Context): Response {
  return c.json({ error: { code: "NOT_FOUND", message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404);
}
