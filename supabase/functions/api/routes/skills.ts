/**
 * Skill routes: list (filtered, searched, paginated), create (with its first
 * version, sent as SKILL.md text or as a whole folder), get (the skill with
 * its latest version's content and manifest, at the top level), update
 * metadata, delete.
 */
import { Hono } from "hono";
import { encodeCursor } from "../../_shared/cursor.ts";
import { withUser } from "../../_shared/db.ts";
import type { SkillRow } from "../../_shared/domain/registries.ts";
import { publishReview } from "../../_shared/domain/reviews.ts";
import { listSkillsPage } from "../../_shared/domain/search.ts";
import { sentFolder } from "../../_shared/domain/sent-folder.ts";
import { createSkill, deleteSkill, skillDetail, updateSkill, type CreateAdvice } from "../../_shared/domain/skills.ts";
import {
  createSkillBody,
  createSkillResponse,
  skillDetailResponse,
  skillListResponse,
  updateSkillBody,
  updateSkillResponse,
} from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";
import { listingParams } from "../lib/params.ts";

/** An API client that may not create a skill asks an admin. */
const createAdvice: CreateAdvice = { forbidden: () => ". Contact a registry admin.", conflict: "" };

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
    const page = await withUser(c.get("claims"), (tx) => listSkillsPage(tx, c.req.param("slug"), params));
    return reply(c, skillListResponse, {
      skills: page.rows.map(({ registry: _r, ...row }) => row),
      next_cursor: page.nextCursor && encodeCursor(page.nextCursor),
    });
  })
  .post("/registries/:slug/skills", async (c) => {
    const { content, files, ...skill } = await parseBody(c, createSkillBody);
    const folder = sentFolder({ content, files });
    const claims = c.get("claims");
    const { review, ...created } = await withUser(claims, async (tx) => {
      const made = await createSkill(tx, c.req.param("slug"), { ...skill, files: folder, userId: claims.sub }, createAdvice);
      return { ...made, review: await publishReview(tx, made.registry.slug, made.version.status) };
    });
    return reply(
      c,
      createSkillResponse,
      {
        skill: skillSummary(created.registry.slug, created.skill),
        version: created.version.version,
        digest: created.version.digest,
        warnings: created.version.warnings,
        ...review,
      },
      201,
    );
  })
  .get("/registries/:slug/skills/:skillSlug", async (c) => {
    const detail = await withUser(c.get("claims"), (tx) => skillDetail(tx, c.req.param("slug"), c.req.param("skillSlug")));
    return reply(c, skillDetailResponse, {
      ...skillSummary(detail.registry.slug, detail.skill),
      version: detail.latest.version,
      content: detail.latest.content,
      digest: detail.latest.digest,
      files: detail.latest.files,
      created_by: detail.createdBy,
      created_at: detail.skill.created_at,
      maintainers: detail.maintainers,
    });
  })
  .put("/registries/:slug/skills/:skillSlug", async (c) => {
    const body = await parseBody(c, updateSkillBody);
    const updated = await withUser(c.get("claims"), (tx) => updateSkill(tx, c.req.param("slug"), c.req.param("skillSlug"), body));
    return reply(c, updateSkillResponse, { skill: skillSummary(updated.registry.slug, updated.skill) });
  })
  .delete("/registries/:slug/skills/:skillSlug", async (c) => {
    await withUser(c.get("claims"), (tx) => deleteSkill(tx, c.req.param("slug"), c.req.param("skillSlug")));
    return c.body(null, 204);
  });
