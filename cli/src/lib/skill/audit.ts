/**
 * `skills audit`: the security scan of every skill the lockfile says is
 * installed, read from its folder under the install path. Read-only and
 * offline: what is on disk is what agents read, whatever the server said.
 */
import { join, relative, sep } from "node:path";
import { readFolder } from "./folder.ts";
import { scanSkill, type Finding } from "./security.ts";
import type { Project } from "../project/project.ts";

/** One locked skill and what the scan found in its installed folder. */
export interface AuditedSkill {
  slug: string;
  registry: string;
  version: string;
  /** The folder, relative to the repository root, `/`-separated. */
  folder: string;
  /** False when the folder is missing (never synced, or deleted): nothing was scanned. */
  installed: boolean;
  findings: Finding[];
}

/**
 * Scans the installed folder of every skill in `project`'s lockfile, in lockfile order.
 * @returns an empty list when there is no lockfile yet.
 * @throws CliError INVALID_SKILL when a folder holds a symlink, a special file or an unsafe name.
 */
export async function auditProject(project: Project): Promise<AuditedSkill[]> {
  const audited: AuditedSkill[] = [];
  for (const entry of project.lock?.skills ?? []) {
    const dir = join(project.installDir, entry.slug);
    const files = await readFolder(dir);
    audited.push({
      slug: entry.slug,
      registry: entry.registry,
      version: entry.version,
      folder: relative(project.root, dir).split(sep).join("/"),
      installed: files !== null,
      findings: files ? scanSkill(files) : [],
    });
  }
  return audited;
}
