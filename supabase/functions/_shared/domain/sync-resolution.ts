/**
 * The pure half of sync (`sync.ts`): given what the caller asked
 * for and the versions the database showed them, pick one version per skill
 * or say why not. No I/O, so it is tested on its own.
 */
import type { SyncError, SyncRequest } from "../wire/index.ts";
import { resolveConstraint } from "./resolve.ts";

/** One published version as the sync query returns it. */
export interface CandidateVersion {
  id: string;
  version: string;
  digest: string;
  is_latest: boolean;
  /** The yank reason, when yanked: only an exact pin resolves to it. Absent from databases before yanks. */
  yanked?: string | null;
  /** The version's deprecation message. */
  deprecated?: string | null;
}

/** A requested skill the caller can read, with every version. */
export interface SkillCandidates {
  registry: string;
  slug: string;
  versions: CandidateVersion[];
}

/** The outcome: the chosen version of each resolvable skill, in request order, and the errors. */
export interface SyncResolution<S extends SkillCandidates> {
  /** `have`: the digest the request said the client holds for this skill, if any. */
  chosen: { skill: S; version: CandidateVersion; have?: string }[];
  errors: SyncError[];
}

/**
 * Resolves each requested skill's constraint against its versions.
 * @param wanted the request's skills (registry, slug, optional semver constraint).
 * @param found the skills the caller can read among them (any order); one
 *   the caller may not read is absent, hence `not_found`, never `forbidden`.
 */
export function resolveSync<S extends SkillCandidates>(wanted: SyncRequest["skills"], found: readonly S[]): SyncResolution<S> {
  const byKey = new Map(found.map((skill) => [`${skill.registry}/${skill.slug}`, skill]));
  const chosen: SyncResolution<S>["chosen"] = [];
  const errors: SyncError[] = [];
  for (const { have, ...want } of wanted) {
    const skill = byKey.get(`${want.registry}/${want.slug}`);
    if (!skill || skill.versions.length === 0) {
      errors.push({ ...want, error: "not_found", code: "NOT_FOUND", message: `Skill '${want.slug}' not found in registry '${want.registry}'` });
      continue;
    }
    const yanked = new Set(skill.versions.filter((v) => v.yanked).map((v) => v.version));
    const resolution = resolveConstraint(skill.versions.map((v) => v.version), want.version, yanked);
    if (!resolution.ok) {
      // No version can match a constraint that does not parse; `code` keeps the difference.
      errors.push({ ...want, error: "no_matching_version", code: resolution.code, message: `${want.registry}/${want.slug}: ${resolution.message}` });
      continue;
    }
    chosen.push({ skill, version: skill.versions.find((v) => v.version === resolution.version)!, ...(have === undefined ? {} : { have }) });
  }
  return { chosen, errors };
}
