/**
 * `.skills.lock` as text: YAML with a header comment, skills
 * sorted by slug. Pure: text in, lockfile out, and back.
 */
import { parse as parseYaml, stringify } from "yaml";
import { CliError } from "../errors.ts";
import { LOCKFILE_FILE, canonicalLockedSkill, canonicalLockfile, type Lockfile } from "./lockfile.ts";
import { lockfileSchema } from "./schema.ts";
import { firstProblem, parseSchema } from "../terminal/schema-issue.ts";

/**
 * Parses a `.skills.lock`.
 * @throws CliError CONFIG_INVALID if it is not YAML or not a version-1 lockfile.
 */
export function parseLockfile(text: string, file = LOCKFILE_FILE): Lockfile {
  let data: unknown;
  try {
    // Keys are checked by the schema below; yaml's own duplicate-key scan is quadratic in the file count.
    data = parseYaml(text, { uniqueKeys: false });
  } catch (error) {
    throw new CliError("CONFIG_INVALID", `${file}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = parseSchema(lockfileSchema, data);
  if (!parsed.success) {
    const { path, message } = firstProblem(parsed.error);
    throw new CliError("CONFIG_INVALID", `${file}: ${path.join(".") || "file"}: ${message}. Delete it and run \`skills sync\` to rebuild it.`);
  }
  return { ...parsed.data, skills: parsed.data.skills.map(canonicalLockedSkill) };
}

/** The lockfile text: a header comment, then the skills sorted by slug with sorted files. */
export function serializeLockfile(lock: Lockfile): string {
  return "# .skills.lock — written by `skills sync`. Commit it; do not edit it by hand.\n" + stringify(canonicalLockfile(lock), { lineWidth: 0 });
}

