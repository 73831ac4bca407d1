/**
 * `skills push` and the lockfile: the locked version is the base a push of
 * the installed copy names (so a newer version published meanwhile is not
 * replaced unseen), and after the push the lockfile records the published
 * version, so the next sync sees no local change.
 */
import { resolve } from "node:path";
import semver from "semver";
import { folderDigest } from "../skill/digest.ts";
import { MODIFIED_MARKER, type FolderFile } from "../skill/folder.ts";
import { removeFile, writeFileAtomic } from "../project/install.ts";
import { LOCKFILE_FILE, lockTimestamp, lockedSkillOf } from "../lockfile/lockfile.ts";
import { serializeLockfile } from "../lockfile/text.ts";
import type { Project } from "../project/project.ts";

/** What was published, and from where. */
export interface Published {
  project: Project | null;
  registry: string;
  slug: string;
  /** The pushed folder. */
  dir: string;
  files: readonly FolderFile[];
  /** SKILL.md bytes that replaced the folder's (`--from-stdin`): written into the installed copy. */
  skillMd?: Buffer | undefined;
  version: string;
  /** The digest the server computed for what it stored. */
  digest: string;
}

/**
 * The version the pushed folder was edited from: the locked version when `dir` is the installed copy of a
 * skill of `registry` in the project's lockfile, else undefined (a folder elsewhere has no known base).
 */
export function lockedBase(project: Project | null, registry: string, slug: string, dir: string): string | undefined {
  const locked = project?.lock?.skills.find((s) => s.slug === slug && s.registry === registry);
  return project && locked && resolve(dir) === resolve(project.installDir, slug) ? locked.version : undefined;
}

/**
 * Updates the lock entry when the pushed folder is the installed copy of a locked skill from this registry.
 * @returns whether the lock now records the version, and the project's constraint when it excludes it.
 */
export async function recordInLock(published: Published): Promise<{ lockUpdated: boolean; excludedBy: string | undefined }> {
  const { project, registry, slug, version, digest } = published;
  const locked = project?.lock?.skills.find((s) => s.slug === slug && s.registry === registry);
  if (!project?.lock || !locked || resolve(published.dir) !== resolve(project.installDir, slug)) {
    return { lockUpdated: false, excludedBy: undefined };
  }
  // The server hashes what it stored; if that differs from this folder, the lock must not claim they are equal.
  if (folderDigest(published.files) !== digest) return { lockUpdated: false, excludedBy: undefined };
  // The installed copy now holds what was published, so the next sync sees no local change.
  if (published.skillMd) await writeFileAtomic(project.installDir, `${slug}/SKILL.md`, published.skillMd.toString("utf8"));
  const entry = lockedSkillOf({ registry, slug, version, digest, files: published.files }, locked.source, locked.constraint);
  const skills = project.lock.skills.map((s) => (s === locked ? entry : s));
  const lock = { ...project.lock, locked_at: lockTimestamp(new Date()), skills };
  await writeFileAtomic(project.root, LOCKFILE_FILE, serializeLockfile(lock));
  await removeFile(project.installDir, `${slug}/${MODIFIED_MARKER}`);
  const excluded = locked.constraint !== undefined && !semver.satisfies(version, locked.constraint);
  return { lockUpdated: true, excludedBy: excluded ? locked.constraint : undefined };
}
