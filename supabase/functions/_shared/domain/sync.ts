/**
 * Sync: resolves many skills at once and returns, for each, the version, the
 * folder digest and the file manifest, but no bytes, so a client that
 * already has the files downloads nothing; the manifest too is left out when
 * the request says the client holds that digest (`have`). One query
 * (`private.sync_candidates`, as the caller) serves the usual case: the
 * latest version's manifest comes with the versions; a second one runs only
 * for skills pinned below their latest (or asked twice, once with `have`).
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
}

/** Resolves every requested skill the caller can read; the others are errors, in request order. */
export async function syncSkills(tx: Tx, wanted: SyncRequest["skills"]): Promise<{ skills: SyncedSkill[]; errors: SyncError[] }> {
  const found = await tx<CandidateRow[]>`
    select * from private.sync_candidates(
      ${wanted.map((s) => s.registry)}::text[], ${wanted.map((s) => s.slug)}::text[], ${wanted.map((s) => s.have ?? null)}::text[])`;
  const { chosen, errors } = resolveSync(wanted, found);
  const held = (c: (typeof chosen)[number]) => c.have === c.version.digest;
  // Below the latest, or the latest left out for a duplicate of this skill in the request that holds it.
  const inline = (c: (typeof chosen)[number]) => (c.version.is_latest ? c.skill.latest_files : null);
  const missing = chosen.filter((c) => !held(c) && !inline(c)).map((c) => c.version.id);
  const otherFiles = new Map<string, FileEntry[]>();
  if (missing.length > 0) {
    const rows = await tx<(FileEntry & { version_id: string })[]>`
      select version_id, path, sha256, size, executable from skill_files
      where version_id = any(${missing}::uuid[]) order by path`;
    for (const { version_id, ...file } of rows) otherFiles.set(version_id, [...(otherFiles.get(version_id) ?? []), file]);
  }
  const skills: SyncedSkill[] = chosen.map((c) => ({
    registry: c.skill.registry,
    slug: c.skill.slug,
    name: c.skill.name,
    description: c.skill.description,
    tags: c.skill.tags,
    compat: c.skill.compat,
    version: c.version.version,
    digest: c.version.digest,
    ...(held(c) ? {} : { files: inline(c) ?? otherFiles.get(c.version.id) ?? [] }),
  }));
  return { skills, errors };
}
