/**
 * What `skills push` checks before any request, from the folder alone: the
 * files it sends (SKILL.md replaced by `--from-stdin`'s), the limits and file
 * names the registry refuses whatever the flags, and the skill format. Pure:
 * files in, the files to send (or a CliError) out.
 */
import { CliError } from "../errors.ts";
import { byPath } from "../order.ts";
import { sha256Hex } from "../skill/digest.ts";
import type { FolderFile } from "../skill/folder.ts";
import { filesWithConflictMarkers } from "../skill/conflict-markers.ts";
import { uninstallableNames, validateSkill } from "../skill/validate.ts";
import { limitBreach, SKILL_LIMITS } from "../../../../supabase/functions/_shared/skill-limits.ts";

const MIB = 1024 * 1024;

/**
 * The files to push: the folder's (`files`, null when there is no folder), SKILL.md replaced by `skillMd` when given.
 * @param dir the folder, for messages and the replaced file's path.
 * @throws CliError INVALID_SKILL when there is no folder and no `skillMd`.
 */
export function pushedFiles(files: FolderFile[] | null, dir: string, skillMd: Buffer | undefined): FolderFile[] {
  if (!skillMd) {
    if (!files) throw new CliError("INVALID_SKILL", `No skill folder at ${dir}.`);
    return files;
  }
  const replaced: FolderFile = {
    path: "SKILL.md",
    bytes: skillMd,
    sha256: sha256Hex(skillMd),
    size: skillMd.length,
    executable: false,
    absolutePath: `${dir}/SKILL.md`,
  };
  return [...(files ?? []).filter((f) => f.path !== "SKILL.md"), replaced].sort(byPath);
}

/**
 * Refuses what the registry would refuse whatever the flags, then runs the format checks
 * (`validateSkill`, the registry's own rule): their errors refuse the push unless
 * `skipValidation`, and every error and warning is told to `onWarning` once otherwise.
 * A file still holding the conflict markers of a merge refuses the push too, unless `skipValidation`.
 * @throws CliError PAYLOAD_TOO_LARGE naming the limit, INVALID_SKILL for names no client can
 *   write or (without `skipValidation`) conflict markers or format errors.
 */
export function checkPushable(slug: string, files: readonly FolderFile[], { skipValidation, onWarning }: { skipValidation: boolean; onWarning: (message: string) => void }): void {
  checkLimits(slug, files);
  // Not skippable like the format checks: the registry refuses these names whatever the flags.
  const clash = uninstallableNames(files);
  if (clash) throw new CliError("INVALID_SKILL", `${slug}: ${clash} Nothing was published.`);
  const marked = filesWithConflictMarkers(files);
  if (marked.length > 0 && !skipValidation) {
    throw new CliError(
      "INVALID_SKILL",
      `${marked.map((p) => `${slug}/${p}`).join(", ")} still ${marked.length === 1 ? "has" : "have"} the conflict markers of \`skills update\`; resolve them, then push again. Nothing was published.`,
    );
  }
  const report = validateSkill(slug, files);
  if (report.errors.length > 0 && !skipValidation) {
    throw new CliError("INVALID_SKILL", `${slug} is not a valid skill; nothing was published:\n${report.errors.map((e) => `  - ${e}`).join("\n")}`);
  }
  for (const warning of [...report.errors, ...report.warnings]) onWarning(`${slug}: ${warning}`);
}

/**
 * Refuses a folder over SKILL_LIMITS, before any request.
 * @throws CliError PAYLOAD_TOO_LARGE naming the limit.
 */
function checkLimits(slug: string, files: readonly FolderFile[]): void {
  const breach = limitBreach(files);
  if (!breach) return;
  const what = breach.kind === "files"
    ? `${slug} has ${breach.count} files; the registry accepts at most ${SKILL_LIMITS.maxFiles} per version`
    : breach.kind === "file"
    ? `${slug}/${breach.path} has ${breach.size} bytes; the registry accepts at most ${SKILL_LIMITS.maxFileBytes / MIB} MiB per file`
    : `${slug} has ${(breach.total / MIB).toFixed(1)} MiB of files; the registry accepts at most ${SKILL_LIMITS.maxVersionBytes / MIB} MiB per version`;
  throw new CliError("PAYLOAD_TOO_LARGE", `${what}; nothing was published.`);
}
