/** The account routes: POST /auth/register, POST /auth/login and GET /me. */
import type { ApiClient } from "../client.ts";
import {
  authResponse,
  meResponse,
  registerResponse,
  type AuthResponse,
  type ConfirmationRequired,
  type UserView,
} from "../../../../../supabase/functions/_shared/wire/auth.ts";

/**
 * POST /auth/register. Signed in at once, it saves the new session; when the
 * server confirms emails first, the account has no session until its link is opened.
 */
export async function register(client: ApiClient, body: { email: string; password: string; username: string }): Promise<AuthResponse | ConfirmationRequired> {
  const auth = await client.request("POST", "/auth/register", registerResponse, { body, auth: false });
  if (auth.session !== null) await client.saveSession(auth);
  return auth;
}

/** POST /auth/login; saves the new session. A 401 (bad credentials) and a 403 (email not confirmed) say what to do. */
export async function login(client: ApiClient, body: { email: string; password: string }): Promise<AuthResponse> {
  const auth = await client.request("POST", "/auth/login", authResponse, {
    body,
    auth: false,
    messages: {
      401: "Invalid email or password.",
      403: `Confirm your email first: open the link in the email sent to ${body.email}, then run \`skills login\` again.`,
    },
  });
  await client.saveSession(auth);
  return auth;
}

/** GET /me: who the stored session belongs to, as a session records a user (no display name). */
export async function me(client: ApiClient): Promise<UserView> {
  const { id, email, username } = (await client.request("GET", "/me", meResponse)).user;
  return { id, email, username };
}
