/** The member routes of a registry: list its members and invite new ones. */
import type { ApiClient } from "../client.ts";
import type { MemberRole } from "../../../../../supabase/functions/_shared/wire/roles.ts";
import { inviteResponse, membersResponse } from "../../../../../supabase/functions/_shared/wire/members.ts";

/** GET /registries/:registry/members: who belongs to a registry, with their roles. */
export async function listMembers(client: ApiClient, registry: string) {
  return (await client.request("GET", `/registries/${encodeURIComponent(registry)}/members`, membersResponse)).members;
}

/** POST /registries/:registry/members/invite: invite by email (admins only); an existing user may be added directly. */
export async function invite(client: ApiClient, registry: string, body: { email: string; role: MemberRole }) {
  return client.request("POST", `/registries/${encodeURIComponent(registry)}/members/invite`, inviteResponse, {
    body,
    // The server's reason says which 403 it is (not an admin, or a personal registry); a 409 shows it by default
    // (already a member, or already invited until when).
    messages: { 403: (said) => said ?? `Only admins of ${registry} can invite members.` },
  });
}
