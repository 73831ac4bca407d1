/**
 * `.skills.lock` (spec §6.5, extended for directory skills): what `sync`
 * installed, down to each file's sha256, so a changed, added or removed file
 * can be named without the network. Pure: the schema and the operations on
 * a lockfile; its YAML text is `lockfile-text.ts`, which loads the yaml
 * parser (kept off the warm `skills sync`, issue 5).
 */
import type { DigestEntry } from "./digest.ts";
import { sha256Hex, type ResolvedSkill } from "./wire.ts";
import * as z from "./zod.ts";
import { compareStrings } from "./order.ts";

/** File name of the lockfile, at the repository root. */
export const LOCKFILE_FILE = ".skills.lock";

const lockedSkill = z.object({
  slug: z.string(),
  registry: z.string(),
  /** Name of the `.skills.yaml` source it came through. */
  source: z.string(),
  version: z.string(),
  /** The constraint declared when it was resolved. */
  constraint: z.optional(z.string()),
  /** `sha256:<hex>` folder digest. */
  digest: z.string().check(z.startsWith("sha256:")),
  /** sha256 of every file, by path. */
  files: z.record(z.string(), sha256Hex),
  /** Paths of the executable files. */
  executable: z.array(z.string()),
});
/** The shape of a version-1 lockfile. */
export const lockfileSchema = z.object({
  lockfile_version: z.literal(1, "unsupported lockfile_version (this CLI reads version 1)"),
  locked_at: z.string(),
  skills: z.array(lockedSkill),
});

/** One installed skill in the lockfile. */
export type LockedSkill = z.infer<typeof lockedSkill>;
/** The whole lockfile; `locked_at` is an ISO 8601 timestamp. */
export type Lockfile = z.infer<typeof lockfileSchema>;

/** The lockfile as `parseLockfile` reads back its serialization: skills sorted by slug, keys and files in a fixed order. */
export function canonicalLockfile(lock: Lockfile): Lockfile {
  return { lockfile_version: lock.lockfile_version, locked_at: lock.locked_at, skills: lock.skills.map(canonicalLockedSkill).sort(bySlug) };
}

/** Whether two lists of locked skills describe the same installation (order-insensitive). */
export function lockedSkillsEqual(a: readonly LockedSkill[], b: readonly LockedSkill[]): boolean {
  const key = (skills: readonly LockedSkill[]) => JSON.stringify(skills.map(canonicalLockedSkill).sort(bySlug));
  return key(a) === key(b);
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

/** Keys in a fixed order and files sorted, so equal entries serialize equally. */
export function canonicalLockedSkill(skill: LockedSkill): LockedSkill {
  const paths = Object.keys(skill.files).sort(compareStrings);
  return {
    slug: skill.slug,
    registry: skill.registry,
    source: skill.source,
    version: skill.version,
    ...(skill.constraint === undefined ? {} : { constraint: skill.constraint }),
    digest: skill.digest,
    files: Object.fromEntries(paths.map((p) => [p, skill.files[p]!])),
    executable: [...skill.executable].sort(compareStrings),
  };
}

function bySlug(a: LockedSkill, b: LockedSkill): number {
  return compareStrings(a.slug, b.slug);
}
