/**
 * The user's side of a grant, through Supabase Auth (DESIGN.md "Auth"):
 * password login, refresh and logout with `@supabase/supabase-js`, and account
 * registration through the `api` function, so usernames, reserved names and
 * the profile trigger follow one set of rules.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { requireEnv } from "../../_shared/env.ts";
import { apiUrl } from "./config.ts";

/** A Supabase Auth session as the oauth function uses it. */
export interface UpstreamSession {
  access_token: string;
  refresh_token: string;
  /** Seconds the access token stays valid. */
  expires_in: number;
}

/** Why a login or registration was refused, worded for the login page. */
export class AccountError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 409,
  ) {
    super(message);
    this.name = "AccountError";
  }
}

function authClient(): SupabaseClient {
  return createClient(requireEnv("SUPABASE_URL"), requireEnv("SUPABASE_ANON_KEY"), {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

/**
 * Signs in with email and password.
 * @throws AccountError 401 with one message for every failure, so the page
 *   never tells whether an email has an account.
 */
export async function signIn(email: string, password: string): Promise<UpstreamSession> {
  const { data, error } = await authClient().auth.signInWithPassword({ email, password });
  if (error || !data.session) throw new AccountError("Invalid email or password.", 401);
  return data.session;
}

/**
 * Creates an account (and its personal registry) via `POST /api/auth/register`.
 * @throws AccountError 400 for invalid input (the api's message), 409 when
 *   the username or email is taken (worded so it does not confirm the email).
 */
export async function signUp(email: string, password: string, username: string): Promise<UpstreamSession> {
  const res = await fetch(`${apiUrl()}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, username }),
  });
  const body = (await res.json().catch(() => null)) as
    | { session?: UpstreamSession; error?: { code: string; message: string } }
    | null;
  if (res.status === 201 && body?.session) return body.session;
  const message = body?.error?.message ?? "";
  if (res.status === 409) {
    throw new AccountError(
      /username/i.test(message)
        ? message
        : "Could not create an account with these details. If you already have one, log in instead.",
      409,
    );
  }
  if (res.status === 400 || res.status === 401) throw new AccountError(message || "Invalid registration details.", 400);
  throw new Error(`account registration failed with HTTP ${res.status}`);
}

/**
 * Rotates a Supabase Auth refresh token.
 * @returns the new session, or null when Supabase Auth refused the token
 *   (revoked, reused, user gone).
 * @throws Error when Supabase Auth could not be reached or failed itself.
 */
export async function refreshUpstream(refreshToken: string): Promise<UpstreamSession | null> {
  const { data, error } = await authClient().auth.refreshSession({ refresh_token: refreshToken });
  if (error) {
    if (error.status !== undefined && error.status >= 400 && error.status < 500) return null;
    throw new Error(`Supabase Auth refresh failed: ${error.message}`);
  }
  return data.session;
}

/**
 * Ends a Supabase Auth session (best effort, for revocation): rotates its
 * refresh token to get an access token, then logs that session out.
 */
export async function endUpstreamSession(refreshToken: string): Promise<void> {
  try {
    const session = await refreshUpstream(refreshToken);
    if (session) await authClient().auth.admin.signOut(session.access_token, "local");
  } catch {
    // The grant is already revoked on our side; its access token expires on its own.
  }
}
