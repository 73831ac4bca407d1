/**
 * The I/O half of agent directories (see `targets.ts`): decide, for each
 * wanted and each previously owned folder, whether to leave, write, link or
 * remove it, and do it. Folders this CLI did not create are never touched;
 * owned copies edited by hand are kept or refused like edited skill folders
 * (`sync-plan.ts`).
 */
import { lstatSync, readlinkSync } from "node:fs";
import { lstat, mkdir, rename, rm, symlink } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { scanFolderCached, type LocalManifest } from "../skill/folder.ts";
import { installFolder, type FileToWrite } from "../project/install.ts";
import { nodeCrypto } from "../skill/crypto.ts";
import { safeJoin } from "../skill/paths.ts";
import type { LocalState, StatCache, StatEntry } from "../project/state.ts";
import { diffManifests, type FileChanges } from "../sync/plan.ts";
import type { TargetEntry } from "./targets.ts";

/** What to do with one agent-directory folder. */
export type TargetAction =
  /** Left as it is: it holds `digest`, or a copy edited by hand while nothing new resolved for it. */
  | { kind: "keep"; entry: TargetEntry; digest: string }
  | { kind: "write"; entry: TargetEntry; digest: string }
  | { kind: "remove"; dir: string }
  | { kind: "forget"; dir: string }
  | { kind: "foreign"; dir: string }
  | { kind: "conflict"; dir: string; changes: FileChanges };

/** What exists at an agent-directory path. */
export type OnDisk =
  | { kind: "none" }
  | { kind: "link"; to: string }
  /** `stats` null: taken as recorded, not scanned (`sync-trust.ts`). */
  | { kind: "folder"; manifest: LocalManifest; stats: Record<string, StatEntry> | null }
  | { kind: "other" };

/**
 * What is at an agent-directory path (`dir` relative to the repository root, `abs` from
 * `targetPath`), its files checked against the stat cache (read through `stats` only if a
 * folder is there). Synchronous, as `scanFolderCached` is.
 */
export function inspectTarget(abs: string, dir: string, stats: () => StatCache): OnDisk {
  const stat = lstatSync(abs, { throwIfNoEntry: false });
  if (!stat) return { kind: "none" };
  if (stat.isSymbolicLink()) return { kind: "link", to: readlinkSync(abs) };
  if (!stat.isDirectory()) return { kind: "other" };
  const scanned = scanTargetFolder(abs, dir, stats());
  return scanned ? { kind: "folder", ...scanned } : { kind: "other" };
}

/**
 * The absolute path of an agent-directory entry (relative to `root`).
 * @throws CliError UNSAFE_PATH when a symlink sits above it.
 */
export function targetPath(root: string, dir: string): string {
  return targetPaths(root)(dir);
}

/**
 * `targetPath` for many entries: each agent directory (`.claude/skills`…) is checked for
 * symlinks once, not once per skill (a warm sync resolves 36 entries in 3 of them).
 */
export function targetPaths(root: string): (dir: string) => string {
  const parents = new Map<string, string>();
  return (dir) => {
    const parent = dirname(dir);
    let abs = parents.get(parent);
    if (abs === undefined) parents.set(parent, (abs = safeJoin(root, parent)));
    return join(abs, basename(dir));
  };
}

/** An agent-directory folder scanned with the stat cache, or null when it holds what no skill can (a symlink, a special file). */
export function scanTargetFolder(abs: string, dir: string, stats: StatCache): ReturnType<typeof scanFolderCached> {
  try {
    return scanFolderCached(abs, stats.folders[dir], stats.writtenAt);
  } catch {
    return null;
  }
}

/** The agent-directory paths a sync looks at: every wanted one and every one it owns. */
export function targetDirs(wanted: readonly TargetEntry[], state: LocalState): string[] {
  return [...new Set([...wanted.map((w) => w.dir), ...Object.keys(state.targets)])];
}

/** The relative link target from an agent-directory entry to the installed skill folder. */
export function linkTarget(root: string, installDir: string, entry: TargetEntry): string {
  return relative(dirname(join(root, entry.dir)), join(installDir, entry.slug));
}

/** Everything `planTargets` needs. */
export interface TargetPlanInput {
  root: string;
  installDir: string;
  wanted: readonly TargetEntry[];
  state: LocalState;
  /** `inspectTarget` of every path of `targetDirs`. */
  disk: ReadonlyMap<string, OnDisk>;
  /** The digest each declared skill will have after this sync, by slug. */
  desired: ReadonlyMap<string, { digest: string; files: readonly { path: string; sha256: string; executable: boolean }[] }>;
  /** The digest the lockfile recorded for each slug before this sync (an interrupted sync may have left that). */
  lockedDigest: ReadonlyMap<string, string>;
  force: boolean;
}

/** Decides every agent-directory folder; see the module comment. */
export function planTargets(input: TargetPlanInput): { actions: TargetAction[] } {
  const { root, installDir, wanted, state, desired, lockedDigest, force } = input;
  const inspect = (dir: string) => input.disk.get(dir) ?? { kind: "none" };
  const actions: TargetAction[] = [];
  const wantedDirs = new Set(wanted.map((w) => w.dir));
  for (const entry of wanted) {
    const target = desired.get(entry.slug)!;
    const owned = state.targets[entry.dir];
    const disk = inspect(entry.dir);
    if (disk.kind === "none") {
      actions.push({ kind: "write", entry, digest: target.digest });
    } else if (!owned) {
      actions.push({ kind: "foreign", dir: entry.dir });
    } else if (entry.link) {
      const ok = disk.kind === "link" && disk.to === linkTarget(root, installDir, entry);
      if (ok) actions.push({ kind: "keep", entry, digest: target.digest });
      else pushReplace(actions, entry, disk, target, [owned.digest, lockedDigest.get(entry.slug)], state.digests[entry.dir], force);
    } else if (disk.kind === "folder" && disk.manifest.digest === target.digest) {
      actions.push({ kind: "keep", entry, digest: target.digest });
    } else {
      pushReplace(actions, entry, disk, target, [owned.digest, lockedDigest.get(entry.slug)], state.digests[entry.dir], force);
    }
  }
  for (const [dir, owned] of Object.entries(state.targets)) {
    if (wantedDirs.has(dir)) continue;
    const disk = inspect(dir);
    if (disk.kind === "none") actions.push({ kind: "forget", dir });
    else if (disk.kind === "folder" && !force && disk.manifest.digest !== owned.digest && disk.manifest.digest !== lockedDigest.get(owned.slug)) {
      actions.push({ kind: "conflict", dir, changes: { modified: [], added: disk.manifest.files.map((f) => f.path), removed: [] } });
    } else actions.push({ kind: "remove", dir });
  }
  return { actions };
}

/** Replaces what is there unless it is a copy edited by hand: kept when `recorded` (what was last written) is still the target, else a conflict. */
function pushReplace(
  actions: TargetAction[],
  entry: TargetEntry,
  disk: OnDisk,
  target: { digest: string; files: readonly { path: string; sha256: string; executable: boolean }[] },
  known: (string | undefined)[],
  recorded: string | undefined,
  force: boolean,
): void {
  const edited = disk.kind === "folder" && !force && ![...known, recorded].includes(disk.manifest.digest);
  if (!edited) actions.push({ kind: "write", entry, digest: target.digest });
  else if (recorded === target.digest) actions.push({ kind: "keep", entry, digest: target.digest });
  else actions.push({ kind: "conflict", dir: entry.dir, changes: diffManifests(target.files, disk.kind === "folder" ? disk.manifest.files : []) });
}

/**
 * Writes one agent-directory folder: a full copy swapped in atomically, or a
 * relative symlink renamed into place (a copy, with `onFallback` told, where
 * the OS refuses symlinks).
 * @param files the copy's files, asked for only when a copy is written (a link needs no bytes).
 * @returns whether it ended up a link.
 */
export async function writeTarget(
  root: string,
  installDir: string,
  entry: TargetEntry,
  files: () => Promise<readonly FileToWrite[]>,
  onFallback: (dir: string, reason: string) => void,
): Promise<boolean> {
  const abs = targetPath(root, entry.dir);
  const [parent, name] = [dirname(abs), basename(abs)];
  await mkdir(parent, { recursive: true });
  const existing = await lstat(abs).catch(() => null);
  if (entry.link) {
    const temporary = join(parent, `.tmp-${name}-${nodeCrypto().randomBytes(3).toString("hex")}`);
    try {
      await symlink(linkTarget(root, installDir, entry), temporary);
      // rename() cannot replace a folder with a link: the copy goes first.
      if (existing?.isDirectory()) await rm(abs, { recursive: true, force: true });
      await rename(temporary, abs);
      return true;
    } catch (error) {
      await rm(temporary, { force: true });
      onFallback(entry.dir, (error as NodeJS.ErrnoException).code ?? String(error));
    }
  }
  if (existing?.isSymbolicLink() || (await lstat(abs).catch(() => null))?.isSymbolicLink()) await rm(abs, { force: true });
  await installFolder(parent, name, await files());
  return false;
}

/** Deletes an owned agent-directory entry (a link itself, never what it points to). */
export async function removeTarget(root: string, dir: string): Promise<void> {
  await rm(targetPath(root, dir), { recursive: true, force: true });
}
