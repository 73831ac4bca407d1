/**
 * Path and query parameters checked before they reach SQL: a malformed UUID,
 * an over-long query or an unknown cursor is a 400 naming the parameter,
 * never a database error.
 */
import type { Context } from "hono";
import { z } from "zod";
import { decodeCursor, type PageCursor } from "../../_shared/cursor.ts";
import { MAX_PAGE } from "../../_shared/domain/search.ts";
import { ApiError } from "../../_shared/errors.ts";
import { listParam } from "./http.ts";

// Any 8-4-4-4-12 hex string, as Postgres accepts it (z.uuid() would also check the RFC version bits).
const uuid = z.guid();

/**
 * A path parameter that must be a UUID.
 * @throws ApiError VALIDATION_ERROR naming `name` otherwise.
 */
export function uuidParam(c: Context, name: string): string {
  const value = c.req.param(name) ?? "";
  if (!uuid.safeParse(value).success) throw new ApiError("VALIDATION_ERROR", `${name} must be a UUID`);
  return value.toLowerCase();
}

const listItems = (name: string) =>
  z
    .string()
    .max(2000, `${name} must be at most 2000 characters`)
    .transform(listParam)
    .pipe(z.array(z.string().max(50, `each of ${name} must be at most 50 characters`)).max(30, `${name} takes at most 30 values`).nullable());

/** Query parameters shared by skill listings and search. */
const listingQuery = z.object({
  q: z.string().trim().max(200, "q must be at most 200 characters").optional(),
  search: z.string().trim().max(200, "search must be at most 200 characters").optional(),
  tags: listItems("tags").optional(),
  compat: listItems("compat").optional(),
  limit: z.coerce
    .number({ error: "limit must be an integer" })
    .int("limit must be an integer")
    .min(1, "limit must be at least 1")
    .max(MAX_PAGE, `limit must be at most ${MAX_PAGE}`)
    .optional(),
  cursor: z.string().max(500, "cursor must be at most 500 characters").optional(),
});

/** A listing request: filters, page size and where the previous page ended. */
export interface ListingParams {
  search: string | null;
  tags: string[] | null;
  compat: string[] | null;
  limit: number;
  cursor: PageCursor | null;
}

/**
 * Parses `?q|search=&tags=&compat=&limit=&cursor=`.
 * @param textParam which parameter holds the search text (`q` for /search, `search` for lists).
 * @throws ApiError VALIDATION_ERROR naming the parameter.
 */
export function listingParams(c: Context, textParam: "q" | "search"): ListingParams {
  const parsed = listingQuery.safeParse(c.req.query());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError("VALIDATION_ERROR", `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`);
  }
  const query = parsed.data;
  return {
    search: query[textParam] || null,
    tags: query.tags ?? null,
    compat: query.compat ?? null,
    limit: query.limit ?? MAX_PAGE,
    cursor: query.cursor === undefined ? null : decodeCursor(query.cursor),
  };
}
