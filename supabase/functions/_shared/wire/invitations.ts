/** Wire shapes of the invitee's routes: GET /api/invitations and /api/registries/:slug/invitations/:id/accept|decline. */
import * as z from "zod/mini";
import { memberRole, memberView } from "./roles.ts";

/** An invitation to a registry; `status` reads `expired` once `expires_at` (ISO) has passed. */
export const invitationView = z.object({
  id: z.string(),
  /** Slug of the inviting registry. */
  registry: z.string(),
  registry_name: z.string(),
  email: z.string(),
  role: memberRole,
  status: z.enum(["pending", "accepted", "declined", "expired"]),
  /** Username of the admin who invited, null once that account is gone. */
  invited_by: z.nullable(z.string()),
  created_at: z.string(),
  expires_at: z.string(),
});
/** An invitation as the API shows it. */
export type InvitationView = z.output<typeof invitationView>;

/** GET /api/invitations response: the caller's pending, unexpired invitations, newest first. */
export const invitationsResponse = z.object({ invitations: z.array(invitationView) });

/** POST /api/registries/:slug/invitations/:id/decline response: the invitation, now declined. */
export const declineInvitationResponse = z.object({ invitation: invitationView });

/** POST /api/registries/:slug/invitations/:id/accept response: the caller's new membership and the registry's slug. */
export const acceptInvitationResponse = z.object({ member: memberView, registry: z.string() });
