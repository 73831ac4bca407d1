/**
 * The project on disk: the nearest `.skills.yaml` (searched upward from the
 * working directory, as git finds `.git`), its lockfile, where skills are
 * installed, and the parse cache and local state there. Reads only; writes go
 * through `install.ts`.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CliError } from "../errors.ts";
import { normalizeApiUrl, resolveApiUrl } from "../auth/global-config.ts";
import { LOCKFILE_FILE, type Lockfile } from "../lockfile/lockfile.ts";
import { safeJoin } from "../skill/paths.ts";
import { PROJECT_CONFIG_FILE, installPathHint, type ProjectConfig, type Source } from "./config.ts";
import { cachedParse, readParseCache, type ParseCache } from "./parse-cache.ts";
import { readState, readStatCache, type LocalState, type StatCache } from "./state.ts";

/** A loaded project. */
export interface Project {
  /** Folder holding `.skills.yaml`. */
  root: string;
  /** The raw `.skills.yaml` text, for comment-preserving edits. */
  configText: string;
  config: ProjectConfig;
  /** The raw `.skills.lock` text, or null before the first sync. */
  lockText: string | null;
  /** The lockfile, or null before the first sync. */
  lock: Lockfile | null;
  /** Whether every entry of `lock` is known to be a checked resolution (`ParseCache` `checked`). */
  lockChecked: boolean;
  /** Absolute install folder (checked: inside `root`, no symlink on the way). */
  installDir: string;
  /** The parse cache in the install folder, as read when the project was loaded. */
  parseCache: ParseCache;
  /**
   * The local state in the install folder (empty when there is none), read on first use: a
   * warm sync reads it while the server answers, not before its request goes out.
   */
  readonly state: LocalState;
  /** The stat cache of the folders' files, read on first use (a warm sync never uses it). */
  readonly stats: StatCache;
}

/**
 * The file's text, or null when it does not exist. Synchronous: these are a
 * few small files, and an asynchronous read costs four thread-pool round
 * trips (open, stat, read, close), more than the read itself.
 * @throws file system errors other than ENOENT.
 */
export function readTextIfExists(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
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
    const configText = readTextIfExists(join(dir, PROJECT_CONFIG_FILE));
    if (configText !== null) return openProject(dir, configText);
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The project whose `.skills.yaml` in `root` holds `configText`. Each file is
 * parsed, the yaml parser loaded for it, only when the parse cache does not
 * hold its parse already; the cache is found where the text says the install
 * path is (`installPathHint`), before parsing.
 */
async function openProject(root: string, configText: string): Promise<Project> {
  const hint = installPathHint(configText);
  let parseCache = hint === null ? {} : readParseCache(join(root, hint));
  const cached = cachedParse(parseCache.config, configText);
  const config =
    cached && cached.install_path === hint
      ? cached
      : (await import("./config-text.ts")).parseProjectConfig(configText, join(root, PROJECT_CONFIG_FILE));
  const installDir = safeJoin(root, config.install_path);
  if (config.install_path !== hint) parseCache = readParseCache(installDir);
  const lockText = readTextIfExists(join(root, LOCKFILE_FILE));
  const cachedLock = lockText === null ? undefined : cachedParse(parseCache.lock, lockText);
  const lock =
    lockText === null
      ? null
      : (cachedLock ?? (await import("../lockfile/text.ts")).parseLockfile(lockText, join(root, LOCKFILE_FILE), lockSourceOf(config)));
  let state: LocalState | undefined;
  let stats: StatCache | undefined;
  return {
    root,
    configText,
    config,
    lockText,
    lock,
    installDir,
    lockChecked: cachedLock !== undefined && parseCache.lock?.checked === true,
    parseCache,
    get state() {
      return (state ??= readState(installDir));
    },
    get stats() {
      return (stats ??= readStatCache(installDir));
    },
  };
}

/**
 * The source of a locked skill for a lock that names none (the spec's format): the source
 * `config` declares the skill through, else the first source of its registry, else the registry.
 */
function lockSourceOf(config: ProjectConfig): (registry: string, slug: string) => string {
  const registryOf = new Map(config.sources.map((s) => [s.name, s.registry]));
  return (registry, slug) =>
    config.skills.find((s) => s.slug === slug && registryOf.get(s.source) === registry)?.source ??
    config.sources.find((s) => s.registry === registry)?.name ??
    registry;
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
