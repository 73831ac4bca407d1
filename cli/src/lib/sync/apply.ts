/**
 * The second half of `skills sync` (see `sync.ts`): with the server's answer
 * on its way, repair an interrupted run, look at the folders (every one in
 * frozen mode and with --force, else only those this run may write:
 * `sync-trust.ts`), plan against them, gather bytes, check security findings,
 * and write only what changed. A module of its own so that it loads while the
 * server answers, not before the request goes out (warm `skills sync` is held
 * to a small multiple of `skills --version`; bench/cli.ts measures it).
 */
import { lstatSync } from "node:fs";
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { refusalMessage, type FlaggedSkill } from "../terminal/accept.ts";
import { CliError } from "../errors.ts";
import { scanFolderCached, type LocalManifest } from "../skill/folder.ts";
import { INDEX_FILE, META_SKILL_FOLDER } from "../project/index-file.ts";
import { installFolder, removeFolder, writeFileAtomic, type FileToWrite } from "../project/install.ts";
import { LOCKFILE_FILE, canonicalLockfile } from "../lockfile/lockfile.ts";
import { safeJoin } from "../skill/paths.ts";
import { readTextIfExists, type Project } from "../project/project.ts";
import type { ProjectConfig } from "../project/config.ts";
import { nextTurn } from "./next-turn.ts";
import { recoverInterrupted, recoverRootFiles } from "./recover.ts";
import { parseCacheOf, sameParseCache, writeParseCache } from "../project/parse-cache.ts";
import { installFolderKey, writeState, writeStatCache, type StatEntry } from "../project/state.ts";
import type { SyncOptions, SyncResult } from "./run.ts";
import { recordedFolder, type Recorded } from "./trust.ts";
import { inspectTarget, planTargets, removeTarget, targetDirs, targetPaths, writeTarget, type OnDisk, type TargetAction } from "../targets/sync.ts";
import { TARGET_DIRS, wantedTargetEntries, type TargetEntry } from "../targets/targets.ts";
import { conflictMessage, planSync, type SkillAction, type SyncPlan } from "./plan.ts";
import type { ResolvedSkill } from "../http/wire.ts";
import { gatherBytes } from "./fetch.ts";
import type { resolveAll } from "./resolve.ts";

/** What `runSync` settled before the request went out. */
export interface SyncContext {
  config: ProjectConfig;
  configText: string;
  /** frozen.ts, loaded in CI's frozen mode only. */
  frozen: typeof import("./frozen.ts") | undefined;
}

/**
 * Finishes a sync whose POST /sync is `resolving`; see the module comment.
 * @throws as `runSync` documents.
 */
export async function applySync(
  project: Project,
  { config, configText, frozen }: SyncContext,
  options: SyncOptions,
  resolving: ReturnType<typeof resolveAll>,
): Promise<SyncResult> {
  const targetParents = [...new Set(config.targets.map((t) => join(project.root, TARGET_DIRS[t])))];
  await recoverInterrupted([project.installDir, ...targetParents]);
  await recoverRootFiles(project.root);
  const state = project.state;
  const wanted = wantedTargetEntries(config.targets, config.skills.map((s) => s.slug), config.link);
  const verifyAll = options.frozen === true || options.force;
  // Read while the server answers: none of it depends on the answer.
  const current = {
    index: readTextIfExists(join(project.installDir, INDEX_FILE)),
    metaSkill: readTextIfExists(join(project.installDir, META_SKILL_FOLDER, "SKILL.md")),
    gitignore: readTextIfExists(join(project.root, ".gitignore")),
  };
  const places = locateFolders(project, config, targetDirs(wanted, state));
  const [{ resolved, apiUrlOf }, early] = await Promise.all([
    resolving,
    // Looking inside every folder overlaps the wait for the server.
    verifyAll ? scanFolders(project, config, places) : undefined,
  ]);
  const { installed: scanned, targets: disk } = early ?? (await scanFolders(project, config, places, { resolved, wanted }));
  const local = new Map([...scanned].map(([slug, s]) => [slug, s.manifest]));
  if (frozen) {
    const drift = frozen.folderDrift(project.lock!, local, config.install_path, false);
    if (drift.length > 0) throw frozen.outOfDate(drift);
  }
  const plan = planSync({
    config,
    lock: project.lock,
    local,
    recorded: new Map([...scanned.keys()].flatMap((slug) => {
      const digest = state.digests[installFolderKey(config.install_path, slug)];
      return digest ? [[slug, digest] as const] : [];
    })),
    resolved,
    force: options.force,
    metaSkill: options.metaSkill,
    current,
    now: options.now ?? new Date(),
  });
  const conflicts = plan.actions.filter((a): a is Extract<SkillAction, { kind: "conflict" }> => a.kind === "conflict");
  if (conflicts.length > 0) throw new CliError("LOCAL_CHANGES", conflictMessage(conflicts));

  const targetPlan = planTargets({
    root: project.root,
    installDir: project.installDir,
    wanted,
    state,
    disk,
    desired: resolved,
    lockedDigest: new Map((project.lock?.skills ?? []).map((s) => [s.slug, s.digest])),
    force: options.force,
  });
  const targetConflicts = targetPlan.actions.filter((a): a is Extract<TargetAction, { kind: "conflict" }> => a.kind === "conflict");
  if (targetConflicts.length > 0) {
    throw new CliError(
      "LOCAL_CHANGES",
      [
        "Local changes in agent folders would be lost:",
        ...targetConflicts.map((c) => `  ${c.dir}: ${[...c.changes.modified, ...c.changes.added, ...c.changes.removed].join(", ") || "changed"}`),
        "Copy your changes into the skill and `skills push` it, or run `skills sync --force` to discard them.",
      ].join("\n"),
    );
  }
  for (const action of targetPlan.actions) {
    if (action.kind === "foreign") options.onWarning?.(`${action.dir} exists and was not created by skills; left as is.`);
  }

  const changes: Changes = {
    installs: plan.actions.filter((a): a is Extract<SkillAction, { kind: "install" }> => a.kind === "install"),
    removed: plan.actions.filter((a) => a.kind === "remove").map((a) => a.slug),
    targetWrites: targetPlan.actions.filter((a): a is Extract<TargetAction, { kind: "write" }> => a.kind === "write"),
    targetRemovals: targetPlan.actions.filter((a): a is Extract<TargetAction, { kind: "remove" | "forget" }> => a.kind === "remove" || a.kind === "forget"),
  };
  const folderChanges = changes.installs.length + changes.removed.length + changes.targetWrites.length + changes.targetRemovals.length;
  // A warm sync writes nothing and never compiles the code that writes.
  if (folderChanges > 0 || plan.metaSkill || plan.index !== null || plan.gitignore !== null) {
    await writeChanges(project, plan, changes, resolved, { local, apiUrlOf }, options);
  }
  // The lockfile records what is now on disk; in frozen mode it already does.
  const newLock = plan.lock !== null && !options.frozen ? canonicalLockfile(plan.lock) : null;
  const lockText = newLock ? (await import("../lockfile/text.ts")).serializeLockfile(newLock) : project.lockText;
  if (newLock) await writeFileAtomic(project.root, LOCKFILE_FILE, lockText!);
  const lock = newLock ?? project.lock;
  // Every entry of the lock now on disk is a checked resolution, unless frozen mode left one that differs.
  const lockChecked = newLock !== null || plan.lock === null;
  const parsed = parseCacheOf({ text: configText, value: config }, lockText === null || lock === null ? null : { text: lockText, value: lock, checked: lockChecked });
  if (!sameParseCache(parsed, project.parseCache)) await writeParseCache(project.installDir, parsed);

  const written = new Set([...changes.installs.map((a) => installFolderKey(config.install_path, a.slug)), ...changes.targetWrites.map((a) => a.entry.dir)]);
  const found = new Map<string, Recorded>([
    ...[...scanned].map(([slug, f]) => [installFolderKey(config.install_path, slug), f] as const),
    ...[...disk].flatMap(([dir, d]) => (d.kind === "folder" ? [[dir, d] as const] : [])),
  ]);
  const records = await folderRecords(project, config, resolved, written, found);
  // Also written when a folder was found holding what resolved without a record saying so (a first run, an older state).
  const digestsChanged =
    Object.keys(records.digests).length !== Object.keys(state.digests).length ||
    Object.entries(records.digests).some(([key, digest]) => state.digests[key] !== digest);
  if (folderChanges > 0 || digestsChanged) {
    const stats = Object.fromEntries(Object.keys(records.digests).flatMap((key) => {
      const entries = records.fresh.get(key) ?? project.stats.folders[key];
      return entries ? [[key, entries] as const] : [];
    }));
    await writeStatCache(project.installDir, stats);
    state.digests = records.digests;
    await writeState(project.installDir, state);
  }

  return {
    resolved,
    installed: changes.installs.map((a) => ({ slug: a.slug, version: a.resolved.version, previousVersion: a.previousVersion })),
    unchanged: plan.actions.filter((a) => a.kind === "unchanged" || a.kind === "kept").map((a) => a.slug),
    removed: changes.removed,
    targetsWritten: changes.targetWrites.map((a) => a.entry.dir),
    targetsRemoved: changes.targetRemovals.filter((a) => a.kind === "remove").map((a) => a.dir),
  };
}

/** The folder writes a plan asks for. */
interface Changes {
  installs: Extract<SkillAction, { kind: "install" }>[];
  removed: string[];
  targetWrites: Extract<TargetAction, { kind: "write" }>[];
  targetRemovals: Extract<TargetAction, { kind: "remove" | "forget" }>[];
}

/**
 * Writes what the plans decided, lockfile aside: gathers every byte and checks the security
 * findings of what is new before the first write, then the skill folders, the agent-directory
 * copies (ownership recorded in the state first), the meta-skill, the index and `.gitignore`.
 * @throws CliError REFUSED when findings are not accepted (nothing written then).
 */
async function writeChanges(
  project: Project,
  plan: SyncPlan,
  { installs, removed, targetWrites, targetRemovals }: Changes,
  resolved: ReadonlyMap<string, ResolvedSkill>,
  { local, apiUrlOf }: { local: ReadonlyMap<string, LocalManifest>; apiUrlOf: ReadonlyMap<string, string> },
  options: SyncOptions,
): Promise<void> {
  const { state } = project;
  const needed = [
    ...installs.map((a) => ({ slug: a.slug, files: a.resolved.files })),
    ...targetWrites.filter((a) => !a.entry.link).map((a) => ({ slug: a.entry.slug, files: resolved.get(a.entry.slug)!.files })),
  ];
  const bytes = await gatherBytes(needed, local, apiUrlOf, options.onProgress ?? (() => {}));
  try {
    // One skill's files at a time in memory: each is read back from the staged bytes when written or scanned.
    const filesOf = async (skill: ResolvedSkill): Promise<FileToWrite[]> =>
      Promise.all(skill.files.map(async (f) => ({ path: f.path, bytes: await bytes.read(f.sha256), executable: f.executable })));

    const flagged = await flaggedInstalls(installs.map((a) => a.resolved), filesOf);
    if (flagged.length > 0 && !(await (options.accept ?? (async () => false))(flagged))) {
      throw new CliError("REFUSED", `${refusalMessage(flagged)}\nNothing was changed. Review the skills, then run again with --yes to accept.`);
    }

    options.onProgress?.("Writing");
    for (const action of installs) await installFolder(project.installDir, action.slug, await filesOf(action.resolved));
    for (const slug of removed) await removeFolder(project.installDir, slug);
    if (targetWrites.length > 0) {
      // Ownership is recorded before the folder exists, so an interrupted run still knows it is ours.
      for (const a of targetWrites) state.targets[a.entry.dir] = { slug: a.entry.slug, digest: a.digest, link: a.entry.link };
      await writeState(project.installDir, state);
    }
    for (const action of targetWrites) {
      const linked = await writeTarget(project.root, project.installDir, action.entry, () => filesOf(resolved.get(action.entry.slug)!), (dir, reason) =>
        options.onWarning?.(`cannot link ${dir} (${reason}); copied instead.`),
      );
      state.targets[action.entry.dir]!.link = linked;
    }
  } finally {
    await bytes.dispose();
  }
  for (const action of targetRemovals) {
    if (action.kind === "remove") await removeTarget(project.root, action.dir);
    delete state.targets[action.dir];
  }

  if (plan.metaSkill) {
    await installFolder(project.installDir, META_SKILL_FOLDER, [
      { path: "SKILL.md", bytes: Buffer.from(options.metaSkill.text, "utf8"), executable: false },
    ]);
  }
  if (plan.index !== null) await writeFileAtomic(project.installDir, INDEX_FILE, plan.index);
  if (plan.gitignore !== null) await writeFileAtomic(project.root, ".gitignore", plan.gitignore);
}

/** The skills about to be installed whose files raise security findings; the scanner (and its binary-file detection) loads only when there are some. */
async function flaggedInstalls(skills: readonly ResolvedSkill[], filesOf: (skill: ResolvedSkill) => Promise<FileToWrite[]>): Promise<FlaggedSkill[]> {
  if (skills.length === 0) return [];
  const { scanSkill } = await import("../skill/security.ts");
  const flagged: FlaggedSkill[] = [];
  for (const s of skills) {
    const findings = scanSkill(await filesOf(s));
    if (findings.length > 0) flagged.push({ slug: s.slug, version: s.version, findings });
  }
  return flagged;
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
  config: ProjectConfig,
  resolved: ReadonlyMap<string, ResolvedSkill>,
  written: ReadonlySet<string>,
  found: ReadonlyMap<string, Recorded>,
): Promise<{ digests: Record<string, string>; fresh: Map<string, Record<string, StatEntry>> }> {
  const { state } = project;
  const folders: [rel: string, dir: string, skill: ResolvedSkill][] = config.skills.map((declared) => [
    installFolderKey(config.install_path, declared.slug),
    join(project.installDir, declared.slug),
    resolved.get(declared.slug)!,
  ]);
  for (const [dir, owned] of Object.entries(state.targets)) {
    const skill = resolved.get(owned.slug);
    if (skill && !owned.link) folders.push([dir, join(project.root, dir), skill]);
  }
  const digests: Record<string, string> = {};
  const fresh = new Map<string, Record<string, StatEntry>>();
  for (const [rel, dir, skill] of folders) {
    const seen = found.get(rel);
    if (written.has(rel)) {
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

/** A folder a sync looks at: its absolute path and whether a folder (not a symlink) is there. */
interface Place {
  abs: string;
  isFolder: boolean;
}

/**
 * Where each folder the plans look at is, checked for symlinks on the way, and whether a
 * folder is there: the install folder of each declared or locked skill, by slug, and each
 * agent-directory path. The lstats a warm sync needs, made while the server answers.
 * @throws CliError UNSAFE_PATH when a symlink sits on the way.
 */
function locateFolders(project: Project, config: ProjectConfig, dirs: readonly string[]) {
  const place = (abs: string): Place => ({ abs, isFolder: lstatSync(abs, { throwIfNoEntry: false })?.isDirectory() === true });
  const slugs = new Set([...config.skills.map((s) => s.slug), ...(project.lock?.skills ?? []).map((s) => s.slug)]);
  const pathOf = targetPaths(project.root);
  return {
    installs: new Map([...slugs].map((slug) => [slug, place(safeJoin(project.installDir, slug))])),
    targets: new Map(dirs.map((dir) => [dir, place(pathOf(dir))])),
  };
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
  places: ReturnType<typeof locateFolders>,
  trust?: { resolved: ReadonlyMap<string, ResolvedSkill>; wanted: readonly TargetEntry[] },
) {
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
  return { installed, targets };
}
