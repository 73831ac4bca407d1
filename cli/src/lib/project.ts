/**
 * The project on disk: the nearest `.skills.yaml` (searched upward from the
 * working directory, as git finds `.git`), its lockfile, and where skills are
 * installed. Reads only; writes go through `install.ts`.
 */
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { CliError } from "./errors.ts";
import { normalizeApiUrl, resolveApiUrl } from "./global-config.ts";
import { LOCKFILE_FILE, parseLockfile, type Lockfile } from "./lockfile.ts";
import { safeJoin } from "./paths.ts";
import { PROJECT_CONFIG_FILE, parseProjectConfig, type ProjectConfig, type Source } from "./project-config.ts";

/** A loaded project. */
export interface Project {
  /** Folder holding `.skills.yaml`. */
  root: string;
  /** The raw `.skills.yaml` text, for comment-preserving edits. */
  configText: string;
  config: ProjectConfig;
  /** The lockfile, or null before the first sync. */
  lock: Lockfile | null;
  /** Absolute install folder (checked: inside `root`, no symlink on the way). */
  installDir: string;
}

/**
 * The file's text, or null when it does not exist.
 * @throws file system errors other than ENOENT.
 */
export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Loads the project whose `.skills.yaml` is in `cwd` or its nearest ancestor.
 * @returns null when there is none.
 * @throws CliError CONFIG_INVALID / UNSAFE_PATH for an invalid config or lockfile.
 */
export async function findProject(cwd: string = process.cwd()): Promise<Project | null> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const configText = await readTextIfExists(join(dir, PROJECT_CONFIG_FILE));
    if (configText !== null) {
      const config = parseProjectConfig(configText, join(dir, PROJECT_CONFIG_FILE));
      const lockText = await readTextIfExists(join(dir, LOCKFILE_FILE));
      return {
        root: dir,
        configText,
        config,
        lock: lockText === null ? null : parseLockfile(lockText, join(dir, LOCKFILE_FILE)),
        installDir: await safeJoin(dir, config.install_path),
      };
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Like `findProject`, but a missing `.skills.yaml` is an error.
 * @throws CliError NO_PROJECT telling the user to run `skills init`.
 */
export async function loadProject(cwd: string = process.cwd()): Promise<Project> {
  const project = await findProject(cwd);
  if (!project) {
    throw new CliError("NO_PROJECT", `No ${PROJECT_CONFIG_FILE} in ${resolve(cwd)} or above. Run \`skills init\` first.`);
  }
  return project;
}

/** The API URL of a source: its own `url`, else the default (`resolveApiUrl`). */
export function sourceApiUrl(source: Source): string {
  return source.url ? normalizeApiUrl(source.url) : resolveApiUrl();
}

/**
 * The API URL of a command that is not about one source (login, whoami,
 * search…): `resolveApiUrl` with the first source of the current project, if any.
 * @throws CliError CONFIG_INVALID if there is a project and its config is invalid.
 */
export async function commandApiUrl(flag: string | undefined): Promise<string> {
  if (flag !== undefined) return resolveApiUrl({ flag });
  const project = await findProject();
  return resolveApiUrl({ projectUrl: project?.config.sources[0]?.url });
}
