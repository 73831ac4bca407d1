/** The caller's own profile, as sign-in answers and `GET /api/me` show it. */
import type { Tx } from "../db.ts";

/** The caller's username and display name; undefined before their profile exists. */
export async function callerProfile(tx: Tx): Promise<{ username: string; display_name: string | null } | undefined> {
  const [profile] = await tx<{ username: string; display_name: string | null }[]>`
    select username, display_name from profiles where id = auth.uid()`;
  return profile;
}
