/**
 * What one skill version may hold (the shared SKILL_LIMITS, the server's
 * defaults and ceiling). A server can be configured lower, never higher, so
 * the CLI refuses an answer beyond them before writing anything: a hostile or
 * broken server cannot make it fetch, hold or install more.
 */
import { limitBreach, SKILL_LIMITS } from "../../../../supabase/functions/_shared/skill-limits.ts";

const MIB = 1024 * 1024;

/**
 * How a version's manifest breaks the limits, worded to follow "sent <skill> ", or null when it keeps them.
 * @param files the manifest entries; a `size` of Infinity is unknown (a manifest from the lockfile) and not counted.
 */
export function manifestOverLimits(files: readonly { path: string; size: number }[]): string | null {
  const breach = limitBreach(files);
  if (!breach) return null;
  if (breach.kind === "files") return `with ${breach.count} files, over the ${SKILL_LIMITS.maxFiles} a skill may have`;
  if (breach.kind === "file") {
    return `with ${JSON.stringify(breach.path)} of ${breach.size} bytes, over the ${SKILL_LIMITS.maxFileBytes / MIB} MiB a file may have`;
  }
  return `with ${breach.total} bytes of files, over the ${SKILL_LIMITS.maxVersionBytes / MIB} MiB a skill may have`;
}
