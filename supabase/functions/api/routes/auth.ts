/**
 * POST /api/auth/register | login | refresh (spec §3.2) through Supabase Auth.
 */
import { Hono } from "hono";
import { z } from "zod";
import { verifyAccessToken } from "../../_shared/auth.ts";
import { withService, withUser } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { registrySlug } from "../../_shared/types.ts";
import { parseBody, type AppEnv } from "../lib/http.ts";
import { authClient, sessionBody } from "../lib/supabase-auth.ts";
import { RESERVED_SLUGS } from "../lib/reserved.ts";
import type { Session } from "@supabase/supabase-js";

const email = z.string().trim().toLowerCase().email("email must be a valid email address").max(254);
const registerBody = z.object({
  email,
  password: z.string().min(8, "password must be at least 8 characters").max(72),
  username: registrySlug.refine((u) => !RESERVED_SLUGS.has(u), "username is reserved"),
  display_name: z.string().max(100).optional(),
});
const loginBody = z.object({ email, password: z.string().min(1).max(200) });
const refreshBody = z.object({ refresh_token: z.string().min(1).max(512) });

async function usernameTaken(username: string): Promise<boolean> {
  const [row] = await withService((tx) =>
    tx<{ taken: boolean }[]>`
      select exists (select 1 from profiles where username = ${username})
          or exists (select 1 from registries where slug = ${username}) as taken`
  );
  return row?.taken ?? false;
}

/** The `{user, session}` body shared by all three routes. */
async function sessionResponse(session: Session) {
  const claims = await verifyAccessToken(session.access_token);
  const [profile] = await withUser(claims, (tx) =>
    tx<{ username: string }[]>`select username from profiles where id = auth.uid()`
  );
  return {
    user: { id: claims.sub, email: claims.email ?? session.user.email ?? null, username: profile?.username ?? null },
    session: sessionBody(session),
  };
}

export const authRoutes = new Hono<AppEnv>()
  .post("/auth/register", async (c) => {
    const body = await parseBody(c, registerBody);
    if (await usernameTaken(body.username)) {
      throw new ApiError("CONFLICT", `Username '${body.username}' is already taken`);
    }
    const { data, error } = await authClient().auth.signUp({
      email: body.email,
      password: body.password,
      options: { data: { username: body.username, display_name: body.display_name ?? body.username } },
    });
    if (error) {
      if (error.code === "user_already_exists" || error.code === "email_exists") {
        throw new ApiError("CONFLICT", "An account with this email already exists");
      }
      if (error.code === "weak_password" || error.code === "validation_failed" || error.code === "email_address_invalid") {
        throw new ApiError("VALIDATION_ERROR", error.message);
      }
      // The profile trigger failed: most likely a username taken by a racing signup.
      if (await usernameTaken(body.username)) {
        throw new ApiError("CONFLICT", `Username '${body.username}' is already taken`);
      }
      throw error;
    }
    if (!data.session) throw new ApiError("UNAUTHORIZED", "Check your email to confirm the account, then log in");
    return c.json(await sessionResponse(data.session), 201);
  })
  .post("/auth/login", async (c) => {
    const body = await parseBody(c, loginBody);
    const { data, error } = await authClient().auth.signInWithPassword(body);
    if (error || !data.session) throw new ApiError("UNAUTHORIZED", "Invalid email or password");
    return c.json(await sessionResponse(data.session), 200);
  })
  .post("/auth/refresh", async (c) => {
    const body = await parseBody(c, refreshBody);
    const { data, error } = await authClient().auth.refreshSession(body);
    if (error || !data.session) throw new ApiError("UNAUTHORIZED", "Session expired or revoked. Log in again");
    return c.json(await sessionResponse(data.session), 200);
  });
