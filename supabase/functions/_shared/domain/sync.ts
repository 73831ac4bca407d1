/**
 * Sync: resolves many skills at once and returns, for each, the version, its
 * SKILL.md (text and sha256), the folder digest and the file manifest, but
 * no other bytes, so a client that already has the files downloads nothing;
 * the text and the manifest are left out when the request says the client
 * holds that digest (`have`). One query (`private.sync_candidates`, as the
 * caller) serves the usual case: the latest version's SKILL.md and manifest
 * come with the versions; a second one runs only for skills pinned below
 * their latest (or asked twice, once with `have`).
 */
import type { Tx } from "../db.ts";
import type { FileEntry, SyncedSkill, SyncError, SyncRequest } from "../wire/index.ts";
import { resolveSync, type SkillCandidates } from "./sync-resolution.ts";

interface CandidateRow extends SkillCandidates {
  name: string;
  description: string | null;
  tags: string[];
  compat: string[];
  latest_files: FileEntry[] | null;
  /** Hex sha256 of the latest version's SKILL.md. */
  latest_skill_md: string | null;
  latest_content: string | null;
  /** The skill's deprecation message. */
  deprecated: string | null;
}

/** A version's SKILL.md text and manifest. */
interface Folder {
  content: string;
  files: FileEntry[];
}

/** Resolves every requested skill the caller can read; the others are errors, in request order. */
export async function syncSkills(tx: Tx, wanted: SyncRequest["skills"]): Promise<{ skills: SyncedSkill[]; errors: SyncError[] }> {
  const found = await tx<CandidateRow[]>`
    select * from private.sync_candidates(
      ${wanted.map((s) => s.registry)}::text[], ${wanted.map((s) => s.slug)}::text[], ${wanted.map((s) => s.have ?? null)}::text[])`;
  const { chosen, errors } = resolveSync(wanted, found);
  type Chosen = (typeof chosen)[number];
  const held = (c: Chosen) => c.have === c.version.digest;
  // Null below the latest, or for the latest left out for a duplicate of this skill in the request that holds it.
  const latest = (c: Chosen): Folder | null =>
    c.version.is_latest && c.skill.latest_files !== null && c.skill.latest_content !== null
      ? { content: c.skill.latest_content, files: c.skill.latest_files }
      : null;
  const folders = await foldersOf(tx, chosen.filter((c) => !held(c) && !latest(c)).map((c) => c.version.id));
  // Held below the latest: SKILL.md's sha256 is all the answer needs.
  const skillMds = await skillMdHashes(tx, chosen.filter((c) => held(c) && !c.version.is_latest).map((c) => c.version.id));
  const skills: SyncedSkill[] = chosen.map((c) => {
    const folder = held(c) ? null : (latest(c) ?? folders.get(c.version.id)!);
    // Every version has a SKILL.md: the database refuses one without.
    const sha256 = folder
      ? folder.files.find((f) => f.path === "SKILL.md")!.sha256
      : c.version.is_latest
      ? c.skill.latest_skill_md!
      : skillMds.get(c.version.id)!;
    return {
      registry: c.skill.registry,
      slug: c.skill.slug,
      name: c.skill.name,
      description: c.skill.description,
      tags: c.skill.tags,
      compat: c.skill.compat,
      version: c.version.version,
      sha256,
      digest: c.version.digest,
      ...folder,
      ...(c.version.yanked ? { yanked: { reason: c.version.yanked } } : {}),
      ...(c.version.deprecated || c.skill.deprecated ? { deprecated: (c.version.deprecated || c.skill.deprecated)! } : {}),
    };
  });
  return { skills, errors };
}

/** The SKILL.md text and manifest of each version, by id; no query for none. */
async function foldersOf(tx: Tx, versionIds: string[]): Promise<Map<string, Folder>> {
  if (versionIds.length === 0) return new Map();
  const rows = await tx<(Folder & { id: string })[]>`
    select v.id, v.content,
           coalesce((select json_agg(json_build_object('path', f.path, 'sha256', f.sha256, 'size', f.size, 'executable', f.executable) order by f.path)
                     from skill_files f where f.version_id = v.id), '[]'::json) as files
    from skill_versions v where v.id = any(${versionIds}::uuid[])`;
  return new Map(rows.map(({ id, ...folder }) => [id, folder]));
}

/** The hex sha256 of each version's SKILL.md, by id; no query for none. */
async function skillMdHashes(tx: Tx, versionIds: string[]): Promise<Map<string, string>> {
  if (versionIds.length === 0) return new Map();
  const rows = await tx<{ version_id: string; sha256: string }[]>`
    select version_id, sha256 from skill_files where version_id = any(${versionIds}::uuid[]) and path = 'SKILL.md'`;
  return new Map(rows.map((r) => [r.version_id, r.sha256]));
}
