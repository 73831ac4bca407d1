/**
 * Version resolution for sync: no
 * constraint → the latest; an exact version → that version; a range (`>=`,
 * `^`, `~`, `1.x`, `>=1 <2`, …) → the highest version satisfying it. Pure.
 */
import semver from "semver";

/** The outcome of resolving one constraint. */
export type Resolution =
  | { ok: true; version: string }
  | { ok: false; code: "NO_MATCHING_VERSION" | "INVALID_CONSTRAINT"; message: string };

/**
 * @param versions every published version of the skill (any order).
 * @param constraint a semver version or range; undefined or "latest" for the newest.
 */
export function resolveConstraint(versions: readonly string[], constraint?: string): Resolution {
  const wanted = constraint?.trim();
  if (!wanted || wanted === "latest" || wanted === "*") {
    const newest = semver.rsort([...versions])[0];
    return newest
      ? { ok: true, version: newest }
      : { ok: false, code: "NO_MATCHING_VERSION", message: "the skill has no published version" };
  }
  if (semver.validRange(wanted) === null) {
    return { ok: false, code: "INVALID_CONSTRAINT", message: `"${wanted}" is not a valid semver version or range` };
  }
  const match = semver.maxSatisfying([...versions], wanted);
  return match
    ? { ok: true, version: match }
    : { ok: false, code: "NO_MATCHING_VERSION", message: `no version matches "${wanted}"` };
}
