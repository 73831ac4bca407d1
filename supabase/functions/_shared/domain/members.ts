/**
 * Members of a registry: listing them, changing a role and removing one (admins; anyone may leave). Personal registries belong to
 * their owner alone and an organization always keeps one admin. RLS is the
 * authority; the checks here run first only to answer with the right status
 * and a clear message (403 for a member lacking the role, 409 for the last
 * admin) instead of an empty result.
 */
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import type { MemberView } from "../wire/index.ts";
import { findRegistry, requireAdmin, requireOrganization, type RegistryRole, type RegistryRow } from "./registries.ts";

/** A member as the database returns it (`MemberView` on the wire; `joined_at` a Date). */
export type MemberRow = Omit<MemberView, "joined_at"> & { joined_at: Date };

/**
 * The members of a registry the caller can read, by username.
 * @throws ApiError NOT_FOUND for a registry the caller cannot read.
 */
export async function listMembers(tx: Tx, registrySlug: string): Promise<MemberRow[]> {
  const registry = await findRegistry(tx, registrySlug);
  return tx<MemberRow[]>`
    select m.user_id, p.username, p.display_name, m.role, m.created_at as joined_at
    from registry_members m join profiles p on p.id = m.user_id
    where m.registry_id = ${registry.id}
    order by p.username`;
}

/**
 * One member of a registry.
 * @throws ApiError NOT_FOUND when the user is not a member.
 */
export async function findMember(tx: Tx, registry: RegistryRow, userId: string): Promise<MemberRow> {
  const [member] = await tx<MemberRow[]>`
    select m.user_id, p.username, p.display_name, m.role, m.created_at as joined_at
    from registry_members m join profiles p on p.id = m.user_id
    where m.registry_id = ${registry.id} and m.user_id = ${userId}`;
  if (!member) throw new ApiError("NOT_FOUND", `User ${userId} is not a member of '${registry.slug}'`);
  return member;
}

const noLongerAdmin = (slug: string) => new ApiError("FORBIDDEN", `You are no longer an admin of '${slug}'`);

const lastAdmin = (slug: string) =>
  new ApiError("CONFLICT", `'${slug}' must keep at least one admin: make another member admin first`);

/**
 * @throws ApiError CONFLICT when `member` is the registry's only admin and is
 *   about to stop being one. The database trigger `private.guard_last_admin`
 *   enforces the same under concurrency (see `lastAdminError`).
 */
async function assertNotLastAdmin(tx: Tx, registry: RegistryRow, member: MemberRow): Promise<void> {
  if (member.role !== "admin") return;
  const [row] = await tx<{ others: number }[]>`
    select count(*)::int as others from registry_members
    where registry_id = ${registry.id} and role = 'admin' and user_id <> ${member.user_id}`;
  if ((row?.others ?? 0) === 0) throw lastAdmin(registry.slug);
}

/**
 * Runs a change to the admins of `slug`, turning the last-admin trigger's
 * error (SQLSTATE SK001, raised when two admins demote each other at once)
 * into the same 409 the explicit check gives; other errors pass.
 */
async function guardingLastAdmin<T>(slug: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    const code = typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
    throw code === "SK001" ? lastAdmin(slug) : error;
  }
}

/**
 * Gives a member another role (admins of an organization).
 * @throws ApiError NOT_FOUND; FORBIDDEN for a non-admin, a personal registry or
 *   a caller demoted meanwhile; CONFLICT when the last admin would be demoted.
 */
export function changeMemberRole(tx: Tx, registrySlug: string, userId: string, role: RegistryRole): Promise<MemberRow> {
  return guardingLastAdmin(registrySlug, async () => {
    const registry = await findRegistry(tx, registrySlug);
    requireAdmin(registry, "change member roles");
    requireOrganization(registry);
    const current = await findMember(tx, registry, userId);
    if (role !== "admin") await assertNotLastAdmin(tx, registry, current);
    const updated = await tx`
      update registry_members set role = ${role} where registry_id = ${registry.id} and user_id = ${userId} returning id`;
    // RLS re-checks the caller's role at this statement: another admin may have demoted them meanwhile.
    if (updated.length === 0) throw noLongerAdmin(registry.slug);
    return findMember(tx, registry, userId);
  });
}

/**
 * Removes a member (admins), or the caller themselves (leaving).
 * @throws ApiError NOT_FOUND; FORBIDDEN for a non-admin removing another, a
 *   personal registry or a caller demoted meanwhile; CONFLICT for the last admin.
 */
export function removeMember(tx: Tx, registrySlug: string, userId: string, callerId: string): Promise<void> {
  return guardingLastAdmin(registrySlug, async () => {
    const registry = await findRegistry(tx, registrySlug);
    if (userId !== callerId) requireAdmin(registry, "remove members");
    requireOrganization(registry);
    const current = await findMember(tx, registry, userId);
    await assertNotLastAdmin(tx, registry, current);
    const removed = await tx`delete from registry_members where registry_id = ${registry.id} and user_id = ${userId} returning id`;
    if (removed.length === 0) throw noLongerAdmin(registry.slug);
  });
}
