/**
 * Skill routes (spec §3.1): list (filtered, searched, paginated), create (with its first version), get
 * (latest version's content and manifest), update metadata, delete.
 */
import { Hono } from "hono";
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { createSkillBody } from "../../_shared/types.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";
import { encodeCursor, listingParams } from "../lib/params.ts";
import { assertCanWrite, findRegistry, findSkill, type SkillRow } from "../lib/lookup.ts";
import { listSkillsPage, maintainers, versionDetail } from "../lib/skill-view.ts";
import { publishVersion } from "../lib/versions.ts";

const updateSkillBody = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(2000).nullable(),
    tags: z.array(z.string().min(1).max(50)).max(30),
    compat: z.array(z.string().min(1).max(50)).max(30),
    metadata: z.record(z.string(), z.string()),
  })
  .partial()
  .strict();

function skillSummary(registry: string, skill: SkillRow) {
  return {
    registry,
    slug: skill.slug,
    name: skill.name,
    description: skill.description,
    tags: skill.tags,
    compat: skill.compat,
    metadata: skill.metadata,
    updated_at: skill.updated_at,
  };
}

export const skillRoutes = new Hono<AppEnv>()
  .use("/registries/:slug/skills", requireUser)
  .use("/registries/:slug/skills/*", requireUser)
  .get("/registries/:slug/skills", async (c) => {
    const params = listingParams(c, "search");
    const page = await withUser(c.get("claims"), async (tx) => {
      const registry = await findRegistry(tx, c.req.param("slug"));
      return listSkillsPage(tx, registry.id, params);
    });
    return c.json({
      skills: page.rows.map(({ registry: _r, ...row }) => row),
      next_cursor: page.nextCursor && encodeCursor(page.nextCursor),
    });
  })
  .post("/registries/:slug/skills", async (c) => {
    const body = await parseBody(c, createSkillBody);
    const claims = c.get("claims");
    const result = await withUser(claims, async (tx) => {
      const registry = await findRegistry(tx, c.req.param("slug"));
      if (registry.role !== "contributor" && registry.role !== "admin") {
        throw new ApiError("FORBIDDEN", `Only contributors and admins can create skills in '${registry.slug}'. Contact a registry admin.`);
      }
      const [existing] = await tx`select 1 from skills where registry_id = ${registry.id} and slug = ${body.slug}`;
      if (existing) throw new ApiError("CONFLICT", `A skill named '${body.slug}' already exists in registry '${registry.slug}'`);
      const [skill] = await tx<SkillRow[]>`
        insert into skills (registry_id, slug, name, description, tags, compat, metadata, created_by)
        values (${registry.id}, ${body.slug}, ${body.name}, ${body.description ?? null}, ${body.tags}, ${body.compat},
                ${tx.json(body.metadata)}, ${claims.sub})
        returning id, registry_id, slug, name, description, tags, compat, metadata, created_by, created_at, updated_at`;
      const version = await publishVersion(tx, {
        skillId: skill!.id,
        userId: claims.sub,
        version: body.version,
        files: body.files,
        changelog: body.changelog,
      });
      return { skill: skillSummary(registry.slug, skill!), version: version.version, digest: version.digest };
    });
    return c.json(result, 201);
  })
  .get("/registries/:slug/skills/:skillSlug", async (c) => {
    const skill = await withUser(c.get("claims"), async (tx) => {
      const { registry, skill } = await findSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      const latest = await versionDetail(tx, registry, skill, null);
      const [creator] = await tx<{ username: string }[]>`select username from profiles where id = ${skill.created_by}`;
      return {
        ...skillSummary(registry.slug, skill),
        version: latest.version,
        content: latest.content,
        digest: latest.digest,
        files: latest.files,
        created_by: creator?.username ?? null,
        created_at: skill.created_at,
        maintainers: await maintainers(tx, skill.id),
      };
    });
    return c.json({ skill });
  })
  .put("/registries/:slug/skills/:skillSlug", async (c) => {
    const body = await parseBody(c, updateSkillBody);
    const skill = await withUser(c.get("claims"), async (tx) => {
      const { registry, skill } = await findSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      await assertCanWrite(tx, registry.slug, skill);
      const [updated] = await tx<SkillRow[]>`
        update skills set
          name = coalesce(${body.name ?? null}, name),
          description = case when ${body.description !== undefined} then ${body.description ?? null} else description end,
          tags = coalesce(${body.tags ?? null}::text[], tags),
          compat = coalesce(${body.compat ?? null}::text[], compat),
          metadata = coalesce(${body.metadata ? tx.json(body.metadata) : null}::jsonb, metadata)
        where id = ${skill.id}
        returning id, registry_id, slug, name, description, tags, compat, metadata, created_by, created_at, updated_at`;
      // RLS re-checks write access at this statement: it may have been revoked meanwhile.
      if (!updated) throw new ApiError("FORBIDDEN", `You don't have write access to ${registry.slug}/${skill.slug}. Contact a registry admin.`);
      return skillSummary(registry.slug, updated);
    });
    return c.json({ skill });
  })
  .delete("/registries/:slug/skills/:skillSlug", async (c) => {
    await withUser(c.get("claims"), async (tx) => {
      const { registry, skill } = await findSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      if (registry.role !== "admin") {
        throw new ApiError("FORBIDDEN", `Only admins of '${registry.slug}' can delete skills`);
      }
      const deleted = await tx`delete from skills where id = ${skill.id} returning id`;
      if (deleted.length === 0) throw new ApiError("FORBIDDEN", `Only admins of '${registry.slug}' can delete skills`);
    });
    return c.body(null, 204);
  });
