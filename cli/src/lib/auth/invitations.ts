/**
 * Pending invitations: announced once, right after login, so a user invited
 * to a registry learns of it without asking.
 */
import type { ApiClient } from "../http/client.ts";
import { listInvitations } from "../http/api/invitations.ts";
import { color, print } from "../terminal/output.ts";

/**
 * Prints the caller's pending invitations with the command that accepts each.
 * Never fails the login it follows: an error (e.g. a server without the route) prints nothing.
 * @returns how many pending invitations were announced.
 */
export async function announcePendingInvitations(client: ApiClient): Promise<number> {
  try {
    // GET /invitations lists pending, unexpired invitations only.
    const pending = await listInvitations(client);
    if (pending.length === 0) return 0;
    print(`You have ${pending.length} pending invitation${pending.length === 1 ? "" : "s"}:`);
    for (const { registry, role, invited_by } of pending) {
      const from = invited_by ? ` (from ${invited_by})` : "";
      print(`  ${registry} as ${role}${from}: ${color.cyan(`skills invitations accept ${registry}`)}`);
    }
    return pending.length;
  } catch {
    return 0;
  }
}
