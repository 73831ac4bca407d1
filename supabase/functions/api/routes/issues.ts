/**
 * Issue reports on a skill (spec §5.3 `report_skill_issue`, filed through
 * MCP): its maintainers and registry admins list them and close or reopen
 * them. RLS (`skill_issues` policies) decides; the explicit check only turns
 * "you may not read these" into a 403 instead of an empty list.
 */
import { Hono } from "hono";
import { z } from "zod";
import { withUser, type Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { SkillIssue } from "../../_shared/types.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";
import { findSkill } from "../lib/lookup.ts";

const listQuery = z.object({
  status: z.enum(["open", "closed", "all"]).default("open"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const updateIssueBody = z.object({ status: z.enum(["open", "closed"]) }).strict();

/** One report as the database returns it (`SkillIssue` on the wire, dates as ISO strings). */
type IssueRow = Omit<SkillIssue, "created_at" | "updated_at"> & { created_at: Date; updated_at: Date };

async function findTriageableSkill(tx: Tx, registrySlug: string, skillSlug: string) {
  const found = await findSkill(tx, registrySlug, skillSlug);
  const [row] = await tx<{ ok: boolean }[]>`select private.can_write_skill(${found.skill.id}) as ok`;
  if (!row?.ok) {
    throw new ApiError("FORBIDDEN", `Only maintainers of ${registrySlug}/${skillSlug} and admins of '${registrySlug}' can read its issue reports`);
  }
  return found;
}

export const issueRoutes = new Hono<AppEnv>()
  .use("/registries/:slug/skills/:skillSlug/issues", requireUser)
  .use("/registries/:slug/skills/:skillSlug/issues/*", requireUser)
  .get("/registries/:slug/skills/:skillSlug/issues", async (c) => {
    const query = listQuery.parse({ status: c.req.query("status"), limit: c.req.query("limit") });
    const body = await withUser(c.get("claims"), async (tx) => {
      const { skill } = await findTriageableSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      const issues = await tx<IssueRow[]>`
        select i.id, i.issue, i.context, i.status, p.username as reported_by, i.created_at, i.updated_at
        from skill_issues i left join profiles p on p.id = i.reported_by
        where i.skill_id = ${skill.id} and (${query.status} = 'all' or i.status = ${query.status})
        order by i.created_at desc, i.id
        limit ${query.limit}`;
      const [count] = await tx<{ n: number }[]>`
        select count(*)::int as n from skill_issues where skill_id = ${skill.id} and status = 'open'`;
      return { issues, open_count: count?.n ?? 0 };
    });
    return c.json(body);
  })
  .patch("/registries/:slug/skills/:skillSlug/issues/:id", async (c) => {
    const { status } = await parseBody(c, updateIssueBody);
    const id = z.uuid("issue id must be a UUID").parse(c.req.param("id"));
    const issue = await withUser(c.get("claims"), async (tx) => {
      const { skill } = await findTriageableSkill(tx, c.req.param("slug"), c.req.param("skillSlug"));
      const [row] = await tx<IssueRow[]>`
        with updated as (
          update skill_issues set status = ${status} where id = ${id} and skill_id = ${skill.id}
          returning id, issue, context, status, reported_by, created_at, updated_at)
        select u.id, u.issue, u.context, u.status, p.username as reported_by, u.created_at, u.updated_at
        from updated u left join profiles p on p.id = u.reported_by`;
      if (!row) throw new ApiError("NOT_FOUND", `Issue report ${id} not found on ${c.req.param("slug")}/${c.req.param("skillSlug")}`);
      return row;
    });
    return c.json({ issue });
  });
