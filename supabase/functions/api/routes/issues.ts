/**
 * Issue reports on a skill (filed through the MCP tool `report_skill_issue`):
 * its maintainers and registry admins list them and close or reopen them.
 */
import { Hono } from "hono";
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { listIssues, setIssueStatus } from "../../_shared/domain/issues.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";

const listQuery = z.object({
  status: z.enum(["open", "closed", "all"]).default("open"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const updateIssueBody = z.object({ status: z.enum(["open", "closed"]) }).strict();

export const issueRoutes = new Hono<AppEnv>()
  .use("/registries/:slug/skills/:skillSlug/issues", requireUser)
  .use("/registries/:slug/skills/:skillSlug/issues/*", requireUser)
  .get("/registries/:slug/skills/:skillSlug/issues", async (c) => {
    const query = listQuery.parse({ status: c.req.query("status"), limit: c.req.query("limit") });
    const body = await withUser(c.get("claims"), (tx) => listIssues(tx, c.req.param("slug"), c.req.param("skillSlug"), query));
    return c.json(body);
  })
  .patch("/registries/:slug/skills/:skillSlug/issues/:id", async (c) => {
    const { status } = await parseBody(c, updateIssueBody);
    const id = z.uuid("issue id must be a UUID").parse(c.req.param("id"));
    const issue = await withUser(c.get("claims"), (tx) => setIssueStatus(tx, c.req.param("slug"), c.req.param("skillSlug"), id, status));
    return c.json({ issue });
  });
