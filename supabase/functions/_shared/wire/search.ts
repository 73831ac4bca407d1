/** Wire shapes of GET /api/search?q=&tags=&compat=&limit=&cursor=: ranked full-text search over every readable registry. */
import * as z from "zod/mini";
import { skillFields } from "./common.ts";
import { nextCursor } from "./listing.ts";

/** One hit of GET /api/search, with its latest version (null before the first publish). */
export const searchResult = z.object({
  registry: z.string(),
  ...skillFields,
  version: z.nullable(z.string()),
});
/** A search hit. */
export type SearchResult = z.output<typeof searchResult>;

/** GET /api/search response: one page, best match first, `next_cursor` for the next. */
export const searchResponse = z.object({ results: z.array(searchResult), next_cursor: nextCursor });
