/**
 * Version resolution for sync: no
 * constraint → the latest; an exact version → that version; a range (`>=`,
 * `^`, `~`, `1.x`, `>=1 <2`, …) → the highest version satisfying it. A
 * yanked version is only ever the answer to an exact pin. Pure.
 */
import semver from "semver";

/** The outcome of resolving one constraint. */
export type Resolution =
  | { ok: true; version: string }
  | { ok: false; code: "NO_MATCHING_VERSION" | "INVALID_CONSTRAINT"; message: string };

/**
 * @param versions every published version of the skill (any order).
 * @param constraint a semver version or range; undefined or "latest" for the newest.
 * @param yanked the versions among them that are yanked: skipped unless pinned exactly.
 */
export function resolveConstraint(versions: readonly string[], constraint?: string, yanked: ReadonlySet<string> = new Set()): Resolution {
  const wanted = constraint?.trim();
  const usable = versions.filter((v) => !yanked.has(v));
  if (!wanted || wanted === "latest" || wanted === "*") {
    const newest = semver.rsort([...usable])[0];
    return newest
      ? { ok: true, version: newest }
      : { ok: false, code: "NO_MATCHING_VERSION", message: "the skill has no published version" };
  }
  if (semver.validRange(wanted) === null) {
    return { ok: false, code: "INVALID_CONSTRAINT", message: `"${wanted}" is not a valid semver version or range` };
  }
  const pinned = semver.valid(wanted);
  if (pinned !== null && versions.includes(pinned)) return { ok: true, version: pinned };
  const match = semver.maxSatisfying(usable, wanted);
  return match
    ? { ok: true, version: match }
    : { ok: false, code: "NO_MATCHING_VERSION", message: `no version matches "${wanted}"` };
}
