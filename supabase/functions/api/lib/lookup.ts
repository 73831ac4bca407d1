/**
 * Finding a registry or skill as the caller sees it. RLS hides what the
 * caller may not read, so "not visible" and "missing" are the same 404 and a
 * registry's existence is never revealed to a non-member.
 */
import type { Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";

/** A registry row visible to the caller, with the caller's role in it. */
export interface RegistryRow {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  type: "personal" | "organization";
  publish_policy: string;
  role: "member" | "contributor" | "admin" | null;
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

/** @throws ApiError NOT_FOUND when the registry or skill is missing or not readable. */
export async function findSkill(tx: Tx, registrySlug: string, skillSlug: string): Promise<{ registry: RegistryRow; skill: SkillRow }> {
  const registry = await findRegistry(tx, registrySlug);
  const [skill] = await tx<SkillRow[]>`
    select id, registry_id, slug, name, description, tags, compat, metadata, created_by, created_at, updated_at
    from skills where registry_id = ${registry.id} and slug = ${skillSlug}`;
  if (!skill) throw new ApiError("NOT_FOUND", `Skill '${skillSlug}' not found in registry '${registrySlug}'`);
  return { registry, skill };
}

/** @throws ApiError FORBIDDEN unless the caller may publish to / edit the skill. */
export async function assertCanWrite(tx: Tx, registrySlug: string, skill: SkillRow): Promise<void> {
  const [row] = await tx<{ ok: boolean }[]>`select private.can_write_skill(${skill.id}) as ok`;
  if (!row?.ok) {
    throw new ApiError("FORBIDDEN", `You don't have write access to ${registrySlug}/${skill.slug}. Contact a registry admin.`);
  }
}
