/** GET /api/search?q=&tags=&compat= across every registry the caller can read (spec §3.2). */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { listParam, requireUser, type AppEnv } from "../lib/http.ts";
import { listSkills } from "../lib/skill-view.ts";

export const searchRoutes = new Hono<AppEnv>().get("/search", requireUser, async (c) => {
  const rows = await withUser(c.get("claims"), (tx) =>
    listSkills(tx, null, {
      search: c.req.query("q")?.trim() || null,
      tags: listParam(c.req.query("tags")),
      compat: listParam(c.req.query("compat")),
    })
  );
  const results = rows.map(({ created_by: _c, updated_at: _u, ...row }) => row);
  return c.json({ results });
});
