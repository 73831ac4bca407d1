/** GET /api/me: who the token belongs to (used by `skills whoami`). */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { callerProfile } from "../../_shared/domain/profiles.ts";
import { meResponse } from "../../_shared/wire/index.ts";
import { reply, requireUser, type AppEnv } from "../lib/http.ts";

export const meRoutes = new Hono<AppEnv>().get("/me", requireUser, async (c) => {
  const claims = c.get("claims");
  const profile = await withUser(claims, (tx) => callerProfile(tx));
  // Tokens here are Supabase sessions of email accounts, so they carry the email.
  if (!claims.email) throw new Error("the token has no email");
  return reply(c, meResponse, {
    user: { id: claims.sub, email: claims.email, username: profile.username, display_name: profile.display_name },
  });
});
