/**
 * The queries that read skills as the API shows them: list rows with their
 * latest version, and the full detail of one version with its manifest.
 */
import type { Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { FileEntry } from "../../_shared/types.ts";
import type { RegistryRow, SkillRow } from "./lookup.ts";

/** Filters of a skill listing (spec §3.2). */
export interface SkillFilters {
  tags: string[] | null;
  compat: string[] | null;
  search: string | null;
}

/** Skills of one registry, or of every readable registry when `registryId` is null. */
export function listSkills(tx: Tx, registryId: string | null, filters: SkillFilters) {
  const q = filters.search;
  return tx<
    {
      registry: string;
      slug: string;
      name: string;
      description: string | null;
      tags: string[];
      compat: string[];
      version: string | null;
      created_by: string;
      updated_at: Date;
    }[]
  >`
    select r.slug as registry, s.slug, s.name, s.description, s.tags, s.compat, v.version,
           p.username as created_by, s.updated_at
    from skills s
    join registries r on r.id = s.registry_id
    join profiles p on p.id = s.created_by
    left join skill_versions v on v.skill_id = s.id and v.is_latest
    where (${registryId}::uuid is null or s.registry_id = ${registryId})
      and (${filters.tags}::text[] is null or s.tags && ${filters.tags}::text[])
      and (${filters.compat}::text[] is null or s.compat && ${filters.compat}::text[])
      and (${q}::text is null
           or to_tsvector('english', s.slug || ' ' || s.name || ' ' || coalesce(s.description, '') || ' ' || array_to_string(s.tags, ' '))
              @@ websearch_to_tsquery('english', ${q})
           or s.slug ilike '%' || ${q} || '%')
    order by r.slug, s.slug`;
}

/** The manifest of a version, sorted by path. */
export function versionFiles(tx: Tx, versionId: string) {
  return tx<FileEntry[]>`
    select path, sha256, size, executable from skill_files where version_id = ${versionId} order by path`;
}

/**
 * One version of a skill with content, digest and manifest.
 * @param version a version string, or null for the latest.
 * @throws ApiError NOT_FOUND when that version does not exist.
 */
export async function versionDetail(tx: Tx, registry: RegistryRow, skill: SkillRow, version: string | null) {
  const [row] = await tx<
    { id: string; version: string; content: string; changelog: string | null; digest: string; is_latest: boolean; published_by: string; created_at: Date }[]
  >`
    select v.id, v.version, v.content, v.changelog, v.digest, v.is_latest, p.username as published_by, v.created_at
    from skill_versions v join profiles p on p.id = v.published_by
    where v.skill_id = ${skill.id} and (${version}::text is null and v.is_latest or v.version = ${version})`;
  if (!row) {
    throw new ApiError("NOT_FOUND", `Version ${version ?? "latest"} of '${skill.slug}' not found in registry '${registry.slug}'`);
  }
  const { id, ...rest } = row;
  return { ...rest, files: await versionFiles(tx, id) };
}

/** Usernames of the skill's maintainers. */
export async function maintainers(tx: Tx, skillId: string): Promise<string[]> {
  const rows = await tx<{ username: string }[]>`
    select p.username from skill_maintainers sm join profiles p on p.id = sm.user_id
    where sm.skill_id = ${skillId} order by p.username`;
  return rows.map((r) => r.username);
}
