/**
 * Issue reports on a skill (filed through the MCP tool `report_skill_issue`):
 * its maintainers and registry admins list them and close or reopen them.
 */
import { Hono } from "hono";
import * as z from "zod/mini";
import { withUser } from "../../_shared/db.ts";
import { listIssues, setIssueStatus } from "../../_shared/domain/issues.ts";
import { issueListQuery, issueListResponse, issueResponse, updateIssueBody } from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";

const issueId = z.uuid("issue id must be a UUID");

export const issueRoutes = new Hono<AppEnv>()
  .use("/registries/:slug/skills/:skillSlug/issues", requireUser)
  .use("/registries/:slug/skills/:skillSlug/issues/*", requireUser)
  .get("/registries/:slug/skills/:skillSlug/issues", async (c) => {
    const query = z.parse(issueListQuery, { status: c.req.query("status"), limit: c.req.query("limit") });
    const body = await withUser(c.get("claims"), (tx) => listIssues(tx, c.req.param("slug"), c.req.param("skillSlug"), query));
    return reply(c, issueListResponse, body);
  })
  .patch("/registries/:slug/skills/:skillSlug/issues/:id", async (c) => {
    const { status } = await parseBody(c, updateIssueBody);
    const id = z.parse(issueId, c.req.param("id"));
    const issue = await withUser(c.get("claims"), (tx) => setIssueStatus(tx, c.req.param("slug"), c.req.param("skillSlug"), id, status));
    return reply(c, issueResponse, { issue });
  });
