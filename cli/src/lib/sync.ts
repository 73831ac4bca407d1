/**
 * `skills sync` end to end (spec §6.6): resolve every declared skill on its
 * API, plan against the lockfile and the folders on disk (`sync-plan.ts`),
 * gather every needed byte (local copies first, then POST /blobs) and check
 * the security findings of what is new before touching the disk, then write
 * only what changed: skill folders, agent-directory copies (`targets:`), the
 * index, the lockfile and the local state. Any unresolved skill, refused
 * local change or unaccepted finding stops it before the first write; an
 * interrupted run is repaired first (`recover.ts`). `add` and `remove` run it
 * with their edited config.
 *
 * A warm sync (nothing changed) must stay within 1.5× `skills --version`
 * (issue 5): the folders are scanned while the server answers, and what only
 * a writing or unusual run needs (the yaml parser, semver, the security
 * scanner) is imported when that run needs it.
 */
import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { CliError } from "./errors.ts";
import { scanFolderCached, type LocalManifest } from "./folder.ts";
import { INDEX_FILE, META_SKILL_FOLDER } from "./index-gen.ts";
import { installFolder, removeFolder, writeFileAtomic, type FileToWrite } from "./install.ts";
import { LOCKFILE_FILE, canonicalLockfile, type Lockfile } from "./lockfile.ts";
import type { MetaSkill } from "./meta-skill.ts";
import { safeJoin } from "./paths.ts";
import { readTextIfExists, type Project } from "./project.ts";
import type { ProjectConfig } from "./project-config.ts";
import { recoverInterrupted, recoverRootFiles } from "./recover.ts";
import type { Finding } from "./security.ts";
import { parseKey, writeState, type LocalState, type StatEntry } from "./state.ts";
import { inspectTarget, planTargets, removeTarget, targetDirs, writeTarget, type OnDisk, type TargetAction } from "./target-sync.ts";
import { TARGET_DIRS, wantedTargetEntries } from "./targets.ts";
import { conflictMessage, planSync, type SkillAction } from "./sync-plan.ts";
import type { ResolvedSkill } from "./wire.ts";
import { gatherBytes } from "./sync-bytes.ts";
import { resolveAll } from "./sync-resolve.ts";

/** Options of one sync run. */
export interface SyncOptions {
  /** Overwrite or remove locally modified folders instead of refusing. */
  force: boolean;
  /** The meta-skill to install in `_system/`. */
  metaSkill: MetaSkill;
  /** The `.skills.yaml` text to sync to, when it differs from the project's file (`add`, `remove` write it after the sync). */
  configText?: string;
  /** CI mode: install exactly what the lockfile pins; any difference is an error and nothing is written. */
  frozen?: boolean;
  /** Skills to keep at their locked version (`update <slug>` moves only one). */
  keep?: ReadonlySet<string>;
  /**
   * Asked before installing skills with security findings; resolves true to go on.
   * Default: refuse (a REFUSED error listing them).
   */
  accept?: (flagged: readonly FlaggedSkill[]) => Promise<boolean>;
  /** Told about agent-directory folders left alone or copied instead of linked. */
  onWarning?: (message: string) => void;
  /** Called with a short description of each phase (for a spinner). */
  onProgress?: (text: string) => void;
  /** Stamp for a changed lockfile (default now). */
  now?: Date;
}

/** A skill about to be installed whose files raised security findings. */
export interface FlaggedSkill {
  slug: string;
  version: string;
  findings: Finding[];
}

/** What a sync did. */
export interface SyncResult {
  /** The resolved version of every declared skill, by slug. */
  resolved: Map<string, ResolvedSkill>;
  installed: { slug: string; version: string; previousVersion: string | undefined }[];
  unchanged: string[];
  removed: string[];
  /** Agent-directory folders written and removed, relative to the repository root. */
  targetsWritten: string[];
  targetsRemoved: string[];
}

/**
 * Syncs the project; see the module comment.
 * @throws CliError UNRESOLVED (skills the server could not resolve, with their constraints),
 *   LOCAL_CHANGES (modified folders, naming their files), OUT_OF_DATE (`frozen` and the lock
 *   does not match), REFUSED (security findings not accepted), INTEGRITY, and API errors.
 */
export async function runSync(project: Project, options: SyncOptions): Promise<SyncResult> {
  const configText = options.configText ?? project.configText;
  const config = options.configText === undefined ? project.config : (await import("./project-config-text.ts")).parseProjectConfig(configText);
  const progress = options.onProgress ?? (() => {});
  const warn = options.onWarning ?? (() => {});
  const targetParents = [...new Set(config.targets.map((t) => join(project.root, TARGET_DIRS[t])))];
  await recoverInterrupted([project.installDir, ...targetParents]);
  await recoverRootFiles(project.root);
  const state = project.state;
  // Only CI's frozen mode needs semver (through frozen.ts).
  const frozen = options.frozen ? await import("./frozen.ts") : undefined;

  if (frozen) {
    const drift = frozen.lockDrift(config, project.lock);
    if (drift.length > 0) throw outOfDate(drift);
  }
  progress(`Resolving ${config.skills.length} skill(s)`);
  const wanted = wantedTargetEntries(config.targets, config.skills.map((s) => s.slug), config.link);
  // Scanning the folders overlaps the wait for the server.
  const [{ resolved, apiUrlOf }, { installed: scanned, targets: disk }] = await Promise.all([
    resolveAll(config, pinsOf(project.lock, options)),
    scanFolders(project, config, targetDirs(wanted, state)),
  ]);
  const local = new Map([...scanned].map(([slug, s]) => [slug, s.manifest]));
  if (frozen) {
    const drift = frozen.folderDrift(project.lock!, local, config.install_path, false);
    if (drift.length > 0) throw outOfDate(drift);
  }
  const plan = planSync({
    config,
    lock: project.lock,
    local,
    resolved,
    force: options.force,
    metaSkill: options.metaSkill,
    current: {
      index: readTextIfExists(join(project.installDir, INDEX_FILE)),
      metaSkill: readTextIfExists(join(project.installDir, META_SKILL_FOLDER, "SKILL.md")),
      gitignore: readTextIfExists(join(project.root, ".gitignore")),
    },
    now: options.now ?? new Date(),
  });
  const conflicts = plan.actions.filter((a): a is Extract<SkillAction, { kind: "conflict" }> => a.kind === "conflict");
  if (conflicts.length > 0) throw new CliError("LOCAL_CHANGES", conflictMessage(conflicts));

  const lockedDigest = new Map((project.lock?.skills ?? []).map((s) => [s.slug, s.digest]));
  const targetPlan = planTargets({
    root: project.root,
    installDir: project.installDir,
    wanted,
    state,
    disk,
    desired: resolved,
    lockedDigest,
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
    if (action.kind === "foreign") warn(`${action.dir} exists and was not created by skills; left as is.`);
  }

  const installs = plan.actions.filter((a): a is Extract<SkillAction, { kind: "install" }> => a.kind === "install");
  const targetWrites = targetPlan.actions.filter((a): a is Extract<TargetAction, { kind: "write" }> => a.kind === "write");
  const needed = [
    ...installs.map((a) => ({ slug: a.slug, files: a.resolved.files })),
    ...targetWrites.filter((a) => !a.entry.link).map((a) => ({ slug: a.entry.slug, files: resolved.get(a.entry.slug)!.files })),
  ];
  const bytes = await gatherBytes(needed, local, apiUrlOf, progress);
  const filesOf = (skill: ResolvedSkill) =>
    skill.files.map((f) => ({ path: f.path, bytes: bytes.get(f.sha256)!, executable: f.executable }));

  const flagged = await flaggedInstalls(installs.map((a) => a.resolved), filesOf);
  if (flagged.length > 0 && !(await (options.accept ?? (async () => false))(flagged))) {
    throw new CliError("REFUSED", `${refusalMessage(flagged)}\nNothing was changed. Review the skills, then run again with --yes to accept.`);
  }

  progress("Writing");
  for (const action of installs) await installFolder(project.installDir, action.slug, filesOf(action.resolved));
  const removed = plan.actions.filter((a) => a.kind === "remove").map((a) => a.slug);
  for (const slug of removed) await removeFolder(project.installDir, slug);

  const targetRemovals = targetPlan.actions.filter((a) => a.kind === "remove" || a.kind === "forget") as { kind: string; dir: string }[];
  const stateChanged = targetWrites.length > 0 || targetRemovals.length > 0 || installs.length > 0;
  if (targetWrites.length > 0) {
    // Ownership is recorded before the folder exists, so an interrupted run still knows it is ours.
    for (const a of targetWrites) state.targets[a.entry.dir] = { slug: a.entry.slug, digest: a.digest, link: a.entry.link };
    await writeState(project.installDir, state);
  }
  for (const action of targetWrites) {
    const linked = await writeTarget(project.root, project.installDir, action.entry, filesOf(resolved.get(action.entry.slug)!), (dir, reason) =>
      warn(`cannot link ${dir} (${reason}); copied instead.`),
    );
    state.targets[action.entry.dir]!.link = linked;
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
  // The lockfile records what is now on disk; in frozen mode it already does.
  const newLock = plan.lock !== null && !options.frozen ? canonicalLockfile(plan.lock) : null;
  const lockText = newLock ? (await import("./lockfile-text.ts")).serializeLockfile(newLock) : project.lockText;
  if (newLock) await writeFileAtomic(project.root, LOCKFILE_FILE, lockText!);
  const parsed = parseCache(configText, config, lockText, newLock ?? project.lock);
  const parsedStale = parsed.config?.key !== state.parsed.config?.key || parsed.lock?.key !== state.parsed.lock?.key;
  if (stateChanged || parsedStale) {
    state.stat = await freshStats(project, config, resolved, scanned, targetPlan.stats, state);
    state.parsed = parsed;
    await writeState(project.installDir, state);
  }

  return {
    resolved,
    installed: installs.map((a) => ({ slug: a.slug, version: a.resolved.version, previousVersion: a.previousVersion })),
    unchanged: plan.actions.filter((a) => a.kind === "unchanged").map((a) => a.slug),
    removed,
    targetsWritten: targetWrites.map((a) => a.entry.dir),
    targetsRemoved: targetRemovals.filter((a) => a.kind === "remove").map((a) => a.dir),
  };
}

/** The skills about to be installed whose files raise security findings; the scanner (and its binary-file detection) loads only when there are some. */
async function flaggedInstalls(skills: readonly ResolvedSkill[], filesOf: (skill: ResolvedSkill) => FileToWrite[]): Promise<FlaggedSkill[]> {
  if (skills.length === 0) return [];
  const { scanSkill } = await import("./security.ts");
  return skills.map((s) => ({ slug: s.slug, version: s.version, findings: scanSkill(filesOf(s)) })).filter((f) => f.findings.length > 0);
}

/** The state's parse cache of the project files as they are now on disk, so the next run needs no yaml. */
function parseCache(configText: string, config: ProjectConfig, lockText: string | null, lock: Lockfile | null): LocalState["parsed"] {
  return {
    config: { key: parseKey(configText), value: config },
    ...(lockText === null || lock === null ? {} : { lock: { key: parseKey(lockText), value: lock } }),
  };
}

/** The locked entries resolution must stick to: all in frozen mode (digest checked), else those in `keep`. */
function pinsOf(lock: Lockfile | null, options: SyncOptions): Map<string, { version: string; digest?: string }> {
  const pins = new Map<string, { version: string; digest?: string }>();
  for (const entry of lock?.skills ?? []) {
    if (options.frozen) pins.set(entry.slug, { version: entry.version, digest: entry.digest });
    else if (options.keep?.has(entry.slug)) pins.set(entry.slug, { version: entry.version });
  }
  return pins;
}

function outOfDate(drift: readonly string[]): CliError {
  return new CliError("OUT_OF_DATE", `The lockfile does not match; nothing was changed:\n${drift.map((d) => `  ${d}`).join("\n")}`);
}

/** The findings of every flagged skill, one line each, under its name. */
export function refusalMessage(flagged: readonly FlaggedSkill[]): string {
  return [
    "Security warnings:",
    ...flagged.flatMap((f) => [`  ${f.slug} v${f.version}:`, ...f.findings.map((x) => `    - ${x.message}`)]),
  ].join("\n");
}

/**
 * The stat cache after a writing sync: folders kept as they were reuse the
 * entries of their scan; written ones are stat-ed and paired with the hashes
 * of the files just written.
 */
async function freshStats(
  project: Project,
  config: ProjectConfig,
  resolved: ReadonlyMap<string, ResolvedSkill>,
  scanned: ReadonlyMap<string, { manifest: LocalManifest; stats: Record<string, StatEntry> }>,
  targetStats: ReadonlyMap<string, Record<string, StatEntry>>,
  state: LocalState,
): Promise<LocalState["stat"]> {
  const out: LocalState["stat"] = {};
  const statOf = async (dir: string, rel: string, skill: ResolvedSkill, before: Record<string, StatEntry> | undefined) => {
    const known = new Map(skill.files.map((f) => [f.path, f]));
    const entries: Record<string, StatEntry> = {};
    for (const file of skill.files) {
      const stat = await lstat(join(dir, ...file.path.split("/"))).catch(() => null);
      if (!stat) return;
      const cached = before?.[file.path];
      // An unchanged file keeps its entry; a rewritten one gets the stat of the bytes just written.
      entries[file.path] =
        cached && cached.ino === stat.ino && cached.mtimeMs === stat.mtimeMs && cached.sha256 === file.sha256
          ? cached
          : { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, executable: (stat.mode & 0o100) !== 0, sha256: known.get(file.path)!.sha256 };
    }
    out[rel] = entries;
  };
  for (const declared of config.skills) {
    const skill = resolved.get(declared.slug)!;
    await statOf(join(project.installDir, declared.slug), `${config.install_path}/${declared.slug}`, skill, scanned.get(declared.slug)?.stats);
  }
  for (const [dir, owned] of Object.entries(state.targets)) {
    const skill = resolved.get(owned.slug);
    const stat = await lstat(join(project.root, dir)).catch(() => null);
    if (skill && stat?.isDirectory()) await statOf(join(project.root, dir), dir, skill, targetStats.get(dir));
  }
  return out;
}

/**
 * Every folder the plans look at, with the stat cache: the install folder of each declared or
 * locked skill (manifests and fresh stat entries of those on disk) and each agent-directory path.
 * Each folder is scanned synchronously; between folders the event loop runs, so the /sync request
 * goes out, and its answer is read, meanwhile.
 */
async function scanFolders(project: Project, config: ProjectConfig, dirs: readonly string[]) {
  const { state } = project;
  const slugs = new Set([...config.skills.map((s) => s.slug), ...(project.lock?.skills ?? []).map((s) => s.slug)]);
  const installed = new Map<string, { manifest: LocalManifest; stats: Record<string, StatEntry> }>();
  for (const slug of slugs) {
    await nextTurn();
    const scanned = scanFolderCached(safeJoin(project.installDir, slug), state.stat[`${config.install_path}/${slug}`], state.writtenAt);
    if (scanned) installed.set(slug, scanned);
  }
  const targets = new Map<string, OnDisk>();
  for (const dir of dirs) {
    await nextTurn();
    targets.set(dir, inspectTarget(project.root, dir, state));
  }
  return { installed, targets };
}
