/** Registry roles and the member view, shared by the member, invitation and registry shapes. */
import * as z from "zod/mini";
// For its English locale, so these shapes word their issues as every other wire shape does.
import "./common.ts";

/** Roles in a registry: members read, contributors publish, admins manage. */
export const MEMBER_ROLES = ["member", "contributor", "admin"] as const;
/** A registry role, in member, invitation and registry views and in invite and role-change bodies. */
export const memberRole = z.enum(MEMBER_ROLES, { error: `role must be one of: ${MEMBER_ROLES.join(", ")}` });
/** A registry role: member (read), contributor (publish), admin (manage). */
export type MemberRole = z.output<typeof memberRole>;

/** One member of a registry (member list, invite, role change, accepted invitation); `joined_at` ISO. */
export const memberView = z.object({
  user_id: z.string(),
  username: z.string(),
  display_name: z.nullable(z.string()),
  role: memberRole,
  joined_at: z.string(),
});
/** A registry member. */
export type MemberView = z.output<typeof memberView>;
