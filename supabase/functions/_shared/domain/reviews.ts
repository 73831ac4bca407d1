/**
 * Reviewing versions in a registry that requires approval: what waits, and
 * an admin's decision. The database decides who may see and decide (RLS and
 * private.guard_version_update); the checks here give each refusal its status
 * and message: 403 for a non-admin, 404 for a version that is not there, 409
 * for one that is not pending (also when another admin decided first).
 */
import type { PageCursor } from "../cursor.ts";
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import { parseSkillMd, type SkillMd } from "../skill-md.ts";
import type { PendingReview, ReviewedVersion, ReviewStatus } from "../wire/index.ts";
import { MAX_PAGE } from "../wire/listing.ts";
import { findRegistry, findSkill, requireAdmin } from "./registries.ts";
import { followSkillMd, parseVersion } from "./versions.ts";

/** Usernames of the registry's admins, who review its pending versions. */
export async function registryReviewers(tx: Tx, registryId: string): Promise<string[]> {
  const rows = await tx<{ username: string }[]>`
    select p.username from registry_members m join profiles p on p.id = m.user_id
    where m.registry_id = ${registryId} and m.role = 'admin' order by p.username`;
  return rows.map((r) => r.username);
}

/**
 * The pending versions of a registry the caller may see (an admin: all; a
 * publisher or maintainer: theirs; anyone else: none), oldest first.
 * @returns one page, the registry's reviewers, and the cursor of the next page (null on the last).
 * @throws ApiError NOT_FOUND for a registry the caller cannot read.
 */
export async function listReviews(
  tx: Tx,
  registrySlug: string,
  page: { limit?: number; cursor?: PageCursor | null },
): Promise<{ reviews: PendingReview[]; reviewers: string[]; nextCursor: PageCursor | null }> {
  const registry = await findRegistry(tx, registrySlug);
  const limit = Math.min(Math.max(page.limit ?? MAX_PAGE, 1), MAX_PAGE);
  // The cursor is the last row's publish time in microseconds and its id.
  const rows = await tx<(PendingReview & { id: string; at: string })[]>`
    select v.id, (extract(epoch from v.created_at) * 1000000)::bigint::text as at,
           s.slug as skill, s.name, v.version, v.changelog, v.digest, v.file_count, v.total_size::float8 as total_size,
           p.username as published_by, v.created_at, l.version as latest_version
    from skill_versions v
    join skills s on s.id = v.skill_id
    left join profiles p on p.id = v.published_by
    left join skill_versions l on l.skill_id = v.skill_id and l.is_latest
    where v.registry_id = ${registry.id} and v.status = 'pending'
      and (${page.cursor?.rank ?? null}::bigint is null
           or (extract(epoch from v.created_at) * 1000000)::bigint > ${page.cursor?.rank ?? null}::bigint
           or ((extract(epoch from v.created_at) * 1000000)::bigint = ${page.cursor?.rank ?? null}::bigint and v.id::text > ${page.cursor?.key ?? ""}))
    order by v.created_at, v.id
    limit ${limit + 1}`;
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    reviews: shown.map(({ id: _id, at: _at, ...review }) => review),
    reviewers: await registryReviewers(tx, registry.id),
    nextCursor: rows.length > limit && last ? { rank: last.at, key: last.id } : null,
  };
}

/** An admin's decision on a pending version. */
export type ReviewDecision = "approved" | "rejected";

/**
 * Approves or rejects a pending version of `registry/skill` (admins only),
 * with an optional note for its publisher. Approving makes it the latest when
 * it is above the latest approved version (the database moves the flag), and
 * then the skill's name and description follow its SKILL.md.
 * @throws ApiError NOT_FOUND for the registry, skill or version; FORBIDDEN for
 *   a non-admin (or one demoted meanwhile); CONFLICT when the version is not
 *   pending, also when another admin decided it first; VALIDATION_ERROR for a version that is not semver.
 */
export async function reviewVersion(
  tx: Tx,
  registrySlug: string,
  skillSlug: string,
  version: string,
  decision: ReviewDecision,
  note: string | null,
): Promise<ReviewedVersion> {
  const { registry, skill } = await findSkill(tx, registrySlug, skillSlug);
  requireAdmin(registry, "approve or reject versions");
  parseVersion(version);
  // Reviews, yanks and publishes of one skill take turns on its row, so a second decision sees the first.
  await tx`select 1 from skills where id = ${skill.id} for update`;
  const [current] = await tx<{ id: string; status: string }[]>`
    select id, status from skill_versions where skill_id = ${skill.id} and version = ${version}`;
  if (!current) throw new ApiError("NOT_FOUND", `Version ${version} of '${skill.slug}' not found in registry '${registry.slug}'`);
  if (current.status !== "pending") {
    throw new ApiError("CONFLICT", `Version ${version} of '${skill.slug}' is ${current.status}, not pending review`);
  }
  const [row] = await governed(() =>
    tx<(Omit<ReviewedVersion, "skill"> & { content: string })[]>`
      update skill_versions set status = ${decision}, review_note = ${note}
      where id = ${current.id} and status = 'pending'
      returning version, status, review_note, (select username from profiles where id = reviewed_by) as reviewed_by,
                reviewed_at, is_latest, content`
  );
  if (!row) throw new ApiError("CONFLICT", `Version ${version} of '${skill.slug}' was decided meanwhile`);
  const { content, ...reviewed } = row;
  if (reviewed.is_latest) await followSkillMd(tx, skill.id, skill, parseSkillMd(content) as SkillMd, undefined);
  return { skill: skill.slug, ...reviewed };
}

/**
 * Runs a statement the governance triggers may refuse, with their refusals as API errors.
 * @throws ApiError CONFLICT for SK002 (the version's state does not allow it), FORBIDDEN for 42501.
 */
export async function governed<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as { message?: string }).message ?? "";
    if (code === "SK002") throw new ApiError("CONFLICT", message.charAt(0).toUpperCase() + message.slice(1));
    if (code === "42501") throw new ApiError("FORBIDDEN", "You don't have permission to do that any more. Contact a registry admin.");
    throw error;
  }
}

/**
 * What a publish answer says about review: its status, and for a pending
 * version the admins who will review it.
 */
export async function publishReview(
  tx: Tx,
  registrySlug: string,
  status: ReviewStatus,
): Promise<{ status: ReviewStatus; reviewers?: string[] }> {
  if (status !== "pending") return { status };
  const registry = await findRegistry(tx, registrySlug);
  return { status, reviewers: await registryReviewers(tx, registry.id) };
}
