/**
 * POST /api/sync (spec §3.3): resolves many skills at once and returns, for
 * each, the version, the folder digest and the file manifest, but no bytes,
 * so a client that already has the files downloads nothing. One query
 * (`private.sync_candidates`, as the caller) serves the usual case: the latest
 * version's manifest comes with the versions; a second one runs only for
 * skills pinned below their latest.
 */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { syncRequest, type FileEntry, type ResolvedSkill } from "../../_shared/types.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";
import { resolveSync, type SkillCandidates } from "../lib/sync-resolution.ts";

interface SkillRow extends SkillCandidates {
  name: string;
  description: string | null;
  tags: string[];
  compat: string[];
  latest_files: FileEntry[] | null;
}

export const syncRoutes = new Hono<AppEnv>().post("/sync", requireUser, async (c) => {
  const body = await parseBody(c, syncRequest);
  const result = await withUser(c.get("claims"), async (tx) => {
    const found = await tx<SkillRow[]>`
      select * from private.sync_candidates(${body.skills.map((s) => s.registry)}::text[], ${body.skills.map((s) => s.slug)}::text[])`;
    const { chosen, errors } = resolveSync(body.skills, found);
    const older = chosen.filter((c) => !c.version.is_latest).map((c) => c.version.id);
    const olderFiles = new Map<string, FileEntry[]>();
    if (older.length > 0) {
      const rows = await tx<(FileEntry & { version_id: string })[]>`
        select version_id, path, sha256, size, executable from skill_files
        where version_id = any(${older}::uuid[]) order by path`;
      for (const { version_id, ...file } of rows) olderFiles.set(version_id, [...(olderFiles.get(version_id) ?? []), file]);
    }
    const skills: ResolvedSkill[] = chosen.map(({ skill, version }) => ({
      registry: skill.registry,
      slug: skill.slug,
      name: skill.name,
      description: skill.description,
      tags: skill.tags,
      compat: skill.compat,
      version: version.version,
      digest: version.digest,
      files: (version.is_latest ? skill.latest_files : olderFiles.get(version.id)) ?? [],
    }));
    return { skills, errors };
  });
  return c.json(result);
});
