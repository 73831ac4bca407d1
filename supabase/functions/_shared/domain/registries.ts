/**
 * Registries and skills as the caller sees them: finding one (a registry with
 * the caller's role), the role and write checks that precede a write, and
 * listing, creating and updating registries.
 * RLS hides what the caller may not read, so "not visible" and "missing" are
 * the same 404 and a registry's existence is never revealed to a non-member.
 * The role checks only turn what RLS would refuse into a 403 with a clear
 * message instead of an empty result.
 */
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import { RESERVED_SLUGS } from "../reserved.ts";
import type { RegistryView } from "../wire/index.ts";

/** A member's role in a registry. */
export type RegistryRole = "member" | "contributor" | "admin";

/** A registry row visible to the caller, with the caller's role in it. */
export interface RegistryRow {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  type: "personal" | "organization";
  publish_policy: string;
  role: RegistryRole | null;
}

/** @throws ApiError NOT_FOUND when missing or not readable. */
export async function findRegistry(tx: Tx, slug: string): Promise<RegistryRow> {
  const [row] = await tx<RegistryRow[]>`
    select r.id, r.slug, r.name, r.description, r.type, r.publish_policy,
           (select m.role from registry_members m where m.registry_id = r.id and m.user_id = auth.uid()) as role
    from registries r where r.slug = ${slug}`;
  if (!row) throw new ApiError("NOT_FOUND", `Registry '${slug}' not found`);
  return row;
}

/** @throws ApiError FORBIDDEN unless the caller is an admin of the registry; `action` completes "Only admins … can". */
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

/** A skill row visible to the caller. */
export interface SkillRow {
  id: string;
  registry_id: string;
  slug: string;
  name: string;
  description: string | null;
  tags: string[];
  compat: string[];
  metadata: Record<string, string>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** A skill with the registry it belongs to. */
export interface FoundSkill {
  registry: RegistryRow;
  skill: SkillRow;
}

/** @throws ApiError NOT_FOUND when the registry or skill is missing or not readable. */
export async function findSkill(tx: Tx, registrySlug: string, skillSlug: string): Promise<FoundSkill> {
  const registry = await findRegistry(tx, registrySlug);
  const [skill] = await tx<SkillRow[]>`
    select id, registry_id, slug, name, description, tags, compat, metadata, created_by, created_at, updated_at
    from skills where registry_id = ${registry.id} and slug = ${skillSlug}`;
  if (!skill) throw new ApiError("NOT_FOUND", `Skill '${skillSlug}' not found in registry '${registrySlug}'`);
  return { registry, skill };
}

/** The refusal of a write to `registry/skill`, also when RLS refuses it mid-transaction. */
export const noWriteAccess = (registrySlug: string, skillSlug: string) =>
  new ApiError("FORBIDDEN", `You don't have write access to ${registrySlug}/${skillSlug}. Contact a registry admin.`);

/** @throws ApiError FORBIDDEN unless the caller may publish to / edit the skill (`private.can_write_skill`). */
export async function assertCanWrite(tx: Tx, registrySlug: string, skill: SkillRow): Promise<void> {
  const [row] = await tx<{ ok: boolean }[]>`select private.can_write_skill(${skill.id}) as ok`;
  if (!row?.ok) throw noWriteAccess(registrySlug, skill.slug);
}

/** One registry the caller belongs to, as listings show it. */
export interface RegistryListRow {
  slug: string;
  name: string;
  description: string | null;
  type: "personal" | "organization";
  role: RegistryRole;
}

/** The registries the caller belongs to: their personal one first, then organizations by slug. */
export function listMyRegistries(tx: Tx): Promise<RegistryListRow[]> {
  return tx<RegistryListRow[]>`
    select r.slug, r.name, r.description, r.type, m.role
    from registries r
    join registry_members m on m.registry_id = r.id and m.user_id = auth.uid()
    order by r.type desc, r.slug`;
}

/**
 * The registry as the API shows it, with the caller's role and its skill count.
 * @throws ApiError NOT_FOUND when missing or not readable.
 */
export async function registryView(tx: Tx, slug: string): Promise<RegistryView> {
  const r = await findRegistry(tx, slug);
  const [count] = await tx<{ n: number }[]>`select count(*)::int as n from skills where registry_id = ${r.id}`;
  return {
    slug: r.slug,
    name: r.name,
    description: r.description,
    type: r.type,
    publish_policy: r.publish_policy as RegistryView["publish_policy"],
    role: r.role!,
    skill_count: count?.n ?? 0,
  };
}

/**
 * Refuses a slug kept for the platform's own paths; checked before any
 * query, since no database rule knows these names.
 * @throws ApiError VALIDATION_ERROR for a reserved slug.
 */
export function refuseReservedSlug(slug: string): void {
  if (RESERVED_SLUGS.has(slug)) throw new ApiError("VALIDATION_ERROR", `slug: '${slug}' is reserved; pick another`);
}

/**
 * Creates an organization registry; a trigger makes its creator the admin.
 * @throws ApiError CONFLICT when a registry or user already has the slug
 *   (usernames and organization slugs share registries.slug).
 */
export async function createRegistry(
  tx: Tx,
  input: { slug: string; name: string; description?: string; userId: string },
): Promise<RegistryView> {
  try {
    // No RETURNING: the creator can read the row only once the trigger
    // has made them its admin, after the statement.
    await tx`
      insert into registries (slug, name, description, type, created_by)
      values (${input.slug}, ${input.name}, ${input.description ?? null}, 'organization', ${input.userId})`;
  } catch (error) {
    if ((error as { code?: string }).code === "23505") {
      throw new ApiError("CONFLICT", `A registry or user named '${input.slug}' already exists`);
    }
    throw error;
  }
  return registryView(tx, input.slug);
}

/**
 * Changes a registry's settings (admins); an absent field keeps its value, a
 * null description clears it.
 * @throws ApiError NOT_FOUND; FORBIDDEN for a non-admin, or one demoted meanwhile.
 */
export async function updateRegistry(
  tx: Tx,
  slug: string,
  changes: { name?: string; description?: string | null; publish_policy?: string },
): Promise<RegistryView> {
  const current = await findRegistry(tx, slug);
  requireAdmin(current, "change its settings");
  const updated = await tx`
    update registries set
      name = coalesce(${changes.name ?? null}, name),
      description = case when ${changes.description !== undefined} then ${changes.description ?? null} else description end,
      publish_policy = coalesce(${changes.publish_policy ?? null}::publish_policy, publish_policy)
    where id = ${current.id}
    returning id`;
  // RLS re-checks the role at this statement: the caller may have been demoted meanwhile.
  if (updated.length === 0) throw new ApiError("FORBIDDEN", `You are no longer an admin of '${current.slug}'`);
  return registryView(tx, current.slug);
}
