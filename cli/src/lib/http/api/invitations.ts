/** The caller's invitations: list them, accept or decline one. */
import type { ApiClient } from "../client.ts";
import { acceptInvitationResponse, declineInvitationResponse, invitationsResponse } from "../../../../../supabase/functions/_shared/wire/invitations.ts";

function invitationPath(registry: string, id: string, answer: "accept" | "decline"): string {
  return `/registries/${encodeURIComponent(registry)}/invitations/${encodeURIComponent(id)}/${answer}`;
}

/** GET /invitations: the caller's pending, unexpired invitations, newest first. */
export async function listInvitations(client: ApiClient) {
  return (await client.request("GET", "/invitations", invitationsResponse)).invitations;
}

/** POST /registries/:registry/invitations/:id/accept: join with the invited role; returns the new membership. */
export async function acceptInvitation(client: ApiClient, registry: string, id: string) {
  return (await client.request("POST", invitationPath(registry, id, "accept"), acceptInvitationResponse)).member;
}

/** POST /registries/:registry/invitations/:id/decline: returns the invitation, now declined. */
export async function declineInvitation(client: ApiClient, registry: string, id: string) {
  return (await client.request("POST", invitationPath(registry, id, "decline"), declineInvitationResponse)).invitation;
}
