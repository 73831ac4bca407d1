/**
 * Accounts through Supabase Auth, with the rules the api's /auth routes and
 * the oauth login page share: registration (username rules; the profile and
 * personal registry come from the signup trigger, only when Auth really
 * creates a user), password sign-in, and session refresh.
 *
 * With email confirmation on (hosted Supabase's default) a registration gets
 * no session: the user opens the link Auth mailed, then signs in. Auth answers
 * the registration of an already confirmed email exactly like a new one (an
 * obfuscated user, no mail), and so does this module: nothing here tells
 * whether an email had an account.
 */
import type { Session } from "@supabase/supabase-js";
import { isAuthSessionMissingError } from "@supabase/supabase-js";
import { withService } from "./db.ts";
import { ApiError } from "./errors.ts";
import { authClient, temporaryAuthFailure } from "./supabase-auth.ts";
import type { RegisterBody } from "./wire/index.ts";

/**
 * Whether a username is unavailable to this registration: held by a profile
 * or registry, unless it is the username of this very email's unconfirmed
 * account (registering again before confirming must not lock its owner out).
 */
async function usernameTaken(username: string, forEmail: string): Promise<boolean> {
  const [row] = await withService((tx) =>
    tx<{ taken: boolean }[]>`
      select (exists (select 1 from profiles where username = ${username})
          or exists (select 1 from registries where slug = ${username}))
         and not private.username_pending_for(${username}, ${forEmail}) as taken`
  );
  return row?.taken ?? false;
}

const usernameConflict = (username: string) => new ApiError("CONFLICT", `Username '${username}' is already taken`);

/**
 * Creates an account through Supabase Auth.
 * @param caller the end user's address, for Auth's rate limits (callerAddress).
 * @returns the new session, or null when the email must be confirmed first
 *   (also for an email that already had an account: Auth answers it alike).
 * @throws ApiError CONFLICT for a taken username (or, with confirmations off,
 *   a taken email), VALIDATION_ERROR for what Auth refuses in the input,
 *   FORBIDDEN when sign-ups are off, RATE_LIMITED, UNAVAILABLE.
 */
export async function register(input: RegisterBody, caller?: string): Promise<Session | null> {
  if (await usernameTaken(input.username, input.email)) throw usernameConflict(input.username);
  const { data, error } = await authClient(caller).auth.signUp({
    email: input.email,
    password: input.password,
    options: { data: { username: input.username, display_name: input.display_name ?? input.username } },
  });
  if (!error) return data.session;
  // Only with confirmations off does Auth refuse a taken email: there a new
  // account gets its session at once, so a taken email cannot be answered the
  // same way and gets a 409.
  if (error.code === "user_already_exists" || error.code === "email_exists") {
    throw new ApiError("CONFLICT", "An account with this email already exists");
  }
  if (
    error.code === "weak_password" || error.code === "validation_failed" || error.code === "email_address_invalid" ||
    error.code === "email_address_not_authorized"
  ) {
    throw new ApiError("VALIDATION_ERROR", error.message);
  }
  if (error.code === "signup_disabled" || error.code === "email_provider_disabled") {
    throw new ApiError("FORBIDDEN", "This server does not accept new accounts");
  }
  // "Database error saving new user": the signup trigger refused the profile,
  // most likely because a racing signup took the username first.
  if (error.status === 500 && (await usernameTaken(input.username, input.email))) throw usernameConflict(input.username);
  throw temporaryAuthFailure(error) ?? error;
}

/**
 * Signs in with email and password.
 * @throws ApiError UNAUTHORIZED (one message for a wrong password and an
 *   unknown email), EMAIL_NOT_CONFIRMED (Auth says so only after a correct
 *   password), RATE_LIMITED, UNAVAILABLE.
 */
export async function signIn(emailAddress: string, password: string, caller?: string): Promise<Session> {
  const { data, error } = await authClient(caller).auth.signInWithPassword({ email: emailAddress, password });
  if (!error && data.session) return data.session;
  if (error?.code === "email_not_confirmed") {
    throw new ApiError("EMAIL_NOT_CONFIRMED", "Confirm your email first: open the link in the email we sent you, then log in again");
  }
  throw (error && temporaryAuthFailure(error)) ?? new ApiError("UNAUTHORIZED", "Invalid email or password");
}

/**
 * Auth's codes for a refresh token it will never accept again (GoTrue's
 * tokens/service.go RefreshTokenGrant): unknown or revoked, replayed after
 * rotation, its session ended or expired, the user banned or gone
 * (deleting a user deletes its tokens), or malformed.
 */
const REFUSED = new Set([
  "refresh_token_not_found",
  "refresh_token_already_used",
  "session_not_found",
  "session_expired",
  "user_banned",
  "user_not_found",
  "validation_failed",
]);

/**
 * Rotates a Supabase Auth refresh token.
 * @returns the new session, or null when Auth refused the token for good.
 * @throws ApiError RATE_LIMITED, or UNAVAILABLE for every other failure (Auth
 *   down, a concurrent refresh of the same token): the token may still work later.
 */
export async function refresh(refreshToken: string, caller?: string): Promise<Session | null> {
  const { data, error } = await authClient(caller).auth.refreshSession({ refresh_token: refreshToken });
  if (!error) return data.session;
  if (isAuthSessionMissingError(error) || (error.code !== undefined && REFUSED.has(error.code))) return null;
  throw temporaryAuthFailure(error) ??
    new ApiError("UNAVAILABLE", "Supabase Auth could not renew the session right now; try again in a minute.");
}
