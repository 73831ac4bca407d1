/**
 * The endpoints that act on a signed-in user: `GET /user` and `POST /logout`
 * (internal/api/auth.go requireAuthentication, user.go, logout.go).
 */
import { AuthError } from "./errors.ts";
import type { AuthContext } from "./context.ts";
import { userJson, type UserJson } from "./shapes.ts";
import * as store from "./store.ts";
import { verifyJwt } from "./tokens.ts";

/** The scopes `POST /logout?scope=` accepts. */
export type LogoutScope = "global" | "local" | "others";

/** Who a bearer token speaks for. */
export interface Authenticated {
  user: store.UserRow;
  /** Absent when the token carries no session_id claim. */
  sessionId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * Resolves the `Authorization: Bearer` access token to its user and live session.
 * @throws AuthError 401 no_authorization (no bearer), 403 bad_jwt (bad signature,
 *   expired, bad claims), 403 user_not_found, 403 session_not_found (logged out).
 */
export async function authenticate(ctx: AuthContext, authorization: string | null): Promise<Authenticated> {
  const bearer = /^bearer (\S+)$/i.exec(authorization ?? "")?.[1];
  if (!bearer) throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");

  let claims;
  try {
    claims = await verifyJwt(ctx.keys, bearer);
  } catch (error) {
    throw new AuthError(403, "bad_jwt", `invalid JWT: unable to parse or verify signature, ${(error as Error).message}`);
  }
  const sub = claims.sub ?? "";
  if (sub === "") throw new AuthError(403, "bad_jwt", "invalid claim: missing sub claim");
  if (!UUID.test(sub)) throw new AuthError(400, "bad_jwt", "invalid claim: sub claim must be a UUID");
  const sessionClaim = typeof claims.session_id === "string" ? claims.session_id : "";
  const sessionId = sessionClaim && sessionClaim !== NIL_UUID ? sessionClaim : undefined;
  if (sessionId && !UUID.test(sessionId)) {
    throw new AuthError(403, "bad_jwt", "invalid claim: session_id claim must be a UUID");
  }

  return ctx.sql.begin(async (tx) => {
    const user = await store.findUserById(tx, sub);
    if (!user) throw new AuthError(403, "user_not_found", "User from sub claim in JWT does not exist");
    if (sessionId && !(await store.findSession(tx, sessionId))) {
      throw new AuthError(403, "session_not_found", "Session from session_id claim in JWT does not exist");
    }
    return sessionId ? { user, sessionId } : { user };
  });
}

/** `GET /user`: the bearer's user object. Errors as for authenticate. */
export async function getUser(ctx: AuthContext, authorization: string | null): Promise<UserJson> {
  const { user } = await authenticate(ctx, authorization);
  return userJson(user);
}

/**
 * `POST /logout?scope=global|local|others` (default global): deletes the
 * sessions in scope, which revokes their refresh tokens; their access tokens
 * then fail with session_not_found.
 * @throws AuthError as authenticate; 400 validation_failed for an unknown scope.
 */
export async function logout(ctx: AuthContext, authorization: string | null, scope: string | null): Promise<void> {
  const { user, sessionId } = await authenticate(ctx, authorization);
  const chosen = scope === null || scope === "" ? "global" : scope;
  if (chosen !== "global" && chosen !== "local" && chosen !== "others") {
    throw new AuthError(400, "validation_failed", `Unsupported logout scope "${chosen}"`);
  }
  await ctx.sql.begin((tx) => store.deleteSessions(tx, user.id, chosen, sessionId));
}
