/**
 * POST /api/sync: many skills resolved at once to a version, digest and
 * manifest, no bytes (`_shared/domain/sync.ts`).
 */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { syncSkills } from "../../_shared/domain/sync.ts";
import { syncRequest, syncResponse } from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";

export const syncRoutes = new Hono<AppEnv>().post("/sync", requireUser, async (c) => {
  const body = await parseBody(c, syncRequest);
  const result = await withUser(c.get("claims"), (tx) => syncSkills(tx, body.skills));
  return reply(c, syncResponse, result);
});
