/**
 * `report_skill_issue`: tell a skill's maintainers that its
 * instructions failed. Stored in `skill_issues`; RLS lets anyone who can read
 * the skill report, and only its maintainers and registry admins read reports
 * (`GET /api/registries/:slug/skills/:skillSlug/issues`).
 */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { reportIssue } from "../../_shared/domain/issues.ts";
import { registryArg, skillArg } from "./shapes.ts";
import { ADDITIVE_WRITE, defineTool } from "./tool.ts";

/** The `report_skill_issue` tool: NOT_FOUND for a skill the caller cannot read. */
export const reportSkillIssueTool = defineTool({
  name: "report_skill_issue",
  title: "Report an issue with a skill",
  description:
    "Report a problem with a skill to its maintainers: instructions that were wrong, out of date, unclear, or " +
    "that led to an error. Describe what went wrong and, in `context`, what you were trying to do. Reporters " +
    "cannot read reports back; the skill's maintainers and registry admins can.",
  input: {
    registry: registryArg,
    slug: skillArg,
    issue: z.string().trim().min(1).max(10_000).describe("What is wrong with the skill, as specifically as possible"),
    context: z.string().trim().max(10_000).optional().describe("What the agent was trying to do when the issue occurred"),
  },
  output: {
    id: z.string().describe("The report's id"),
    registry: z.string(),
    slug: z.string(),
    status: z.literal("open"),
  },
  annotations: ADDITIVE_WRITE,
  run: async ({ registry, slug, issue, context }, { claims }) => {
    const filed = await withUser(claims, (tx) => reportIssue(tx, { registrySlug: registry, skillSlug: slug, issue, context, userId: claims.sub }));
    return { id: filed.id, registry: filed.registry.slug, slug: filed.skill.slug, status: "open" as const };
  },
  summarize: ({ id, registry, slug }) => `Reported to the maintainers of ${registry}/${slug} (report ${id}, open).`,
});
