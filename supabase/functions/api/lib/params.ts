/**
 * Path and query parameters checked before they reach SQL: a malformed UUID,
 * an over-long query or an unknown cursor is a 422 naming the parameter,
 * never a database error.
 */
import type { Context } from "hono";
import * as z from "zod/mini";
import { decodeCursor, type PageCursor } from "../../_shared/cursor.ts";
import { ApiError } from "../../_shared/errors.ts";
import { listingQuery, MAX_PAGE } from "../../_shared/wire/listing.ts";

// Any 8-4-4-4-12 hex string, as Postgres accepts it (z.uuid() would also check the RFC version bits).
const uuid = z.guid();

/**
 * A path parameter that must be a UUID.
 * @throws ApiError VALIDATION_ERROR naming `name` otherwise.
 */
export function uuidParam(c: Context, name: string): string {
  const value = c.req.param(name) ?? "";
  if (!z.safeParse(uuid, value).success) throw new ApiError("VALIDATION_ERROR", `${name} must be a UUID`);
  return value.toLowerCase();
}

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
  const parsed = z.safeParse(listingQuery, c.req.query());
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
