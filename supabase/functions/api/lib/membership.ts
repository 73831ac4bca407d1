/**
 * Role checks and membership reads shared by the registry, member,
 * invitation and maintainer routes (spec §2.3, §3.1). RLS is the authority;
 * these checks run first only to answer with the right status and a clear
 * message (403 for a member lacking the role, 409 for the last admin)
 * instead of an empty result.
 */
import type { Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { MemberView } from "../../_shared/types.ts";
import type { RegistryRow } from "./lookup.ts";

/** @throws ApiError FORBIDDEN unless the caller is an admin of the registry. */
export function requireAdmin(registry: RegistryRow, action: string): void {
  if (registry.role !== "admin") {
    throw new ApiError("FORBIDDEN", `Only admins of '${registry.slug}' can ${action}. Contact a registry admin.`);
  }
}

/** @throws ApiError FORBIDDEN for a personal registry, which belongs to its owner alone. */
export function requireOrganization(registry: RegistryRow): void {
  if (registry.type !== "organization") {
    throw new ApiError(
      "FORBIDDEN",
      `'${registry.slug}' is a personal registry: it belongs to its owner alone. Create an organization registry to share skills.`,
    );
  }
}

/** The members of a registry the caller can read, by username. */
export function listMembers(tx: Tx, registryId: string): Promise<MemberView[]> {
  return tx<MemberView[]>`
    select m.user_id, p.username, p.display_name, m.role, m.created_at as joined_at
    from registry_members m join profiles p on p.id = m.user_id
    where m.registry_id = ${registryId}
    order by p.username`;
}

/**
 * One member of a registry.
 * @throws ApiError NOT_FOUND when the user is not a member.
 */
export async function findMember(tx: Tx, registry: RegistryRow, userId: string): Promise<MemberView> {
  const [member] = await tx<MemberView[]>`
    select m.user_id, p.username, p.display_name, m.role, m.created_at as joined_at
    from registry_members m join profiles p on p.id = m.user_id
    where m.registry_id = ${registry.id} and m.user_id = ${userId}`;
  if (!member) throw new ApiError("NOT_FOUND", `User ${userId} is not a member of '${registry.slug}'`);
  return member;
}

const LAST_ADMIN = (slug: string) =>
  new ApiError("CONFLICT", `'${slug}' must keep at least one admin: make another member admin first`);

/**
 * @throws ApiError CONFLICT when `member` is the registry's only admin and is
 *   about to stop being one. The database trigger `private.guard_last_admin`
 *   enforces the same under concurrency (see `lastAdminError`).
 */
export async function assertNotLastAdmin(tx: Tx, registry: RegistryRow, member: MemberView): Promise<void> {
  if (member.role !== "admin") return;
  const [row] = await tx<{ others: number }[]>`
    select count(*)::int as others from registry_members
    where registry_id = ${registry.id} and role = 'admin' and user_id <> ${member.user_id}`;
  if ((row?.others ?? 0) === 0) throw LAST_ADMIN(registry.slug);
}

/**
 * Turns the last-admin trigger's error (SQLSTATE SK001, raised when two
 * admins demote each other at once) into the same 409; other errors pass.
 */
export function lastAdminError(error: unknown, slug: string): unknown {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "SK001" ? LAST_ADMIN(slug) : error;
}
