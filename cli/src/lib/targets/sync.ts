/**
 * The I/O half of agent directories (see `targets.ts`; the decisions are
 * `plan.ts`): what is at each agent-directory path, and writing or removing
 * one folder or link there.
 */
import { lstatSync, readlinkSync } from "node:fs";
import { lstat, mkdir, rename, rm, symlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { scanFolderCached, type LocalManifest } from "../skill/folder.ts";
import { installFolder, type FileToWrite } from "../project/install.ts";
import { nodeCrypto } from "../skill/crypto.ts";
import { safeJoin } from "../skill/paths.ts";
import type { StatCache, StatEntry } from "../project/state.ts";
import { linkTarget, type TargetEntry } from "./targets.ts";

/** What exists at an agent-directory path. */
export type OnDisk =
  | { kind: "none" }
  | { kind: "link"; to: string }
  /** `stats` null: taken as recorded, not scanned (`sync/trust.ts`). */
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
 * symlinks once, not once per skill.
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
