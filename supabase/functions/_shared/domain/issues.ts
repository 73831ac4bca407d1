/**
 * Issue reports on a skill: anyone who can read a skill files one (the MCP
 * tool `report_skill_issue`); its maintainers and the registry's admins list
 * them and close or reopen them. RLS (`skill_issues` policies) decides; the
 * explicit check only turns "you may not read these" into a 403 instead of
 * an empty list.
 */
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import { findSkill, type FoundSkill } from "./registries.ts";

/** One report as the database returns it (dates as Date). */
export interface IssueRow {
  id: string;
  issue: string;
  context: string | null;
  status: "open" | "closed";
  reported_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** @throws ApiError NOT_FOUND; FORBIDDEN unless the caller may triage the skill's reports (`private.can_write_skill`). */
async function findTriageableSkill(tx: Tx, registrySlug: string, skillSlug: string): Promise<FoundSkill> {
  const found = await findSkill(tx, registrySlug, skillSlug);
  const [row] = await tx<{ ok: boolean }[]>`select private.can_write_skill(${found.skill.id}) as ok`;
  if (!row?.ok) {
    throw new ApiError("FORBIDDEN", `Only maintainers of ${registrySlug}/${skillSlug} and admins of '${registrySlug}' can read its issue reports`);
  }
  return found;
}

/**
 * The newest `limit` reports with that status (or all), and how many are open in all.
 * @throws ApiError NOT_FOUND; FORBIDDEN for a caller who may not triage.
 */
export async function listIssues(
  tx: Tx,
  registrySlug: string,
  skillSlug: string,
  query: { status: "open" | "closed" | "all"; limit: number },
): Promise<{ issues: IssueRow[]; open_count: number }> {
  const { skill } = await findTriageableSkill(tx, registrySlug, skillSlug);
  const issues = await tx<IssueRow[]>`
    select i.id, i.issue, i.context, i.status, p.username as reported_by, i.created_at, i.updated_at
    from skill_issues i left join profiles p on p.id = i.reported_by
    where i.skill_id = ${skill.id} and (${query.status} = 'all' or i.status = ${query.status})
    order by i.created_at desc, i.id
    limit ${query.limit}`;
  const [count] = await tx<{ n: number }[]>`
    select count(*)::int as n from skill_issues where skill_id = ${skill.id} and status = 'open'`;
  return { issues, open_count: count?.n ?? 0 };
}

/**
 * Closes or reopens one report.
 * @throws ApiError NOT_FOUND for the skill or a report not on it; FORBIDDEN for a caller who may not triage.
 */
export async function setIssueStatus(
  tx: Tx,
  registrySlug: string,
  skillSlug: string,
  id: string,
  status: "open" | "closed",
): Promise<IssueRow> {
  const { skill } = await findTriageableSkill(tx, registrySlug, skillSlug);
  const [row] = await tx<IssueRow[]>`
    with updated as (
      update skill_issues set status = ${status} where id = ${id} and skill_id = ${skill.id}
      returning id, issue, context, status, reported_by, created_at, updated_at)
    select u.id, u.issue, u.context, u.status, p.username as reported_by, u.created_at, u.updated_at
    from updated u left join profiles p on p.id = u.reported_by`;
  if (!row) throw new ApiError("NOT_FOUND", `Issue report ${id} not found on ${registrySlug}/${skillSlug}`);
  return row;
}

/**
 * Files a report on `registry/skill` as the caller.
 * @returns the report's id and the skill it is on.
 * @throws ApiError NOT_FOUND for a skill the caller cannot read.
 */
export async function reportIssue(
  tx: Tx,
  input: { registrySlug: string; skillSlug: string; issue: string; context?: string; userId: string },
): Promise<{ id: string } & FoundSkill> {
  const found = await findSkill(tx, input.registrySlug, input.skillSlug);
  // The id is made here: reporters may insert but not read reports, so `returning` would be refused.
  const id = crypto.randomUUID();
  await tx`
    insert into skill_issues (id, skill_id, reported_by, issue, context)
    values (${id}, ${found.skill.id}, ${input.userId}, ${input.issue}, ${input.context || null})`;
  return { id, ...found };
}
