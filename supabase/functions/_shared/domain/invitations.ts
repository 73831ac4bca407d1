/**
 * Invitations: inviting an email to a registry (an existing account joins at
 * once, anyone else gets an invitation), reading them, and the invitee's
 * answer. RLS shows an invitation to its invitee (confirmed email only) and
 * to the registry's admins; the invitee is not yet a member, so the
 * registry's slug and name come from `private.invitation_registry`, which
 * applies the same rule. An invitation is answered once, before it expires,
 * by the account with its (confirmed) email; accepting makes that account a
 * member with the invited role (trigger `private.handle_invitation_accepted`).
 */
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import type { InvitationView } from "../wire/index.ts";
import { findMember, type MemberRow } from "./members.ts";
import { findRegistry, requireAdmin, requireOrganization, type RegistryRole } from "./registries.ts";

/** An invitation as the database returns it (`InvitationView` on the wire; dates as Date). */
export type StoredInvitation = Omit<InvitationView, "created_at" | "expires_at"> & { created_at: Date; expires_at: Date };

/** An invitation, plus whether it is addressed to the caller. */
export type InvitationRow = StoredInvitation & { mine: boolean };

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

/** The caller's pending, unexpired invitations, newest first. */
export function myPendingInvitations(tx: Tx): Promise<StoredInvitation[]> {
  return tx<StoredInvitation[]>`
    select i.id, ir.slug as registry, ir.name as registry_name, i.email, i.role, i.status,
           p.username as invited_by, i.created_at, i.expires_at
    from invitations i
    cross join lateral private.invitation_registry(i.id) ir
    left join profiles p on p.id = i.invited_by
    where lower(i.email) = lower(auth.jwt() ->> 'email') and i.status = 'pending' and i.expires_at > now()
    order by i.created_at desc`;
}

/** What an invitation did: an existing account joined, or an invitation now waits for the address. */
export type InviteOutcome = { member: MemberRow } | { invitation: StoredInvitation };

/**
 * Invites `email` to an organization registry (admins).
 * @param input.callerEmail the token's email, if any; `email` is already lowercased.
 * @throws ApiError NOT_FOUND; FORBIDDEN for a non-admin or a personal registry;
 *   CONFLICT for a member (the caller's own address included: an admin is a
 *   member) or a pending invitation.
 */
export async function inviteMember(
  tx: Tx,
  registrySlug: string,
  input: { email: string; role: RegistryRole; callerId: string; callerEmail?: string },
): Promise<InviteOutcome> {
  const registry = await findRegistry(tx, registrySlug);
  requireAdmin(registry, "invite members");
  requireOrganization(registry);
  if (input.callerEmail?.toLowerCase() === input.email) {
    throw new ApiError("CONFLICT", `${input.email} is your own address: you are already a member of '${registry.slug}'`);
  }
  // An account is matched only by a confirmed email: an unconfirmed one
  // could have been registered by anyone with that address.
  const [account] = await tx<{ user_id: string | null }[]>`
    select private.invitee_user_id(${registry.id}, ${input.email}) as user_id`;
  const userId = account?.user_id ?? null;
  if (userId) {
    const [existing] = await tx`select 1 from registry_members where registry_id = ${registry.id} and user_id = ${userId}`;
    if (existing) throw new ApiError("CONFLICT", `${input.email} is already a member of '${registry.slug}'`);
    await tx`insert into registry_members (registry_id, user_id, role) values (${registry.id}, ${userId}, ${input.role})`;
    return { member: await findMember(tx, registry, userId) };
  }
  // An expired invitation no longer stands in the way of a new one.
  await tx`
    delete from invitations
    where registry_id = ${registry.id} and lower(email) = ${input.email} and status = 'pending' and expires_at <= now()`;
  const [pending] = await tx<{ expires_at: Date }[]>`
    select expires_at from invitations where registry_id = ${registry.id} and lower(email) = ${input.email} and status = 'pending'`;
  if (pending) {
    throw new ApiError("CONFLICT", `${input.email} is already invited to '${registry.slug}' (until ${pending.expires_at.toISOString()})`);
  }
  const [created] = await tx<{ id: string }[]>`
    insert into invitations (registry_id, email, role, invited_by)
    values (${registry.id}, ${input.email}, ${input.role}, ${input.callerId})
    returning id`;
  // `mine` only tells answerInvitation whether the caller is the invitee; it is no part of the wire's invitation.
  const { mine: _mine, ...invitation } = (await invitationById(tx, created!.id))!;
  return { invitation };
}

/**
 * Answers an invitation addressed to the caller.
 * @returns the declined invitation, or the caller's new membership.
 * @throws ApiError NOT_FOUND for an invitation the caller cannot see in that
 *   registry; FORBIDDEN when addressed to another account; CONFLICT once answered or expired.
 */
export async function answerInvitation(
  tx: Tx,
  input: { registrySlug: string; id: string; answer: "accepted" | "declined"; callerId: string },
): Promise<{ invitation: StoredInvitation } | { member: MemberRow; registry: string }> {
  const { registrySlug: slug, id, answer } = input;
  const invitation = await invitationById(tx, id);
  if (!invitation || invitation.registry !== slug) {
    throw new ApiError("NOT_FOUND", `Invitation ${id} not found in registry '${slug}'`);
  }
  if (!invitation.mine) throw new ApiError("FORBIDDEN", "This invitation is addressed to another account");
  if (invitation.status !== "pending") throw new ApiError("CONFLICT", `This invitation is already ${invitation.status}`);
  // RLS re-checks pending and unexpired under the row lock: of two
  // racing answers, the second updates nothing.
  const updated = await tx`update invitations set status = ${answer} where id = ${id} returning id`;
  if (updated.length === 0) throw new ApiError("CONFLICT", "This invitation was answered or expired meanwhile");
  if (answer === "declined") {
    const { mine: _mine, ...declined } = (await invitationById(tx, id))!;
    return { invitation: declined };
  }
  return { member: await findMember(tx, await findRegistry(tx, slug), input.callerId), registry: slug };
}
