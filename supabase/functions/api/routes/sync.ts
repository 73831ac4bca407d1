/**
 * POST /api/sync (spec §3.3): resolves many skills at once and returns, for
 * each, the version, the folder digest and the file manifest, but no bytes,
 * so a client that already has the files downloads nothing.
 */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { syncRequest, type ResolvedSkill, type SyncError } from "../../_shared/types.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";
import { resolveConstraint } from "../lib/resolve.ts";

interface VersionRow {
  registry: string;
  slug: string;
  name: string;
  description: string | null;
  tags: string[];
  compat: string[];
  version_id: string;
  version: string;
  digest: string;
}

export const syncRoutes = new Hono<AppEnv>().post("/sync", requireUser, async (c) => {
  const body = await parseBody(c, syncRequest);
  const result = await withUser(c.get("claims"), async (tx) => {
    const rows = await tx<VersionRow[]>`
      select r.slug as registry, s.slug, s.name, s.description, s.tags, s.compat,
             v.id as version_id, v.version, v.digest
      from unnest(${body.skills.map((s) => s.registry)}::text[], ${body.skills.map((s) => s.slug)}::text[]) as want(registry, slug)
      join registries r on r.slug = want.registry
      join skills s on s.registry_id = r.id and s.slug = want.slug
      join skill_versions v on v.skill_id = s.id`;
    const byKey = new Map<string, VersionRow[]>();
    for (const row of rows) {
      const key = `${row.registry}/${row.slug}`;
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
    const chosen: VersionRow[] = [];
    const errors: SyncError[] = [];
    for (const want of body.skills) {
      const candidates = byKey.get(`${want.registry}/${want.slug}`) ?? [];
      if (candidates.length === 0) {
        errors.push({ ...want, code: "NOT_FOUND", message: `Skill '${want.slug}' not found in registry '${want.registry}'` });
        continue;
      }
      const resolution = resolveConstraint(candidates.map((r) => r.version), want.version);
      if (!resolution.ok) {
        errors.push({ ...want, code: resolution.code, message: `${want.registry}/${want.slug}: ${resolution.message}` });
        continue;
      }
      chosen.push(candidates.find((r) => r.version === resolution.version)!);
    }
    const files = chosen.length === 0 ? [] : await tx<{ version_id: string; path: string; sha256: string; size: number; executable: boolean }[]>`
      select version_id, path, sha256, size, executable from skill_files
      where version_id = any(${chosen.map((r) => r.version_id)}::uuid[]) order by path`;
    const skills: ResolvedSkill[] = chosen.map(({ version_id, ...row }) => ({
      ...row,
      files: files.filter((f) => f.version_id === version_id).map(({ version_id: _v, ...f }) => f),
    }));
    return { skills, errors };
  });
  return c.json(result);
});
