/**
 * `.skills.lock` as text: YAML with a header comment, skills
 * sorted by slug. Pure: text in, lockfile out, and back. A lock in the
 * spec's format (written by another client) is read as ours, marked for
 * the next sync to rewrite.
 */
import { parse as parseYaml, stringify } from "yaml";
import type * as z from "zod/mini";
import { CliError } from "../errors.ts";
import { folderDigest } from "../skill/digest.ts";
import { LOCKFILE_FILE, canonicalLockedSkill, canonicalLockfile, lockedSkillOf, type Lockfile } from "./lockfile.ts";
import { lockfileSchema, specLockfileSchema } from "./schema.ts";
import { firstProblem, parseSchema } from "../terminal/schema-issue.ts";

/** The `.skills.yaml` source name of a locked skill of `registry`, for a lock that records none. */
export type SourceOf = (registry: string, slug: string) => string;

/**
 * Parses a `.skills.lock`: ours (`lockfile_version: 1`) or the spec's (no `lockfile_version`).
 * @param sourceOf names the source of each entry of a spec-format lock (default: its registry).
 * @throws CliError CONFIG_INVALID if it is not YAML or neither format.
 */
export function parseLockfile(text: string, file = LOCKFILE_FILE, sourceOf: SourceOf = (registry) => registry): Lockfile {
  let data: unknown;
  try {
    // Keys are checked by the schema below; yaml's own duplicate-key scan is quadratic in the file count.
    data = parseYaml(text, { uniqueKeys: false });
  } catch (error) {
    throw new CliError("CONFIG_INVALID", `${file}: not valid YAML: ${(error as Error).message}`);
  }
  const isSpec = typeof data === "object" && data !== null && !Array.isArray(data) && !("lockfile_version" in data);
  const parsed = isSpec ? parseSchema(specLockfileSchema, data) : parseSchema(lockfileSchema, data);
  if (!parsed.success) {
    const { path, message } = firstProblem(parsed.error);
    throw new CliError("CONFIG_INVALID", `${file}: ${path.join(".") || "file"}: ${message}. Delete it and run \`skills sync\` to rebuild it.`);
  }
  if (isSpec) return fromSpecLockfile(parsed.data as z.output<typeof specLockfileSchema>, sourceOf);
  const lock = parsed.data as z.output<typeof lockfileSchema>;
  const lacksSha256 = lock.skills.some((s) => s.sha256 === undefined && Object.hasOwn(s.files, "SKILL.md"));
  return { ...lock, skills: lock.skills.map(canonicalLockedSkill), ...(lacksSha256 ? { upgrade: "sha256" as const } : {}) };
}

/**
 * A spec-format lock as ours, marked `upgrade: "spec"`. Such a client installs SKILL.md alone,
 * so each entry becomes the lock of a folder holding only that file: a folder it wrote is
 * recognised as installed (its `meta.yaml` is generated, left out of digests), and frozen mode
 * and `verify` compare only SKILL.md with such a lock (`sync/frozen.ts`).
 */
function fromSpecLockfile(spec: z.output<typeof specLockfileSchema>, sourceOf: SourceOf): Lockfile {
  const skills = spec.skills.map((s) => {
    const files = [{ path: "SKILL.md", sha256: s.sha256, executable: false }];
    return lockedSkillOf({ slug: s.slug, registry: s.registry, version: s.version, digest: folderDigest(files), files }, sourceOf(s.registry, s.slug), undefined);
  });
  return { lockfile_version: 1, locked_at: spec.locked_at ?? "", skills, upgrade: "spec" };
}

/** The lockfile text: a header comment, then the skills sorted by slug with sorted files. */
export function serializeLockfile(lock: Lockfile): string {
  return "# .skills.lock — written by `skills sync`. Commit it; do not edit it by hand.\n" + stringify(canonicalLockfile(lock), { lineWidth: 0 });
}

