/**
 * What is on disk before a sync plans: an interrupted run repaired, the
 * generated files read, and every folder the plans look at found, either
 * scanned or, when its state record matches what the server resolved, taken
 * as recorded (`trust.ts`). Only reads (and the repair); the folders are
 * located while the /sync request is in flight, since none of that depends
 * on the answer.
 */
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { META_YAML_FILE, scanFolderCached } from "../skill/folder.ts";
import { INDEX_FILE, META_SKILL_FOLDER } from "../project/index-file.ts";
import { safeJoin } from "../skill/paths.ts";
import { readTextIfExists, type Project } from "../project/project.ts";
import type { ProjectConfig } from "../project/config.ts";
import { installFolderKey, type FileStat } from "../project/state.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";
import { targetDirs } from "../targets/plan.ts";
import { inspectTarget, targetPaths, type OnDisk } from "../targets/sync.ts";
import { TARGET_DIRS, type TargetEntry } from "../targets/targets.ts";
import { nextTurn } from "./next-turn.ts";
import { recoverInterrupted, recoverRootFiles } from "./recover.ts";
import { recordedFolder, type Recorded } from "./trust.ts";

/** A folder a sync looks at: its absolute path and whether a folder (not a symlink) is there. */
interface Place {
  abs: string;
  isFolder: boolean;
}

/**
 * The folders a sync looks at, located: install folders by slug, agent-directory paths by
 * their path from the root; and the stat of each install folder's `meta.yaml`, by slug.
 */
interface Places {
  installs: Map<string, Place>;
  targets: Map<string, Place>;
  metaFiles: Map<string, FileStat>;
}

/** The generated files as they are on disk (null when absent): the index, `_system/SKILL.md`, `.gitignore`. */
export interface CurrentTexts {
  index: string | null;
  metaSkill: string | null;
  gitignore: string | null;
}

/**
 * The folders found: install folders by slug (a missing slug has none), what is at each
 * agent-directory path, and the stat of each install folder's `meta.yaml` (a missing slug has none).
 */
export interface Found {
  installed: Map<string, Recorded>;
  targets: Map<string, OnDisk>;
  metaFiles: ReadonlyMap<string, FileStat>;
}

/**
 * The disk as a sync's plans need it, read while `resolving` (its POST /sync) is in flight:
 * repaired and located first; then every folder scanned meanwhile when `verifyAll` (frozen
 * mode and --force trust no record), else, once the answer is in, only the folders whose
 * record does not match what resolved.
 * @returns the server's answer (`resolving`'s value), the folders found and the generated files' texts.
 * @throws what `resolving` throws, and CliError UNSAFE_PATH when a symlink sits on the way to a folder.
 */
export async function inspectDisk<Answer extends { resolved: ReadonlyMap<string, ResolvedSkill> }>(
  project: Project,
  config: ProjectConfig,
  wanted: readonly TargetEntry[],
  resolving: Promise<Answer>,
  verifyAll: boolean,
): Promise<{ answer: Answer; found: Found; current: CurrentTexts }> {
  const { current, places } = await prepareDisk(project, config, targetDirs(wanted, project.state));
  const [answer, early] = await Promise.all([resolving, verifyAll ? scanFolders(project, config, places) : undefined]);
  const found = early ?? (await scanFolders(project, config, places, { resolved: answer.resolved, wanted }));
  return { answer, found, current };
}

/**
 * Repairs what an interrupted run left in the install path, the agent directories of `config`
 * and the repository root, then reads the generated files and locates the folders at `targetDirs`.
 * @throws CliError UNSAFE_PATH when a symlink sits on the way to a folder.
 */
async function prepareDisk(project: Project, config: ProjectConfig, targetDirs: readonly string[]): Promise<{ current: CurrentTexts; places: Places }> {
  const targetParents = [...new Set(config.targets.map((t) => join(project.root, TARGET_DIRS[t])))];
  await recoverInterrupted([project.installDir, ...targetParents]);
  await recoverRootFiles(project.root);
  const current = {
    index: readTextIfExists(join(project.installDir, INDEX_FILE)),
    metaSkill: readTextIfExists(join(project.installDir, META_SKILL_FOLDER, "SKILL.md")),
    gitignore: readTextIfExists(join(project.root, ".gitignore")),
  };
  return { current, places: locateFolders(project, config, targetDirs) };
}

/**
 * Where each folder the plans look at is, checked for symlinks on the way, and whether a
 * folder is there: the install folder of each declared or locked skill, by slug, and each
 * agent-directory path, and the `meta.yaml` of each install folder there is. The lstats a
 * warm sync needs, made while the server answers.
 */
function locateFolders(project: Project, config: ProjectConfig, dirs: readonly string[]): Places {
  const place = (abs: string): Place => ({ abs, isFolder: lstatSync(abs, { throwIfNoEntry: false })?.isDirectory() === true });
  const slugs = new Set([...config.skills.map((s) => s.slug), ...(project.lock?.skills ?? []).map((s) => s.slug)]);
  const pathOf = targetPaths(project.root);
  const installs = new Map([...slugs].map((slug) => [slug, place(safeJoin(project.installDir, slug))]));
  const metaFiles = new Map<string, FileStat>();
  for (const [slug, { abs, isFolder }] of installs) {
    const stat = isFolder ? lstatSync(join(abs, META_YAML_FILE), { throwIfNoEntry: false }) : undefined;
    if (stat?.isFile()) metaFiles.set(slug, { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino });
  }
  return { installs, targets: new Map(dirs.map((dir) => [dir, place(pathOf(dir))])), metaFiles };
}

/**
 * Every folder of `places`, with the stat cache: manifests and fresh stat entries of the
 * install folders on disk, and what is at each agent-directory path. Without `trust` (the
 * server has not answered yet) each folder is scanned, synchronously, and between folders the
 * event loop runs so the /sync request goes out and its answer is read meanwhile. With it, a
 * folder whose record matches its resolution is taken as recorded.
 */
async function scanFolders(
  project: Project,
  config: ProjectConfig,
  places: Places,
  trust?: { resolved: ReadonlyMap<string, ResolvedSkill>; wanted: readonly TargetEntry[] },
): Promise<Found> {
  const { state } = project;
  const installed = new Map<string, Recorded>();
  for (const [slug, place] of places.installs) {
    if (!trust) await nextTurn();
    const rel = installFolderKey(config.install_path, slug);
    const skill = trust?.resolved.get(slug);
    const found = (skill && recordedFolder(state, rel, place, skill)) || scanFolderCached(place.abs, project.stats.folders[rel], project.stats.writtenAt);
    if (found) installed.set(slug, found);
  }
  const copies = new Map((trust?.wanted ?? []).filter((w) => !w.link).map((w) => [w.dir, w.slug]));
  const targets = new Map<string, OnDisk>();
  for (const [dir, place] of places.targets) {
    if (!trust) await nextTurn();
    const slug = copies.get(dir);
    const skill = slug === undefined ? undefined : trust?.resolved.get(slug);
    const owned = state.targets[dir];
    const found = skill && owned && !owned.link && owned.digest === skill.digest ? recordedFolder(state, dir, place, skill) : null;
    targets.set(dir, found ? { kind: "folder", ...found } : inspectTarget(place.abs, dir, () => project.stats));
  }
  return { installed, targets, metaFiles: places.metaFiles };
}
