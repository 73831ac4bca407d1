/**
 * The endpoints that hand out sessions: signup (internal/api/signup.go) and the
 * password and refresh-token grants (api/token.go, tokens/service.go), with
 * GoTrue's validation order, messages and error codes. Autoconfirm is on, as in
 * the Supabase CLI's local config; email is the only provider.
 */
import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import type postgres from "postgres";
import { AuthError, unexpectedFailure } from "./errors.ts";
import type { SigningKey } from "./keys.ts";
import { objectParam, stringParam, type Params } from "./params.ts";
import { sessionJson, type SessionJson } from "./shapes.ts";
import * as store from "./store.ts";
import { signAccessToken } from "./tokens.ts";

/** What the endpoints need: the database, the token settings and the key. */
export interface AuthContext {
  sql: postgres.Sql;
  issuer: string;
  key: SigningKey;
  accessTokenTtlSeconds: number;
  refreshTokenReuseIntervalSeconds: number;
}

const MIN_PASSWORD_BYTES = 6;
const MAX_PASSWORD_BYTES = 72; // bcrypt's limit
// badoux/checkmail's format check, which GoTrue's validateEmail uses.
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const invalidCredentials = () => new AuthError(400, "invalid_credentials", "Invalid login credentials");

/**
 * `POST /signup` {email, password, data?}: creates a confirmed user and signs it in.
 * @throws AuthError 400 validation_failed / phone_provider_disabled, 422 weak_password,
 *   422 user_already_exists, 500 "Database error saving new user" (e.g. a trigger failed).
 */
export async function signup(ctx: AuthContext, params: Params): Promise<SessionJson> {
  const email = stringParam(params, "email");
  const phone = stringParam(params, "phone");
  const password = stringParam(params, "password");
  const data = objectParam(params, "data");

  if (password === "") throw new AuthError(400, "validation_failed", "Signup requires a valid password");
  checkPasswordStrength(password);
  if (email && phone) {
    throw new AuthError(400, "validation_failed", "Only an email address or phone number should be provided on signup.");
  }
  if (phone) throw new AuthError(400, "phone_provider_disabled", "Phone signups are disabled");
  if (!email) throw new AuthError(400, "validation_failed", "Sign up only available with email provider");
  const normalized = validateEmail(email);

  if (await ctx.sql.begin((tx) => store.findUserByEmail(tx, normalized))) {
    throw new AuthError(422, "user_already_exists", "User already registered");
  }
  // Hash outside any transaction, as GoTrue does: it is slow and would hold the database.
  const passwordHash = await bcrypt.hash(password, 10);
  const id = randomUUID();
  return ctx.sql.begin(async (tx) => {
    let user: store.UserRow;
    try {
      user = await store.insertUser(tx, {
        id,
        email: normalized,
        passwordHash,
        appMetadata: { provider: "email", providers: ["email"] },
        // GoTrue stores the identity's claims over the caller's data, then confirms.
        userMetadata: { ...data, sub: id, email: normalized, email_verified: true, phone_verified: false },
      });
    } catch (error) {
      throw unexpectedFailure("Database error saving new user", error);
    }
    return startSession(ctx, tx, user);
  });
}

/**
 * `POST /token?grant_type=password` {email, password}.
 * @throws AuthError 400 invalid_credentials / email_not_confirmed / validation_failed,
 *   422 phone_provider_disabled.
 */
export async function passwordGrant(ctx: AuthContext, params: Params): Promise<SessionJson> {
  const email = stringParam(params, "email");
  const phone = stringParam(params, "phone");
  const password = stringParam(params, "password");
  if (email && phone) {
    throw new AuthError(400, "validation_failed", "Only an email address or phone number should be provided on login.");
  }
  if (phone) throw new AuthError(422, "phone_provider_disabled", "Phone logins are disabled");
  if (!email) throw new AuthError(400, "validation_failed", "missing email or phone");

  const user = await ctx.sql.begin((tx) => store.findUserByEmail(tx, email));
  if (!user?.encrypted_password) throw invalidCredentials();
  if (!(await bcrypt.compare(password, user.encrypted_password))) throw invalidCredentials();
  if (!user.email_confirmed_at) throw new AuthError(400, "email_not_confirmed", "Email not confirmed");
  return ctx.sql.begin((tx) => startSession(ctx, tx, user));
}

/**
 * `POST /token?grant_type=refresh_token` {refresh_token}: rotates the token.
 * Replaying the token just rotated returns the current one (GoTrue's allowance
 * for a client that lost the response); replaying an older one within the
 * reuse interval forks a new child; past it, the whole session's tokens are revoked.
 * @throws AuthError 400 validation_failed / refresh_token_not_found / refresh_token_already_used.
 */
export async function refreshTokenGrant(ctx: AuthContext, params: Params): Promise<SessionJson> {
  const presented = stringParam(params, "refresh_token");
  if (presented.length < 12) throw new AuthError(400, "validation_failed", "Refresh token is not valid");

  // The family revocation must commit even though the request fails: return the error, don't throw it.
  const result = await ctx.sql.begin(async (tx): Promise<SessionJson | AuthError> => {
    const token = await store.lockRefreshToken(tx, presented);
    if (!token) {
      return new AuthError(400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
    }
    let issued: string | undefined;
    if (token.revoked) {
      const active = await store.activeRefreshToken(tx, token.session_id);
      if (active && active.parent === token.token) {
        issued = active.token;
      } else if (token.age_seconds > ctx.refreshTokenReuseIntervalSeconds) {
        await store.revokeTokenFamily(tx, token.session_id);
        return new AuthError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
      }
    }
    let user: store.UserRow | undefined;
    if (issued === undefined) {
      issued = await store.swapRefreshToken(tx, token);
      user = await store.touchLastSignIn(tx, token.user_id);
    } else {
      user = await store.findUserById(tx, token.user_id);
    }
    await store.touchSession(tx, token.session_id);
    const session = await store.findSession(tx, token.session_id);
    if (!user || !session) throw unexpectedFailure("Database error finding session");
    const access = await signFor(ctx, user, session);
    return sessionJson(access.token, access.expiresAt, issued, user);
  });
  if (result instanceof AuthError) throw result;
  return result;
}

function signFor(ctx: AuthContext, user: store.UserRow, session: store.SessionRow) {
  return signAccessToken(ctx.key, ctx.issuer, ctx.accessTokenTtlSeconds, {
    id: user.id,
    aud: user.aud,
    role: user.role,
    email: user.email ?? "",
    appMetadata: user.raw_app_meta_data,
    userMetadata: user.raw_user_meta_data,
    isAnonymous: user.is_anonymous,
    sessionId: session.id,
    authenticatedAt: session.created_at,
  });
}

async function startSession(ctx: AuthContext, tx: store.Tx, user: store.UserRow): Promise<SessionJson> {
  const { session, refreshToken } = await store.createSession(tx, user.id);
  const signedIn = await store.touchLastSignIn(tx, user.id);
  const access = await signFor(ctx, signedIn, session);
  return sessionJson(access.token, access.expiresAt, refreshToken, signedIn);
}

function checkPasswordStrength(password: string): void {
  const bytes = Buffer.byteLength(password, "utf8"); // Go's len() counts bytes
  if (bytes > MAX_PASSWORD_BYTES) {
    throw new AuthError(400, "validation_failed", `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  if (bytes < MIN_PASSWORD_BYTES) {
    throw new AuthError(422, "weak_password", `Password should be at least ${MIN_PASSWORD_BYTES} characters.`, {
      weakPasswordReasons: ["length"],
    });
  }
}

function validateEmail(email: string): string {
  if (email.length > 255) throw new AuthError(400, "validation_failed", "An email address is too long");
  if (!EMAIL_FORMAT.test(email)) {
    throw new AuthError(400, "validation_failed", "Unable to validate email address: invalid format");
  }
  return email.toLowerCase();
}
