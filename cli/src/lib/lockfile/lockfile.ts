/**
 * `.skills.lock` (one entry per directory skill): what `sync`
 * installed, down to each file's sha256, so a changed, added or removed file
 * can be named without the network. Pure: the types and the operations on
 * a lockfile. Its schema is `schema.ts` and its YAML text `text.ts` beside
 * it, both loaded only when the file must be parsed: a warm `skills sync`
 * takes the lockfile from the parse cache and sends its request before it
 * loads zod or the yaml parser.
 */
import type { DigestEntry } from "../skill/digest.ts";
import type * as z from "zod/mini";
import type { lockedSkill, lockfileSchema } from "./schema.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";
import { compareStrings } from "../order.ts";

/** File name of the lockfile, at the repository root. */
export const LOCKFILE_FILE = ".skills.lock";

/** One installed skill in the lockfile. */
export type LockedSkill = z.output<typeof lockedSkill>;
/**
 * Why a lockfile read from disk must be rewritten by the next sync even when nothing else
 * changed: it is in the spec's format (`"spec"`: no folder digests; its entries stand for
 * single-file SKILL.md folders, see `text.ts`), or an entry lacks the SKILL.md `sha256`.
 */
export type LockUpgrade = "spec" | "sha256";
/** The whole lockfile; `locked_at` is an ISO 8601 timestamp; `upgrade` is never written. */
export type Lockfile = z.output<typeof lockfileSchema> & { upgrade?: LockUpgrade };

/** The lockfile as `parseLockfile` reads back its serialization: skills sorted by slug, keys and files in a fixed order. */
export function canonicalLockfile(lock: Lockfile): Lockfile {
  return { lockfile_version: lock.lockfile_version, locked_at: lock.locked_at, skills: lock.skills.map(canonicalLockedSkill).sort(bySlug) };
}

/** The hex sha256 of SKILL.md an entry records, if it has one. */
export function skillMdSha256(skill: Pick<LockedSkill, "files">): string | undefined {
  return Object.hasOwn(skill.files, "SKILL.md") ? skill.files["SKILL.md"] : undefined;
}

/**
 * Whether two lists of locked skills describe the same installation: the same
 * entries by slug, in any order, with files and executable paths in any order.
 * Compared field by field: every sync asks this, and canonicalizing and
 * serializing both sides would be a measurable share of a warm sync (bench/README.md).
 */
export function lockedSkillsEqual(a: readonly LockedSkill[], b: readonly LockedSkill[]): boolean {
  const others = new Map(b.map((s) => [s.slug, s]));
  if (a.length !== b.length || others.size !== b.length) return false;
  return a.every((skill) => {
    const other = others.get(skill.slug);
    others.delete(skill.slug);
    return other !== undefined && (other === skill || (sameVersion(skill, other) && locksManifest(skill, lockedManifest(other))));
  });
}

/**
 * Whether `locked` already records what `lockedSkillOf(resolved, source, constraint)` would, in
 * any order, so a sync keeps the entry instead of building (and sorting) a new one.
 * @param resolved a checked resolution: its paths are unique.
 */
export function lockHolds(
  locked: LockedSkill,
  resolved: Pick<ResolvedSkill, "registry" | "slug" | "version" | "digest"> & { files: readonly DigestEntry[] },
  source: string,
  constraint: string | undefined,
): boolean {
  return sameVersion(locked, { ...resolved, source, constraint }) && locksManifest(locked, resolved.files);
}

/**
 * Whether `locked` records exactly this digest and manifest (paths, hashes, executable bits).
 * @param resolved a resolution whose paths are unique.
 */
export function lockHoldsFolder(locked: LockedSkill, resolved: { digest: string; files: readonly DigestEntry[] }): boolean {
  return locked.digest === resolved.digest && locksManifest(locked, resolved.files);
}

function sameVersion(a: Omit<LockedSkill, "files" | "executable">, b: Omit<LockedSkill, "files" | "executable">): boolean {
  return a.slug === b.slug && a.registry === b.registry && a.source === b.source && a.version === b.version && a.constraint === b.constraint && a.digest === b.digest;
}

/** Whether the entry's files and executable paths are exactly `files` (whose paths are unique). */
function locksManifest(skill: LockedSkill, files: readonly DigestEntry[]): boolean {
  if (Object.keys(skill.files).length !== files.length) return false;
  const executable = new Set(skill.executable);
  let executables = 0;
  for (const file of files) {
    if (!Object.hasOwn(skill.files, file.path) || skill.files[file.path] !== file.sha256 || executable.has(file.path) !== file.executable) return false;
    if (file.executable) executables++;
  }
  return executables === skill.executable.length;
}

/** The lock entry of a skill version (resolved, or just pushed) installed through `source` with an optional `constraint`. */
export function lockedSkillOf(
  resolved: Pick<ResolvedSkill, "registry" | "slug" | "version" | "digest"> & { files: readonly DigestEntry[] },
  source: string,
  constraint: string | undefined,
): LockedSkill {
  return canonicalLockedSkill({
    slug: resolved.slug,
    registry: resolved.registry,
    source,
    version: resolved.version,
    ...(constraint === undefined ? {} : { constraint }),
    digest: resolved.digest,
    files: Object.fromEntries(resolved.files.map((f) => [f.path, f.sha256])),
    executable: resolved.files.filter((f) => f.executable).map((f) => f.path),
  });
}

/** `locked_at` for a lockfile written at `now`: ISO 8601 in UTC, whole seconds. */
export function lockTimestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The manifest a lock entry records, for comparing with a local folder. */
export function lockedManifest(skill: LockedSkill): DigestEntry[] {
  const executable = new Set(skill.executable);
  return Object.entries(skill.files).map(([path, sha256]) => ({ path, sha256, executable: executable.has(path) }));
}

/**
 * Keys in a fixed order and files sorted, so equal entries serialize equally; `sha256` is
 * SKILL.md's hash from `files` (the spec's per-skill hash, so our lock holds every field of its).
 */
export function canonicalLockedSkill(skill: LockedSkill): LockedSkill {
  const paths = Object.keys(skill.files).sort(compareStrings);
  const sha256 = skillMdSha256(skill);
  return {
    slug: skill.slug,
    registry: skill.registry,
    source: skill.source,
    version: skill.version,
    ...(skill.constraint === undefined ? {} : { constraint: skill.constraint }),
    ...(sha256 === undefined ? {} : { sha256 }),
    digest: skill.digest,
    files: Object.fromEntries(paths.map((p) => [p, skill.files[p]!])),
    executable: [...skill.executable].sort(compareStrings),
  };
}

function bySlug(a: LockedSkill, b: LockedSkill): number {
  return compareStrings(a.slug, b.slug);
}
