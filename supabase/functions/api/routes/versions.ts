/** Version routes (spec §3.1): list, publish, get one. */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { publishVersionBody } from "../../_shared/types.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";
import { assertCanWrite, findSkill } from "../lib/lookup.ts";
import { versionDetail } from "../lib/skill-view.ts";
import { publishVersion } from "../lib/versions.ts";

const base = "/registries/:slug/skills/:skillSlug/versions";

export const versionRoutes = new Hono<AppEnv>()
  .use(base, requireUser)
  .use(`${base}/*`, requireUser)
  .get(base, async (c) => {
    const versions = await withUser(c.get("claims"), async (tx) => {
      const { skill } = await findSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      return tx`
        select v.version, v.changelog, v.digest, v.is_latest, v.file_count, v.total_size,
               p.username as published_by, v.created_at
        from skill_versions v join profiles p on p.id = v.published_by
        where v.skill_id = ${skill.id}
        order by v.created_at desc`;
    });
    return c.json({ versions });
  })
  .post(base, async (c) => {
    const body = await parseBody(c, publishVersionBody);
    const claims = c.get("claims");
    const published = await withUser(claims, async (tx) => {
      const { registry, skill } = await findSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      await assertCanWrite(tx, registry.slug, skill);
      return publishVersion(tx, { skillId: skill.id, userId: claims.sub, ...body });
    });
    return c.json({ version: published.version, changelog: body.changelog ?? null, digest: published.digest }, 201);
  })
  .get(`${base}/:version`, async (c) => {
    const version = await withUser(c.get("claims"), async (tx) => {
      const { registry, skill } = await findSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      return versionDetail(tx, registry, skill, c.req.param("version"));
    });
    return c.json({ version });
  });
