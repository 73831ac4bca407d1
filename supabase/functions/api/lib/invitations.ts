/**
 * Reading invitations as the API shows them (spec §3.2). RLS shows an
 * invitation to its invitee (confirmed email only) and to the registry's
 * admins; the invitee is not yet a member, so the registry's slug and name
 * come from `private.invitation_registry`, which applies the same rule.
 */
import type { Tx } from "../../_shared/db.ts";
import type { InvitationView } from "../../_shared/types.ts";

/** An invitation, plus whether it is addressed to the caller. */
export type InvitationRow = InvitationView & { mine: boolean };

/** An invitation the caller can read, or undefined. */
export async function invitationById(tx: Tx, id: string): Promise<InvitationRow | undefined> {
  const [row] = await tx<InvitationRow[]>`
    select i.id, ir.slug as registry, ir.name as registry_name, i.email, i.role,
           case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status::text end as status,
           p.username as invited_by, i.created_at, i.expires_at,
           lower(i.email) = lower(auth.jwt() ->> 'email') and private.email_confirmed() as mine
    from invitations i
    cross join lateral private.invitation_registry(i.id) ir
    left join profiles p on p.id = i.invited_by
    where i.id = ${id}`;
  return row;
}

/** The caller's pending, unexpired invitations, newest first (GET /api/invitations). */
export function myPendingInvitations(tx: Tx): Promise<InvitationView[]> {
  return tx<InvitationView[]>`
    select i.id, ir.slug as registry, ir.name as registry_name, i.email, i.role, i.status,
           p.username as invited_by, i.created_at, i.expires_at
    from invitations i
    cross join lateral private.invitation_registry(i.id) ir
    left join profiles p on p.id = i.invited_by
    where lower(i.email) = lower(auth.jwt() ->> 'email') and i.status = 'pending' and i.expires_at > now()
    order by i.created_at desc`;
}
