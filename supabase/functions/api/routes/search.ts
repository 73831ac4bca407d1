/**
 * GET /api/search?q=&tags=&compat=&limit=&cursor=: ranked full-text search
 * over every registry the caller can read, one page at a time; `next_cursor`
 * fetches the next page and is null on the last.
 */
import { Hono } from "hono";
import { encodeCursor } from "../../_shared/cursor.ts";
import { withUser } from "../../_shared/db.ts";
import { listSkillsPage } from "../../_shared/domain/search.ts";
import { searchResponse } from "../../_shared/wire/index.ts";
import { reply, requireUser, type AppEnv } from "../lib/http.ts";
import { listingParams } from "../lib/params.ts";

export const searchRoutes = new Hono<AppEnv>().get("/search", requireUser, async (c) => {
  const params = listingParams(c, "q");
  const page = await withUser(c.get("claims"), (tx) => listSkillsPage(tx, null, params));
  return reply(c, searchResponse, {
    results: page.rows.map(({ created_by: _c, updated_at: _u, ...row }) => row),
    next_cursor: page.nextCursor && encodeCursor(page.nextCursor),
  });
});
