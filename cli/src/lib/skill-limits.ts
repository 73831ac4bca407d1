/**
 * What one skill version may hold: the server's default limits, which are
 * the MCP Skills extension's so that every conforming host loads every skill
 * (at most 512 files, 10 MiB per file, 16 MiB of file bytes per version). A
 * server can be configured lower, never higher, so the CLI refuses an answer
 * beyond them before writing anything: a hostile or broken server cannot make
 * it fetch, hold or install more.
 */

/** The limits, in files and bytes. */
export const SKILL_LIMITS = { maxFiles: 512, maxFileBytes: 10 * 1024 * 1024, maxVersionBytes: 16 * 1024 * 1024 } as const;

const MIB = 1024 * 1024;

/**
 * How a version's manifest breaks the limits, worded to follow "sent <skill> ", or null when it keeps them.
 * @param files the manifest entries; a `size` of Infinity is unknown (a manifest from the lockfile) and not counted.
 */
export function manifestOverLimits(files: readonly { path: string; size: number }[]): string | null {
  if (files.length > SKILL_LIMITS.maxFiles) return `with ${files.length} files, over the ${SKILL_LIMITS.maxFiles} a skill may have`;
  let total = 0;
  for (const file of files) {
    if (file.size === Number.POSITIVE_INFINITY) continue;
    if (file.size > SKILL_LIMITS.maxFileBytes) {
      return `with ${JSON.stringify(file.path)} of ${file.size} bytes, over the ${SKILL_LIMITS.maxFileBytes / MIB} MiB a file may have`;
    }
    total += file.size;
  }
  if (total > SKILL_LIMITS.maxVersionBytes) return `with ${total} bytes of files, over the ${SKILL_LIMITS.maxVersionBytes / MIB} MiB a skill may have`;
  return null;
}
