/** The audit trail route: a registry's events, newest first, for its admins. */
import { Hono } from "hono";
import { encodeCursor } from "../../_shared/cursor.ts";
import { withUser } from "../../_shared/db.ts";
import { listAudit } from "../../_shared/domain/audit.ts";
import { auditResponse } from "../../_shared/wire/index.ts";
import { reply, requireUser, type AppEnv } from "../lib/http.ts";
import { listingParams } from "../lib/params.ts";

export const auditRoutes = new Hono<AppEnv>()
  .use("/registries/:slug/audit", requireUser)
  .get("/registries/:slug/audit", async (c) => {
    const { limit, cursor } = listingParams(c, "search");
    const page = await withUser(c.get("claims"), (tx) => listAudit(tx, c.req.param("slug"), { limit, cursor }));
    return reply(c, auditResponse, { events: page.events, next_cursor: page.nextCursor && encodeCursor(page.nextCursor) });
  });
