/**
 * The size limits this deployment enforces on a published folder and on
 * each uploaded file.
 */
import { intEnv } from "../env.ts";
import { SKILL_LIMITS, type SizeLimits } from "../skill-limits.ts";

/**
 * The limits in force: SKILLS_MAX_VERSION_FILES, SKILLS_MAX_FILE_BYTES,
 * SKILLS_MAX_VERSION_BYTES, each at most its SKILL_LIMITS default. A larger
 * value is ignored: clients (the CLI) refuse anything beyond the defaults, so
 * a skill published past them could never be synced.
 */
export function sizeLimits(): SizeLimits {
  const lowered = (name: string, fallback: number) => Math.min(intEnv(name, fallback), fallback);
  return {
    maxFiles: lowered("SKILLS_MAX_VERSION_FILES", SKILL_LIMITS.maxFiles),
    maxFileBytes: lowered("SKILLS_MAX_FILE_BYTES", SKILL_LIMITS.maxFileBytes),
    maxVersionBytes: lowered("SKILLS_MAX_VERSION_BYTES", SKILL_LIMITS.maxVersionBytes),
  };
}
