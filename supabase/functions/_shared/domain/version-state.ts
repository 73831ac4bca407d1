/**
 * Yanking and deprecating, by the skill's writers (its maintainers, its
 * contributor creator, the registry's admins). A yanked version keeps its
 * bytes: ranges skip it, an exact pin still installs it with the reason. A
 * deprecation message is shown by every install and read; null removes it.
 * The database decides (RLS, column privileges, private.guard_version_update);
 * these checks give each refusal its status: 403, 404, 409 for a version
 * whose state does not allow the change.
 */
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import type { VersionState } from "../wire/index.ts";
import { assertCanWrite, findSkill, noWriteAccess, type FoundSkill } from "./registries.ts";
import { governed } from "./reviews.ts";
import { parseVersion } from "./versions.ts";

/** A change to one version's yank or deprecation. */
export type VersionChange =
  | { yank: string }
  | { unyank: true }
  | { deprecate: string | null };

/**
 * Applies `change` to `version` of `registry/skill` as the caller.
 * @throws ApiError NOT_FOUND for the registry, skill or version; FORBIDDEN
 *   without write access; CONFLICT when yanking a version already yanked or
 *   not approved, or unyanking one that is not yanked; VALIDATION_ERROR for a version that is not semver.
 */
export async function changeVersionState(
  tx: Tx,
  registrySlug: string,
  skillSlug: string,
  version: string,
  change: VersionChange,
): Promise<VersionState> {
  const found = await writableSkill(tx, registrySlug, skillSlug);
  const { registry, skill } = found;
  parseVersion(version);
  const [current] = await tx<{ id: string; status: string; yanked_reason: string | null }[]>`
    select id, status, yanked_reason from skill_versions where skill_id = ${skill.id} and version = ${version}`;
  if (!current) throw new ApiError("NOT_FOUND", `Version ${version} of '${skill.slug}' not found in registry '${registry.slug}'`);
  const name = `${skill.slug}@${version}`;
  if ("yank" in change && current.status !== "approved") {
    throw new ApiError("CONFLICT", `${name} is ${current.status}: only approved versions can be yanked`);
  }
  if ("yank" in change && current.yanked_reason !== null) throw new ApiError("CONFLICT", `${name} is already yanked: ${current.yanked_reason}`);
  if ("unyank" in change && current.yanked_reason === null) throw new ApiError("CONFLICT", `${name} is not yanked`);
  const [row] = await governed(() =>
    "deprecate" in change
      ? tx<StateRow[]>`update skill_versions set deprecation_message = ${change.deprecate} where id = ${current.id} returning ${stateReturning(tx)}`
      : tx<StateRow[]>`
          update skill_versions set yanked_reason = ${"yank" in change ? change.yank : null} where id = ${current.id} returning ${stateReturning(tx)}`
  );
  if (!row) throw noWriteAccess(registry.slug, skill.slug);
  // The latest flag moves in a trigger after the row is written: read it back.
  const [after] = await tx<{ is_latest: boolean }[]>`select is_latest from skill_versions where id = ${current.id}`;
  return {
    skill: skill.slug,
    version: row.version,
    is_latest: after?.is_latest ?? row.is_latest,
    yanked: row.yanked_reason === null ? null : { reason: row.yanked_reason },
    deprecated: row.deprecated,
  };
}

/**
 * Sets or (with null) removes the skill's deprecation message.
 * @throws ApiError NOT_FOUND; FORBIDDEN without write access.
 */
export async function deprecateSkill(
  tx: Tx,
  registrySlug: string,
  skillSlug: string,
  message: string | null,
): Promise<{ slug: string; deprecated: string | null }> {
  const { registry, skill } = await writableSkill(tx, registrySlug, skillSlug);
  const [row] = await tx<{ slug: string; deprecated: string | null }[]>`
    update skills set deprecation_message = ${message} where id = ${skill.id} returning slug, deprecation_message as deprecated`;
  if (!row) throw noWriteAccess(registry.slug, skill.slug);
  return row;
}

interface StateRow {
  version: string;
  is_latest: boolean;
  yanked_reason: string | null;
  deprecated: string | null;
}

const stateReturning = (tx: Tx) => tx`version, is_latest, yanked_reason, deprecation_message as deprecated`;

/** The skill, write access checked and its row locked so yanks, reviews and publishes take turns. */
async function writableSkill(tx: Tx, registrySlug: string, skillSlug: string): Promise<FoundSkill> {
  const found = await findSkill(tx, registrySlug, skillSlug);
  await assertCanWrite(tx, found.registry.slug, found.skill);
  await tx`select 1 from skills where id = ${found.skill.id} for update`;
  return found;
}
