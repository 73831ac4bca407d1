/** Wire shapes of the issue-report routes: /api/registries/:slug/skills/:skillSlug/issues[/:id]. */
import * as z from "zod/mini";

/** Query of GET /api/registries/:slug/skills/:skillSlug/issues: which reports (default open) and how many (default 50, at most 200). */
export const issueListQuery = z.object({
  status: z._default(z.enum(["open", "closed", "all"]), "open"),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
});
/** The issue list query as the server reads it. */
export type IssueListQuery = z.output<typeof issueListQuery>;

/** PATCH /api/registries/:slug/skills/:skillSlug/issues/:id body: close or reopen a report. */
export const updateIssueBody = z.strictObject({ status: z.enum(["open", "closed"]) });

/** One issue report on a skill (filed through MCP `report_skill_issue`); `reported_by` is a username, null once the account is gone. */
export const skillIssue = z.object({
  id: z.string(),
  issue: z.string(),
  context: z.nullable(z.string()),
  status: z.enum(["open", "closed"]),
  reported_by: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
/** An issue report. */
export type SkillIssue = z.output<typeof skillIssue>;

/** GET /api/registries/:slug/skills/:skillSlug/issues response: newest first, and how many are open in all. */
export const issueListResponse = z.object({ issues: z.array(skillIssue), open_count: z.number().check(z.int(), z.nonnegative()) });
/** A page of issue reports. */
export type IssueListResponse = z.output<typeof issueListResponse>;

/** PATCH /api/registries/:slug/skills/:skillSlug/issues/:id response: the report with its new status. */
export const issueResponse = z.object({ issue: skillIssue });
