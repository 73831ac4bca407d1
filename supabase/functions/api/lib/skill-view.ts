/**
 * The queries that read skills as the API shows them: list rows with their
 * latest version, and the full detail of one version with its manifest.
 */
import type { Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { FileEntry } from "../../_shared/types.ts";
import type { RegistryRow, SkillRow } from "./lookup.ts";
import { MAX_PAGE, type PageCursor } from "./params.ts";

/** Filters and paging of a skill listing (spec §3.2). */
export interface SkillFilters {
  tags: string[] | null;
  compat: string[] | null;
  /** Full-text query in websearch syntax (`"exact phrase"`, `-not`, `or`); results are then ranked. */
  search: string | null;
  /** Page size; default and maximum MAX_PAGE. */
  limit?: number;
  /** Where the previous page ended (its `nextCursor`). */
  cursor?: PageCursor | null;
}

/** One skill of a listing, with its latest version. */
export interface SkillListRow {
  registry: string;
  slug: string;
  name: string;
  description: string | null;
  tags: string[];
  compat: string[];
  version: string | null;
  created_by: string;
  updated_at: Date;
}

/** A page of a listing; `nextCursor` is null on the last page. */
export interface SkillPage {
  rows: SkillListRow[];
  nextCursor: PageCursor | null;
}

/**
 * One page of skills, best match first when searching, else by registry
 * and slug: of one registry, or of every registry the caller belongs to
 * when `registryId` is null. The one code path of `GET /api/search`, the
 * `search` filter of skill lists and the MCP tools.
 *
 * Candidates come from `private.search_skills` (the GIN-indexed search,
 * see its migration for why it is SECURITY DEFINER); they are joined back
 * to `skills` as the caller, so RLS decides what is returned.
 */
export async function listSkillsPage(tx: Tx, registryId: string | null, filters: SkillFilters): Promise<SkillPage> {
  const limit = Math.min(Math.max(filters.limit ?? MAX_PAGE, 1), MAX_PAGE);
  const hits = await tx<(SkillListRow & { rank: string; sort_key: string })[]>`
    select r.slug as registry, s.slug, s.name, s.description, s.tags, s.compat, v.version,
           p.username as created_by, s.updated_at, hit.rank, hit.sort_key
    from private.search_skills(${registryId}::uuid, ${filters.search}::text, ${filters.tags}::text[], ${filters.compat}::text[],
                               ${filters.cursor?.rank ?? null}::numeric, ${filters.cursor?.key ?? null}::text, ${limit + 1}::integer) hit
    join skills s on s.id = hit.skill_id
    join registries r on r.id = s.registry_id
    join profiles p on p.id = s.created_by
    left join skill_versions v on v.skill_id = s.id and v.is_latest
    order by hit.rank desc, hit.sort_key collate "C"`;
  const page = hits.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ rank: _rank, sort_key: _key, ...row }) => row),
    nextCursor: hits.length > limit && last ? { rank: last.rank, key: last.sort_key } : null,
  };
}

/** The first page of `listSkillsPage` (kept for callers that take one page). */
export async function listSkills(tx: Tx, registryId: string | null, filters: SkillFilters): Promise<SkillListRow[]> {
  return (await listSkillsPage(tx, registryId, filters)).rows;
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
