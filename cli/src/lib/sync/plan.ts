/**
 * What `skills sync` must do, decided without I/O: which skills to install,
 * keep, refuse (local edits) or remove, which agent-directory folders to
 * write or remove (`targets/plan.ts`), which `meta.yaml` files to rewrite,
 * the new lockfile, and which generated files differ from what is on disk.
 * A skill that did not resolve is left as it is installed, with its old lock
 * entry and index section. A warm sync whose inputs match the disk plans no
 * write at all.
 */
import { CliError } from "../errors.ts";
import type { DigestEntry } from "../skill/digest.ts";
import { diffManifests, type FileChanges } from "../skill/manifest-diff.ts";
import { planTargets, targetConflictMessage, type TargetAction, type TargetPlanInput } from "../targets/plan.ts";
import { withInstallPathIgnored } from "../project/gitignore.ts";
import { generateIndex, indexEntryOf, type IndexEntry } from "../project/index-file.ts";
import { metaKey } from "./meta.ts";
import { lockHolds, lockTimestamp, lockedManifest, lockedSkillOf, lockedSkillsEqual, type LockedSkill, type Lockfile } from "../lockfile/lockfile.ts";
import type { MetaSkill } from "../project/meta-skill.ts";
import type { ProjectConfig } from "../project/config.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";

/** A folder as scanned on disk: its digest and manifest. */
export interface FolderState {
  digest: string;
  files: readonly DigestEntry[];
}

/** Everything the plan depends on. */
export interface PlanInput {
  config: Pick<ProjectConfig, "sources" | "skills" | "install_path">;
  /** The lockfile on disk, or null. */
  lock: Lockfile | null;
  /** Scanned folders by slug; a missing slug means no folder on disk. */
  local: ReadonlyMap<string, FolderState>;
  /** The digest this CLI last wrote into each skill folder, by slug (the local state's record). */
  recorded: ReadonlyMap<string, string>;
  /** The server's resolution of every declared skill that resolved, by slug. */
  resolved: ReadonlyMap<string, ResolvedSkill>;
  /** Why each other declared skill did not resolve, by slug (one line naming it). */
  failed: ReadonlyMap<string, string>;
  /**
   * The `metaKey` of the `meta.yaml` in each skill folder, by slug, when the file is as this
   * CLI last wrote it (its stat matches the state's record); a missing slug needs it written.
   */
  meta: ReadonlyMap<string, string>;
  /** Overwrite or remove locally modified folders. */
  force: boolean;
  /** The meta-skill this CLI installs. */
  metaSkill: MetaSkill;
  /** Current texts on disk (null when absent): the index, `_system/SKILL.md`, `.gitignore`. */
  current: { index: string | null; metaSkill: string | null; gitignore: string | null };
  /** The time to stamp a changed lockfile with. */
  now: Date;
}

/** The decision for one skill. */
export type SkillAction =
  | { kind: "unchanged"; slug: string; resolved: ResolvedSkill }
  /** Edited on disk since this CLI wrote it, and nothing new to write there: left as the user made it. */
  | { kind: "kept"; slug: string; resolved: ResolvedSkill }
  | { kind: "install"; slug: string; resolved: ResolvedSkill; previousVersion: string | undefined }
  | { kind: "remove"; slug: string; locked: LockedSkill }
  /** Did not resolve: its folder, lock entry (`kept`: the version it locks, if any) and index section stay as they were. */
  | { kind: "failed"; slug: string; reason: string; kept: string | undefined }
  /** A folder with local changes (or one this CLI did not install) that the plan would overwrite or delete. */
  | { kind: "conflict"; slug: string; changes: FileChanges; reference: string };

/** The plan: per-skill actions and the generated files to write (null/false = leave as is). */
export interface SyncPlan {
  actions: SkillAction[];
  /** Folders kept as they are whose `meta.yaml` is missing or stale (an installed folder gets its own). */
  metaWrites: ResolvedSkill[];
  lock: Lockfile | null;
  index: string | null;
  metaSkill: boolean;
  gitignore: string | null;
}

/**
 * Decides a sync; see the module comment. A folder holding what this CLI wrote there
 * (the recorded digest, or the locked one) is replaced by a newer resolution; a folder
 * edited since is never overwritten without `force`: it is kept when nothing new
 * resolved for it, and a conflict when something did, as git refuses a checkout
 * that would overwrite local changes. A lockfile read from an older format is rewritten.
 * @throws Error if a declared skill has neither a resolution nor a failure (a caller bug).
 */
export function planSync(input: PlanInput): SyncPlan {
  const { config, lock, local, force } = input;
  const oldLocks = new Map((lock?.skills ?? []).map((s) => [s.slug, s]));
  const registryOf = new Map(config.sources.map((s) => [s.name, s.registry]));
  const actions: SkillAction[] = [];
  const newLocks: LockedSkill[] = [];
  const indexed: IndexEntry[] = [];

  for (const declared of config.skills) {
    const resolved = input.resolved.get(declared.slug);
    const locked = oldLocks.get(declared.slug);
    const reason = input.failed.get(declared.slug);
    if (reason !== undefined) {
      actions.push({ kind: "failed", slug: declared.slug, reason, kept: locked && local.has(declared.slug) ? locked.version : undefined });
      if (locked) newLocks.push(locked);
      const entry = locked && local.has(declared.slug) ? previousIndexEntry(input.current.index, locked) : null;
      if (entry) indexed.push(entry);
      continue;
    }
    if (!resolved || resolved.registry !== registryOf.get(declared.source)) {
      throw new Error(`no resolution for ${declared.slug} in ${registryOf.get(declared.source)}`);
    }
    indexed.push(resolved);
    newLocks.push(locked && lockHolds(locked, resolved, declared.source, declared.version) ? locked : lockedSkillOf(resolved, declared.source, declared.version));
    const folder = local.get(declared.slug);
    const written = input.recorded.get(declared.slug) ?? locked?.digest;
    if (folder && folder.digest === resolved.digest) {
      actions.push({ kind: "unchanged", slug: declared.slug, resolved });
    } else if (!folder || force || folder.digest === written || folder.digest === locked?.digest) {
      actions.push({ kind: "install", slug: declared.slug, resolved, previousVersion: locked?.version });
    } else if (written === resolved.digest) {
      actions.push({ kind: "kept", slug: declared.slug, resolved });
    } else {
      actions.push(
        locked
          ? conflict(declared.slug, lockedManifest(locked), folder, `${locked.registry} v${locked.version}`)
          : conflict(declared.slug, resolved.files, folder, `${resolved.registry} v${resolved.version}`),
      );
    }
  }

  const declaredSlugs = new Set(config.skills.map((s) => s.slug));
  for (const locked of lock?.skills ?? []) {
    if (declaredSlugs.has(locked.slug)) continue;
    const folder = local.get(locked.slug);
    const ours = folder && (folder.digest === locked.digest || folder.digest === input.recorded.get(locked.slug));
    actions.push(
      folder && !force && !ours
        ? conflict(locked.slug, lockedManifest(locked), folder, `${locked.registry} v${locked.version}`)
        : { kind: "remove", slug: locked.slug, locked },
    );
  }

  const index = generateIndex(input.metaSkill.description, indexed);
  return {
    actions,
    metaWrites: actions.flatMap((a) =>
      (a.kind === "unchanged" || a.kind === "kept") && input.meta.get(a.slug) !== metaKey(a.resolved) ? [a.resolved] : [],
    ),
    lock:
      lock && lock.upgrade === undefined && lockedSkillsEqual(lock.skills, newLocks)
        ? null
        : { lockfile_version: 1, locked_at: lockTimestamp(input.now), skills: newLocks },
    index: index === input.current.index ? null : index,
    metaSkill: input.metaSkill.text !== input.current.metaSkill,
    gitignore: withInstallPathIgnored(input.current.gitignore, config.install_path),
  };
}

/** The index section of a skill left as it was installed: the one the index had, else what its lock entry says. */
function previousIndexEntry(index: string | null, locked: LockedSkill): IndexEntry {
  const entry = index === null ? null : indexEntryOf(index, locked.slug);
  return entry && entry.registry === locked.registry && entry.version === locked.version
    ? entry
    : { slug: locked.slug, registry: locked.registry, version: locked.version, description: null, tags: [], compat: [] };
}

function conflict(slug: string, reference: readonly DigestEntry[], folder: FolderState, label: string): SkillAction {
  return { kind: "conflict", slug, changes: diffManifests(reference, folder.files), reference: label };
}

/** A message naming every conflicting skill and its changed files, with what to do about it. */
export function conflictMessage(conflicts: readonly Extract<SkillAction, { kind: "conflict" }>[]): string {
  const lines = conflicts.map((c) => {
    const files = [
      ...c.changes.modified.map((p) => `modified ${p}`),
      ...c.changes.added.map((p) => `added ${p}`),
      ...c.changes.removed.map((p) => `removed ${p}`),
    ];
    return `  ${c.slug} (differs from ${c.reference}): ${files.join(", ") || "no file differs"}`;
  });
  return [
    "Local changes would be lost:",
    ...lines,
    "To keep them, merge the new version into them with `skills update <slug>`, or publish them with `skills push <slug>`; `skills sync --force` discards them.",
  ].join("\n");
}

/** The folder writes a run's plans ask for, in the order they are made. */
export interface FolderChanges {
  installs: Extract<SkillAction, { kind: "install" }>[];
  removed: string[];
  targetWrites: Extract<TargetAction, { kind: "write" }>[];
  targetRemovals: Extract<TargetAction, { kind: "remove" | "forget" }>[];
}

/** Everything one sync run decided. */
export interface RunPlan {
  skills: SyncPlan;
  targets: TargetAction[];
  changes: FolderChanges;
}

/**
 * Plans the skill folders (`planSync`) and the agent directories (`planTargets`) of one run.
 * @throws CliError LOCAL_CHANGES naming the skill folders, else the agent folders, whose local changes the run would lose.
 */
export function planRun(skills: PlanInput, targets: TargetPlanInput): RunPlan {
  const plan = planSync(skills);
  const conflicts = plan.actions.filter((a): a is Extract<SkillAction, { kind: "conflict" }> => a.kind === "conflict");
  if (conflicts.length > 0) throw new CliError("LOCAL_CHANGES", conflictMessage(conflicts));
  const { actions } = planTargets(targets);
  const targetConflicts = actions.filter((a): a is Extract<TargetAction, { kind: "conflict" }> => a.kind === "conflict");
  if (targetConflicts.length > 0) throw new CliError("LOCAL_CHANGES", targetConflictMessage(targetConflicts));
  return {
    skills: plan,
    targets: actions,
    changes: {
      installs: plan.actions.filter((a): a is Extract<SkillAction, { kind: "install" }> => a.kind === "install"),
      removed: plan.actions.filter((a) => a.kind === "remove").map((a) => a.slug),
      targetWrites: actions.filter((a): a is Extract<TargetAction, { kind: "write" }> => a.kind === "write"),
      targetRemovals: actions.filter((a): a is Extract<TargetAction, { kind: "remove" | "forget" }> => a.kind === "remove" || a.kind === "forget"),
    },
  };
}

/** Whether a run changes any folder (skill or agent directory). */
export function changesFolders({ changes }: RunPlan): boolean {
  return changes.installs.length + changes.removed.length + changes.targetWrites.length + changes.targetRemovals.length > 0;
}

/** Whether a run writes anything before its lockfile: a folder, a `meta.yaml`, the meta-skill, the index or `.gitignore`. */
export function writesFiles(plan: RunPlan): boolean {
  const { skills } = plan;
  return changesFolders(plan) || skills.metaWrites.length > 0 || skills.metaSkill || skills.index !== null || skills.gitignore !== null;
}
