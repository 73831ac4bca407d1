/** The caller's own profile, as sign-in answers and `GET /api/me` show it. */
import type { Tx } from "../db.ts";

/**
 * The caller's username and display name.
 * @throws Error when the caller has no profile: the signup trigger makes one
 *   with the account, so this is a broken database, not a client mistake (500).
 */
export async function callerProfile(tx: Tx): Promise<{ username: string; display_name: string | null }> {
  const [profile] = await tx<{ username: string; display_name: string | null }[]>`
    select username, display_name from profiles where id = auth.uid()`;
  if (!profile) throw new Error("the signed-in user has no profile");
  return profile;
}
