/**
 * The endpoints that hand out sessions: signup (internal/api/signup.go) and the
 * password and refresh-token grants (api/token.go, tokens/service.go), with
 * GoTrue's validation order, messages and error codes. Email is the only
 * provider; `[auth.email] enable_confirmations` decides between autoconfirm
 * (a session at once) and a confirmation link.
 */
import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import type { AuthContext } from "./context.ts";
import { AuthError, unexpectedFailure } from "./errors.ts";
import { confirmationLogLine, sendConfirmation } from "./mailer.ts";
import { objectParam, stringParam, type Params } from "./params.ts";
import { referrer } from "./redirects.ts";
import { obfuscatedUserJson, sessionJson, userJson, type SessionJson, type UserJson } from "./shapes.ts";
import * as store from "./store.ts";
import { signAccessToken, type AuthenticationMethod } from "./tokens.ts";

const MIN_PASSWORD_BYTES = 6;
const MAX_PASSWORD_BYTES = 72; // bcrypt's limit
// badoux/checkmail's format check, which GoTrue's validateEmail uses.
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const invalidCredentials = () => new AuthError(400, "invalid_credentials", "Invalid login credentials");

/**
 * `POST /signup` {email, password, data?} (`?redirect_to=` for the link).
 * Autoconfirm: creates a confirmed user and signs it in. Confirmations on:
 * creates an unconfirmed user, "mails" the link (logs it) and answers the user
 * without a session; an unconfirmed repeat re-sends the link and changes
 * nothing else; a confirmed email gets an obfuscated user and no mail, so the
 * answer does not tell whether the email had an account.
 * @throws AuthError 422 signup_disabled, 400 validation_failed / email_provider_disabled /
 *   phone_provider_disabled, 422 weak_password, 422 user_already_exists (autoconfirm only),
 *   429 over_email_send_rate_limit, 500 "Database error saving new user" (e.g. a trigger failed).
 */
export async function signup(ctx: AuthContext, params: Params, req: Request): Promise<SessionJson | UserJson> {
  if (!ctx.settings.enableSignup) throw new AuthError(422, "signup_disabled", "Signups not allowed for this instance");
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
  if (!ctx.settings.email.enableSignup) throw new AuthError(400, "email_provider_disabled", "Email signups are disabled");
  const normalized = validateEmail(email);
  const confirmations = ctx.settings.email.enableConfirmations;

  const existing = await ctx.sql.begin((tx) => store.findUserByEmail(tx, normalized));
  // Hash outside any transaction, as GoTrue does: it is slow and would hold the database.
  const passwordHash = existing ? "" : await bcrypt.hash(password, 10);
  const outcome = await ctx.sql.begin(async (tx): Promise<"exists" | { body: SessionJson | UserJson; link?: string }> => {
    let user: store.UserRow;
    if (existing) {
      // A confirmed account is not touched; an unconfirmed one is not updated either
      // (GoTrue cannot be sure of the claimed identity): it only gets the link again.
      const current = await store.findUserById(tx, existing.id);
      if (!current) throw unexpectedFailure("Database error finding user");
      if (current.email_confirmed_at) return "exists";
      user = current;
    } else {
      const id = randomUUID();
      try {
        user = await store.insertUser(tx, {
          id,
          email: normalized,
          passwordHash,
          appMetadata: { provider: "email", providers: ["email"] },
          // GoTrue stores the identity's claims over the caller's data.
          userMetadata: { ...data, sub: id, email: normalized, email_verified: false, phone_verified: false },
        });
      } catch (error) {
        throw unexpectedFailure("Database error saving new user", error);
      }
    }
    if (!confirmations) {
      // GoTrue's autoconfirm confirms even a pending user found here, and signs it in.
      return { body: await startSession(ctx, tx, await store.confirmUser(tx, user.id), "password") };
    }
    const sent = await sendConfirmation(ctx, tx, user, referrer(req, new URL(req.url), ctx.settings));
    return { body: userJson(sent.user), link: sent.link };
  });

  if (outcome === "exists") {
    if (!confirmations) throw new AuthError(422, "user_already_exists", "User already registered");
    return obfuscatedUserJson(existing?.email ?? normalized, data);
  }
  // Logged only once the user and its token are committed: a rolled-back signup mails nothing.
  if (outcome.link) ctx.log(confirmationLogLine(normalized, outcome.link));
  return outcome.body;
}

/**
 * `POST /token?grant_type=password` {email, password}.
 * @throws AuthError 400 invalid_credentials / email_not_confirmed / validation_failed,
 *   422 phone_provider_disabled / email_provider_disabled.
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
  if (!ctx.settings.email.enableSignup) throw new AuthError(422, "email_provider_disabled", "Email logins are disabled");

  const user = await ctx.sql.begin((tx) => store.findUserByEmail(tx, email));
  if (!user?.encrypted_password) throw invalidCredentials();
  if (!(await bcrypt.compare(password, user.encrypted_password))) throw invalidCredentials();
  if (!user.email_confirmed_at) throw new AuthError(400, "email_not_confirmed", "Email not confirmed");
  return ctx.sql.begin((tx) => startSession(ctx, tx, user, "password"));
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
      } else if (token.age_seconds > ctx.settings.refreshTokenReuseInterval) {
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
  return signAccessToken(ctx.keys, ctx.issuer, ctx.settings.jwtExpiry, {
    id: user.id,
    aud: user.aud,
    role: user.role,
    email: user.email ?? "",
    appMetadata: user.raw_app_meta_data,
    userMetadata: user.raw_user_meta_data,
    isAnonymous: user.is_anonymous,
    sessionId: session.id,
    authenticatedAt: session.created_at,
    authenticationMethod: session.authentication_method,
  });
}

/** Starts a session for `user` (signup, password grant, confirmation link) and answers it as GoTrue does. */
export async function startSession(
  ctx: AuthContext,
  tx: store.Tx,
  user: store.UserRow,
  method: AuthenticationMethod,
): Promise<SessionJson> {
  const { session, refreshToken } = await store.createSession(tx, user.id, method);
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
