/**
 * Skills as a catalog of folders: each readable skill's version with the
 * start of its SKILL.md (its frontmatter) and its file manifest, page by
 * page over every registry the caller belongs to or one version by address,
 * and one file's bytes.
 * Every statement runs as the caller, so RLS decides what exists; what the
 * caller cannot read is simply absent (null), never an error that would
 * tell it apart from what does not exist.
 */
import type { Tx } from "../db.ts";

/** One file of a version's manifest. */
export interface CatalogFile {
  path: string;
  sha256: string;
  size: number;
}

/** One version of a skill with SKILL.md's text and every file, sorted by path (bytewise). */
export interface CatalogSkill {
  registry: string;
  slug: string;
  version: string;
  isLatest: boolean;
  /** The start of SKILL.md's text, at most SKILL_MD_HEAD characters: where its frontmatter is. */
  skillMdHead: string;
  files: CatalogFile[];
}

/** Where a catalog page ends: its last skill's registry and slug. */
export interface CatalogPosition {
  registry: string;
  slug: string;
}

/**
 * How much of SKILL.md a catalog row carries, in characters: a frontmatter
 * is a few hundred, and a page of skills must not carry whole files of
 * megabytes just to read them.
 */
export const SKILL_MD_HEAD = 65_536;

interface CatalogRow {
  registry: string;
  slug: string;
  version: string;
  is_latest: boolean;
  head: string;
  files: CatalogFile[];
}

/** The select-list column `files`: version `v`'s manifest as JSON, by path bytewise. */
const manifestOf = (tx: Tx) => tx`
  coalesce((select json_agg(json_build_object('path', f.path, 'sha256', f.sha256, 'size', f.size) order by f.path collate "C")
            from skill_files f where f.version_id = v.id), '[]'::json) as files`;

const toSkill = (row: CatalogRow): CatalogSkill => ({
  registry: row.registry,
  slug: row.slug,
  version: row.version,
  isLatest: row.is_latest,
  skillMdHead: row.head,
  files: row.files,
});

/**
 * Up to `limit` readable skills with their latest versions, by registry slug
 * then skill slug, after `after` (from the start when null), of one registry
 * or of every registry the caller belongs to. One statement whose cost does
 * not grow with how far the page lies: each registry's skills are read from
 * the `(registry_id, slug)` index starting after the cursor, at most `limit`
 * of them, and only the page's versions have their manifests gathered.
 */
export async function catalogPage(
  tx: Tx,
  options: { after: CatalogPosition | null; limit: number; registry?: string | null },
): Promise<CatalogSkill[]> {
  const { limit } = options;
  const afterRegistry = options.after?.registry ?? null;
  const afterSlug = options.after?.slug ?? null;
  const registry = options.registry ?? null;
  const rows = await tx<CatalogRow[]>`
    with page as (
      select r.slug as registry, s.skill_id, s.slug
      from registries r
      cross join lateral (
        select s.id as skill_id, s.slug
        from skills s
        where s.registry_id = r.id
          -- Slugs are never empty: '' starts a registry that lies after the cursor's at its first skill.
          and s.slug > (case when r.slug = ${afterRegistry}::text then ${afterSlug}::text else '' end)
          and exists (select 1 from skill_versions v where v.skill_id = s.id and v.is_latest)
        order by s.slug
        limit ${limit}
      ) s
      where (${registry}::text is null or r.slug = ${registry}::text)
        and (${afterRegistry}::text is null or r.slug >= ${afterRegistry}::text)
      order by r.slug, s.slug
      limit ${limit}
    )
    select p.registry, p.slug, v.version, v.is_latest, left(v.content, ${SKILL_MD_HEAD}) as head, ${manifestOf(tx)}
    from page p
    join skill_versions v on v.skill_id = p.skill_id and v.is_latest
    order by p.registry, p.slug`;
  return rows.map(toSkill);
}

/**
 * One version of `registry/slug` (the latest when `version` is null) with
 * its manifest, or null when the caller cannot read such a version.
 */
export async function catalogSkill(tx: Tx, registry: string, slug: string, version: string | null): Promise<CatalogSkill | null> {
  const [row] = await tx<CatalogRow[]>`
    select r.slug as registry, s.slug, v.version, v.is_latest, left(v.content, ${SKILL_MD_HEAD}) as head, ${manifestOf(tx)}
    from registries r
    join skills s on s.registry_id = r.id
    join skill_versions v on v.skill_id = s.id
    where r.slug = ${registry} and s.slug = ${slug}
      and (case when ${version}::text is null then v.is_latest else v.version = ${version}::text end)
      -- A publisher and the reviewers can read a pending version; the catalog serves approved ones only.
      and v.status = 'approved'`;
  return row ? toSkill(row) : null;
}

/**
 * The stored bytes of file `path` of a version of `registry/slug` (the
 * latest when `version` is null): exactly what a sync installs. Null when
 * the caller cannot read such a file.
 */
export async function catalogFileBytes(
  tx: Tx,
  registry: string,
  slug: string,
  version: string | null,
  path: string,
): Promise<Uint8Array | null> {
  const [row] = await tx<{ content: Uint8Array }[]>`
    select b.content
    from registries r
    join skills s on s.registry_id = r.id
    join skill_versions v on v.skill_id = s.id
    join skill_files f on f.version_id = v.id and f.path = ${path}
    join file_blobs b on b.sha256 = f.sha256
    where r.slug = ${registry} and s.slug = ${slug}
      and (case when ${version}::text is null then v.is_latest else v.version = ${version}::text end)
      -- A publisher and the reviewers can read a pending version; the catalog serves approved ones only.
      and v.status = 'approved'`;
  return row?.content ?? null;
}

/** Whether the caller can read registry `slug` (false for one that does not exist, alike). */
export async function registryReadable(tx: Tx, slug: string): Promise<boolean> {
  const [row] = await tx`select 1 from registries where slug = ${slug}`;
  return row !== undefined;
}
