/** GET /api/me: who the token belongs to (used by `skills whoami`). */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { callerProfile } from "../../_shared/domain/profiles.ts";
import { requireUser, type AppEnv } from "../lib/http.ts";

export const meRoutes = new Hono<AppEnv>().get("/me", requireUser, async (c) => {
  const claims = c.get("claims");
  const profile = await withUser(claims, (tx) => callerProfile(tx));
  return c.json({
    user: { id: claims.sub, email: claims.email ?? null, username: profile?.username ?? null, display_name: profile?.display_name ?? null },
  });
});
