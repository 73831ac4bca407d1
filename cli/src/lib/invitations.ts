/**
 * Pending invitations (spec §3.2 "the client should check for pending
 * invitations and prompt to accept"): announced once, right after login.
 */
import type { ApiClient } from "./api.ts";
import { color, print } from "./output.ts";

/**
 * Prints the caller's pending invitations with the command that accepts each.
 * Never fails the login it follows: an error (e.g. a server without the route) prints nothing.
 * @returns how many pending invitations were announced.
 */
export async function announcePendingInvitations(client: ApiClient): Promise<number> {
  try {
    const pending = (await client.invitations()).filter((i) => i.status === "pending");
    if (pending.length === 0) return 0;
    print(`You have ${pending.length} pending invitation${pending.length === 1 ? "" : "s"}:`);
    for (const invitation of pending) {
      const registry = invitation.registry ?? "?";
      print(`  ${registry} as ${invitation.role}: ${color.cyan(`skills invitations accept ${registry}`)}`);
    }
    return pending.length;
  } catch {
    return 0;
  }
}
