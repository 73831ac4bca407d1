/**
 * The user's side of a grant: the Supabase Auth session behind it. Login,
 * registration and refresh follow the rules in _shared/accounts.ts; this
 * module names the session's shape and ends it on revocation.
 */
import { refresh } from "../../_shared/accounts.ts";
import { authClient } from "../../_shared/supabase-auth.ts";

/** A Supabase Auth session as the oauth function uses it. */
export interface UpstreamSession {
  access_token: string;
  refresh_token: string;
  /** Seconds the access token stays valid. */
  expires_in: number;
}

/**
 * Ends a Supabase Auth session (best effort, for revocation): rotates its
 * refresh token to get an access token, then logs that session out.
 */
export async function endUpstreamSession(refreshToken: string): Promise<void> {
  try {
    const session = await refresh(refreshToken);
    if (session) await authClient().auth.admin.signOut(session.access_token, "local");
  } catch {
    // The grant is already revoked on our side; its access token expires on its own.
  }
}
