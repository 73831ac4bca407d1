/** Wire shapes of the member routes: /api/registries/:slug/members[/invite|/:userId]. */
import * as z from "zod/mini";
import { memberRole, memberView } from "./roles.ts";
import { invitationView } from "./invitations.ts";

/** An email as every route takes it: trimmed, lower-case, at most 254 characters. */
export const emailAddress = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.email("email must be a valid email address"),
  z.maxLength(254, "email must be at most 254 characters"),
);

/** POST /api/registries/:slug/members/invite body (admins of an organization). */
export const inviteBody = z.strictObject({ email: emailAddress, role: z._default(memberRole, "member") });
/** Body of an invite as a client sends it (`role` defaults to member). */
export type InviteBody = z.input<typeof inviteBody>;

/** PUT /api/registries/:slug/members/:userId body. */
export const memberRoleBody = z.strictObject({ role: memberRole });

/** GET /api/registries/:slug/members response, by username. */
export const membersResponse = z.object({ members: z.array(memberView) });

/** PUT /api/registries/:slug/members/:userId response: the member with the new role. */
export const memberResponse = z.object({ member: memberView });

/** POST /api/registries/:slug/members/invite response: a pending invitation (201) or, for an existing account, a direct membership (200). */
export const inviteResponse = z.union([z.object({ invitation: invitationView }), memberResponse]);
/** What an invite answers. */
export type InviteResponse = z.output<typeof inviteResponse>;
