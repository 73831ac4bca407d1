/**
 * POST /api/auth/register | login | refresh through Supabase Auth
 * (_shared/accounts.ts), each call counted against the caller's own address
 * in Auth's rate limits.
 */
import { Hono, type Context } from "hono";
import { refresh, register, signIn } from "../../_shared/accounts.ts";
import { verifyAccessToken } from "../../_shared/auth.ts";
import { withUser } from "../../_shared/db.ts";
import { callerProfile } from "../../_shared/domain/profiles.ts";
import { ApiError } from "../../_shared/errors.ts";
import { callerAddress } from "../../_shared/supabase-auth.ts";
import { authResponse, loginBody, refreshBody, registerBody, registerResponse, type AuthResponse } from "../../_shared/wire/index.ts";
import { parseBody, reply, type AppEnv } from "../lib/http.ts";
import type { Session } from "@supabase/supabase-js";

/** The session fields the API exposes; `expires_at` in unix seconds. */
function sessionBody(session: Session) {
  return {
    access_token: session.access_token,
    refresh_token: session.refresh_token,
    expires_in: session.expires_in,
    expires_at: session.expires_at ?? Math.floor(Date.now() / 1000) + session.expires_in,
  };
}

/**
 * The `{user, session}` body shared by all three routes.
 * @throws Error (a 500) for a session without an email: every account here signs up and in by email.
 */
async function sessionResponse(session: Session): Promise<AuthResponse> {
  const claims = await verifyAccessToken(session.access_token);
  const profile = await withUser(claims, (tx) => callerProfile(tx));
  const email = claims.email ?? session.user.email;
  if (!email) throw new Error("the session's user has no email");
  return { user: { id: claims.sub, email, username: profile.username }, session: sessionBody(session) };
}

const caller = (c: Context) => callerAddress(c.req.raw.headers);

export const authRoutes = new Hono<AppEnv>()
  .post("/auth/register", async (c) => {
    const body = await parseBody(c, registerBody);
    const session = await register(body, caller(c));
    if (session) return reply(c, registerResponse, await sessionResponse(session), 201);
    // The email must be confirmed first. The user is what the request asked
    // for, never what Auth answered: for an email that already had an account
    // Auth answers a made-up user, and its id or role would tell the two apart.
    return reply(c, registerResponse, { user: { email: body.email, username: body.username }, session: null, confirmation_required: true }, 201);
  })
  .post("/auth/login", async (c) => {
    const body = await parseBody(c, loginBody);
    return reply(c, authResponse, await sessionResponse(await signIn(body.email, body.password, caller(c))));
  })
  .post("/auth/refresh", async (c) => {
    const body = await parseBody(c, refreshBody);
    const session = await refresh(body.refresh_token, caller(c));
    if (!session) throw new ApiError("UNAUTHORIZED", "Session expired or revoked. Log in again");
    return reply(c, authResponse, await sessionResponse(session));
  });
