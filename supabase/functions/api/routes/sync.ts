/**
 * POST /api/sync (spec §3.3): resolves many skills at once and returns, for
 * each, the version, the folder digest and the file manifest, but no bytes,
 * so a client that already has the files downloads nothing. One query serves
 * the usual case (the latest version's manifest comes with the versions); a
 * second one runs only for skills pinned below their latest.
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
      select r.slug as registry, s.slug, s.name, s.description, s.tags, s.compat,
             coalesce((select json_agg(json_build_object('id', v.id, 'version', v.version, 'digest', v.digest, 'is_latest', v.is_latest))
                       from skill_versions v where v.skill_id = s.id), '[]') as versions,
             (select json_agg(json_build_object('path', f.path, 'sha256', f.sha256, 'size', f.size, 'executable', f.executable) order by f.path)
              from skill_versions lv join skill_files f on f.version_id = lv.id
              where lv.skill_id = s.id and lv.is_latest) as latest_files
      from unnest(${body.skills.map((s) => s.registry)}::text[], ${body.skills.map((s) => s.slug)}::text[]) as want(registry, slug)
      join registries r on r.slug = want.registry
      join skills s on s.registry_id = r.id and s.slug = want.slug`;
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
