/**
 * Maintainers of a skill: contributors who may publish to a skill they did
 * not create. Readers of the skill see them; its creator (while a
 * contributor) and the registry's admins add and remove them.
 */
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import { findSkill, type SkillRow } from "./registries.ts";

/** One maintainer of a skill. */
export interface MaintainerRow {
  user_id: string;
  username: string;
  display_name: string | null;
}

/** Usernames of the skill's maintainers, sorted. */
export async function maintainerUsernames(tx: Tx, skillId: string): Promise<string[]> {
  const rows = await tx<{ username: string }[]>`
    select p.username from skill_maintainers sm join profiles p on p.id = sm.user_id
    where sm.skill_id = ${skillId} order by p.username`;
  return rows.map((r) => r.username);
}

/**
 * The maintainers of `registry/skill` by username.
 * @throws ApiError NOT_FOUND for a skill the caller cannot read.
 */
export async function listMaintainers(tx: Tx, registrySlug: string, skillSlug: string): Promise<MaintainerRow[]> {
  const { skill } = await findSkill(tx, registrySlug, skillSlug);
  return tx<MaintainerRow[]>`
    select p.id as user_id, p.username, p.display_name
    from skill_maintainers sm join profiles p on p.id = sm.user_id
    where sm.skill_id = ${skill.id} order by p.username`;
}

/** @throws ApiError FORBIDDEN unless the caller may manage the skill's maintainers. */
async function assertCanManage(tx: Tx, registrySlug: string, skill: SkillRow): Promise<void> {
  const [row] = await tx<{ ok: boolean }[]>`select private.can_manage_maintainers(${skill.id}) as ok`;
  if (!row?.ok) {
    throw new ApiError(
      "FORBIDDEN",
      `Only the creator of ${registrySlug}/${skill.slug} and admins of '${registrySlug}' can manage its maintainers`,
    );
  }
}

/**
 * Makes `username` a maintainer of `registry/skill`.
 * @throws ApiError NOT_FOUND for the skill or user; FORBIDDEN unless the caller
 *   may manage maintainers; VALIDATION_ERROR when the user is not a contributor
 *   or admin of the registry; CONFLICT when they already maintain it.
 */
export async function addMaintainer(tx: Tx, registrySlug: string, skillSlug: string, username: string): Promise<MaintainerRow> {
  const { registry, skill } = await findSkill(tx, registrySlug, skillSlug);
  await assertCanManage(tx, registry.slug, skill);
  const [user] = await tx<(MaintainerRow & { role: string | null; maintains: boolean })[]>`
    select p.id as user_id, p.username, p.display_name, m.role,
           exists (select 1 from skill_maintainers sm where sm.skill_id = ${skill.id} and sm.user_id = p.id) as maintains
    from profiles p
    left join registry_members m on m.registry_id = ${registry.id} and m.user_id = p.id
    where p.username = ${username}`;
  if (!user) throw new ApiError("NOT_FOUND", `User '${username}' not found`);
  // Write access needs the contributor role too (private.can_write_skill):
  // a maintainer without it could not publish, so refuse rather than mislead.
  if (user.role !== "contributor" && user.role !== "admin") {
    throw new ApiError(
      "VALIDATION_ERROR",
      `username: '${user.username}' must be a contributor or admin of '${registry.slug}' to maintain a skill`,
    );
  }
  if (user.maintains) throw new ApiError("CONFLICT", `'${user.username}' already maintains ${registry.slug}/${skill.slug}`);
  await tx`insert into skill_maintainers (skill_id, user_id) values (${skill.id}, ${user.user_id})`;
  return { user_id: user.user_id, username: user.username, display_name: user.display_name };
}

/**
 * Stops `username` maintaining `registry/skill`.
 * @throws ApiError NOT_FOUND for the skill, or a user who does not maintain it;
 *   FORBIDDEN unless the caller may manage maintainers.
 */
export async function removeMaintainer(tx: Tx, registrySlug: string, skillSlug: string, username: string): Promise<void> {
  const { registry, skill } = await findSkill(tx, registrySlug, skillSlug);
  await assertCanManage(tx, registry.slug, skill);
  const removed = await tx`
    delete from skill_maintainers sm using profiles p
    where p.id = sm.user_id and p.username = ${username} and sm.skill_id = ${skill.id}
    returning sm.id`;
  if (removed.length === 0) throw new ApiError("NOT_FOUND", `'${username}' does not maintain ${registry.slug}/${skill.slug}`);
}
