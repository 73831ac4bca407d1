/**
 * The record step of `skills sync`, after the writes: the lockfile (what is
 * now on disk), the parse cache of `.skills.yaml` and `.skills.lock`, and the
 * local state's digest of each folder with the stat cache beside it, so the
 * next run can trust what this one wrote (`trust.ts`), and of each `meta.yaml`
 * written. Each is written only when it changed: a warm sync records nothing.
 * A skill that did not resolve keeps its records.
 */
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { LOCKFILE_FILE, canonicalLockfile, type Lockfile } from "../lockfile/lockfile.ts";
import type { ProjectConfig } from "../project/config.ts";
import { writeFileAtomic } from "../project/install.ts";
import { parseCacheOf, sameParseCache, writeParseCache } from "../project/parse-cache.ts";
import type { Project } from "../project/project.ts";
import { installFolderKey, writeState, writeStatCache, type MetaRecord, type StatEntry } from "../project/state.ts";
import { META_YAML_FILE } from "../skill/folder.ts";
import { metaKey } from "./meta.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";
import type { Found } from "./inspect.ts";
import { changesFolders, type RunPlan } from "./plan.ts";
import type { Recorded } from "./trust.ts";

/** What a run synced to: the config (and its text) and the resolution of every declared skill that resolved. */
export interface Synced {
  config: ProjectConfig;
  configText: string;
  resolved: ReadonlyMap<string, ResolvedSkill>;
}

/**
 * Records a finished run; see the module comment.
 * @param frozen CI's frozen mode: the lockfile already records what is on disk and is not rewritten.
 * @param found the folders as the run found them (`scanFolders`).
 */
export async function recordSync(project: Project, synced: Synced, plan: RunPlan, found: Found, frozen: boolean): Promise<void> {
  const lock = await writeLock(project, plan, frozen);
  const parsed = parseCacheOf(
    { text: synced.configText, value: synced.config },
    lock.text === null || lock.value === null ? null : { text: lock.text, value: lock.value, checked: lock.checked },
  );
  if (!sameParseCache(parsed, project.parseCache)) await writeParseCache(project.installDir, parsed);
  await writeFolderRecords(project, synced, plan, found);
}

/** Writes the planned lockfile (not in frozen mode); returns the lock now on disk and whether every entry is a checked resolution. */
async function writeLock(project: Project, plan: RunPlan, frozen: boolean): Promise<{ text: string | null; value: Lockfile | null; checked: boolean }> {
  const planned = plan.skills.lock;
  const newLock = planned !== null && !frozen ? canonicalLockfile(planned) : null;
  if (!newLock) {
    // Every entry is a checked resolution, unless frozen mode left one that differs.
    return { text: project.lockText, value: project.lock, checked: planned === null };
  }
  const text = (await import("../lockfile/text.ts")).serializeLockfile(newLock);
  await writeFileAtomic(project.root, LOCKFILE_FILE, text);
  return { text, value: newLock, checked: true };
}

/**
 * Writes the state's folder digests and the stat cache when a folder changed or a digest
 * differs from the state's: also when a folder was found holding what resolved without a
 * record saying so (a first run, an older state).
 */
async function writeFolderRecords(project: Project, synced: Synced, plan: RunPlan, found: Found): Promise<void> {
  const { state } = project;
  const { install_path } = synced.config;
  const { installs, targetWrites } = plan.changes;
  const written = new Set([...installs.map((a) => installFolderKey(install_path, a.slug)), ...targetWrites.map((a) => a.entry.dir)]);
  const seen = new Map<string, Recorded>([
    ...[...found.installed].map(([slug, f]) => [installFolderKey(install_path, slug), f] as const),
    ...[...found.targets].flatMap(([dir, d]) => (d.kind === "folder" ? [[dir, d] as const] : [])),
  ]);
  const records = await folderRecords(project, synced, written, seen);
  const digestsChanged =
    Object.keys(records.digests).length !== Object.keys(state.digests).length ||
    Object.entries(records.digests).some(([key, digest]) => state.digests[key] !== digest);
  const meta = await metaRecords(project, synced, plan);
  const metaChanged = Object.keys(meta).length !== Object.keys(state.meta).length || Object.entries(meta).some(([key, m]) => state.meta[key] !== m);
  state.meta = meta;
  if (!changesFolders(plan) && !digestsChanged) {
    if (metaChanged) await writeState(project.installDir, state);
    return;
  }
  const stats = Object.fromEntries(Object.keys(records.digests).flatMap((key) => {
    const entries = records.fresh.get(key) ?? project.stats.folders[key];
    return entries ? [[key, entries] as const] : [];
  }));
  await writeStatCache(project.installDir, stats);
  state.digests = records.digests;
  await writeState(project.installDir, state);
}

/**
 * The folder records after a sync: the digest each folder holds, and the stat entries known
 * fresh. A folder this run wrote gets the stat of each file just written, paired with its
 * resolved hash; a folder found holding the resolution (scanned, or taken as recorded) keeps
 * the entries it was found with (a recorded one: those of the stat cache); any other (kept
 * with local edits) keeps its previous record. A file's current stat is never paired with a
 * hash it was not read or written with, so an edit the warm path did not look at stays visible
 * to `verify` and `--force`.
 * @returns `fresh`: the entries of folders written or scanned now; the others keep the cache's.
 */
async function folderRecords(
  project: Project,
  { config, resolved }: Synced,
  written: ReadonlySet<string>,
  found: ReadonlyMap<string, Recorded>,
): Promise<{ digests: Record<string, string>; fresh: Map<string, Record<string, StatEntry>> }> {
  const { state } = project;
  // A skill that did not resolve has no `skill`: its folders keep their records.
  const folders: [rel: string, dir: string, skill: ResolvedSkill | undefined][] = config.skills.map((declared) => [
    installFolderKey(config.install_path, declared.slug),
    join(project.installDir, declared.slug),
    resolved.get(declared.slug),
  ]);
  for (const [dir, owned] of Object.entries(state.targets)) {
    if (!owned.link) folders.push([dir, join(project.root, dir), resolved.get(owned.slug)]);
  }
  const digests: Record<string, string> = {};
  const fresh = new Map<string, Record<string, StatEntry>>();
  for (const [rel, dir, skill] of folders) {
    const seen = found.get(rel);
    if (!skill) {
      if (state.digests[rel]) digests[rel] = state.digests[rel];
    } else if (written.has(rel)) {
      const files = await statsOfWritten(dir, skill);
      if (files) {
        digests[rel] = skill.digest;
        fresh.set(rel, files);
      }
    } else if (seen && seen.manifest.digest === skill.digest) {
      digests[rel] = skill.digest;
      if (seen.stats) fresh.set(rel, seen.stats);
    } else if (state.digests[rel]) digests[rel] = state.digests[rel];
  }
  return { digests, fresh };
}

/**
 * The `meta.yaml` records after a sync: of each declared skill's folder, the file's stat just
 * after this run wrote it (with its folder, or alone), else the record it had.
 */
async function metaRecords(project: Project, { config, resolved }: Synced, plan: RunPlan): Promise<Record<string, MetaRecord>> {
  const written = new Set([...plan.changes.installs.map((a) => a.slug), ...plan.skills.metaWrites.map((s) => s.slug)]);
  const records: Record<string, MetaRecord> = {};
  for (const { slug } of config.skills) {
    const rel = installFolderKey(config.install_path, slug);
    const skill = resolved.get(slug);
    if (skill && written.has(slug)) {
      const stat = await lstat(join(project.installDir, slug, META_YAML_FILE)).catch(() => null);
      if (stat) records[rel] = { key: metaKey(skill), size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
    } else if (project.state.meta[rel]) records[rel] = project.state.meta[rel];
  }
  return records;
}

/** The stat entry of each file of `skill` just written into `dir`, paired with its resolved hash; null if one is gone already. */
async function statsOfWritten(dir: string, skill: ResolvedSkill): Promise<Record<string, StatEntry> | null> {
  const files: Record<string, StatEntry> = {};
  for (const file of skill.files) {
    const stat = await lstat(join(dir, ...file.path.split("/"))).catch(() => null);
    if (!stat) return null;
    files[file.path] = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, executable: (stat.mode & 0o100) !== 0, sha256: file.sha256 };
  }
  return files;
}
