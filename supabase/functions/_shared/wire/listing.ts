/**
 * The query string of skill listings and search,
 * `?q|search=&tags=&compat=&limit=&cursor=`: the api parses it with
 * `listingQuery`, the CLI types the queries it sends with `ListingQuery`.
 */
import * as z from "zod/mini";

/** Largest page a listing returns; the default when no limit is given. */
export const MAX_PAGE = 100;

/** A comma-separated query parameter as a list of its trimmed non-empty items, or null when there are none. */
export function listParam(value: string): string[] | null {
  const items = value.split(",").map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : null;
}

/** `tags` or `compat`: comma-separated labels, each message naming the parameter. */
function listItems(name: string) {
  return z.pipe(
    z.pipe(z.string().check(z.maxLength(2000, `${name} must be at most 2000 characters`)), z.transform(listParam)),
    z.nullable(
      z.array(z.string().check(z.maxLength(50, `each of ${name} must be at most 50 characters`)))
        .check(z.maxLength(30, `${name} takes at most 30 values`)),
    ),
  );
}

/** Search text, trimmed; `q` on /search, `search` on a registry's skill list. */
function searchText(name: string) {
  return z.optional(z.string().check(z.trim(), z.maxLength(200, `${name} must be at most 200 characters`)));
}

/**
 * The query parameters of GET /api/registries/:slug/skills and GET /api/search.
 * Parses to trimmed text, `tags`/`compat` as lists (null when empty), `limit`
 * as an integer 1..MAX_PAGE, and `cursor` still opaque (`_shared/cursor.ts`
 * decodes it); every message names its parameter.
 */
export const listingQuery = z.object({
  q: searchText("q"),
  search: searchText("search"),
  tags: z.optional(listItems("tags")),
  compat: z.optional(listItems("compat")),
  // A query string carries text: `string` is the input type clients send.
  limit: z.optional(
    z.coerce.number<string>({ error: "limit must be an integer" }).check(
      z.int("limit must be an integer"),
      z.gte(1, "limit must be at least 1"),
      z.lte(MAX_PAGE, `limit must be at most ${MAX_PAGE}`),
    ),
  ),
  cursor: z.optional(z.string().check(z.maxLength(500, "cursor must be at most 500 characters"))),
});
/** A listing query as a client sends it: every parameter a string, all optional. */
export type ListingQuery = z.input<typeof listingQuery>;

/**
 * The opaque cursor of a listing's next page (GET /api/registries/:slug/skills, GET /api/search):
 * passed back as `cursor`; null on the last page. Optional so a server from
 * before paginated listings (one page of everything) still reads.
 */
export const nextCursor = z.nullish(z.string());
