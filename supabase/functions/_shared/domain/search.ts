/**
 * The one listing of skills: a registry's skills, every readable skill, and
 * full-text search, paged by cursor. `GET /api/search`, the `search` filter
 * of skill lists and the MCP listing tools all run this query.
 */
import type { PageCursor } from "../cursor.ts";
import type { Tx } from "../db.ts";
import { MAX_PAGE } from "../wire/listing.ts";
import { findRegistry } from "./registries.ts";

/** Filters and paging of a skill listing. */
export interface SkillFilters {
  tags: string[] | null;
  compat: string[] | null;
  /**
   * Search text: any of its words (prefixes, near spellings), best matches of
   * the most words first; `"a phrase"` must appear, `-word` must not.
   */
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
 * when `registrySlug` is null.
 *
 * Candidates come from `private.search_skills` (the GIN-indexed search,
 * see its migration for why it is SECURITY DEFINER); they are joined back
 * to `skills` as the caller, so RLS decides what is returned.
 * @throws ApiError NOT_FOUND for a registry the caller cannot read.
 */
export async function listSkillsPage(tx: Tx, registrySlug: string | null, filters: SkillFilters): Promise<SkillPage> {
  const registryId = registrySlug === null ? null : (await findRegistry(tx, registrySlug)).id;
  const limit = Math.min(Math.max(filters.limit ?? MAX_PAGE, 1), MAX_PAGE);
  // Every candidate comes back, listed or not, so the cursor follows the candidates: a skill that is
  // hidden (none of its versions approved yet, even from its publisher) shortens a page, never ends the listing.
  const hits = await tx<(SkillListRow & { rank: string; sort_key: string; listed: boolean })[]>`
    select r.slug as registry, s.slug, s.name, s.description, s.tags, s.compat, v.version,
           p.username as created_by, s.updated_at, hit.rank, hit.sort_key, coalesce(s.has_approved_version, false) as listed
    from private.search_skills(${registryId}::uuid, ${filters.search}::text, ${filters.tags}::text[], ${filters.compat}::text[],
                               ${filters.cursor?.rank ?? null}::numeric, ${filters.cursor?.key ?? null}::text, ${limit + 1}::integer) hit
    left join skills s on s.id = hit.skill_id
    left join registries r on r.id = s.registry_id
    left join profiles p on p.id = s.created_by
    left join skill_versions v on v.skill_id = s.id and v.is_latest
    order by hit.rank desc, hit.sort_key collate "C"`;
  const page = hits.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.filter((row) => row.listed).map(({ rank: _rank, sort_key: _key, listed: _listed, ...row }) => row),
    nextCursor: hits.length > limit && last ? { rank: last.rank, key: last.sort_key } : null,
  };
}
