/**
 * `skills sync` end to end, step by step: resolve every declared skill on its
 * API (`resolve.ts`), look at the disk (`inspect.ts`), plan against the
 * lockfile and the folders found (`plan.ts`), fetch every byte the plan
 * writes (`fetch.ts`) and screen the security findings of what is new
 * (`screen.ts`), write only what changed (`write.ts`: skill folders,
 * agent-directory copies, the index), then record the lockfile, the state and
 * the caches (`record.ts`). A skill that does not resolve is left as it is
 * installed and reported (`SyncResult.failed`), the others synced; in frozen
 * mode, or when it is one `add` declares, it stops the run before the first
 * write, as any refused local change or unaccepted finding does. An
 * interrupted run is repaired first (`recover.ts`). `add` and `remove` run it
 * with their edited config.
 *
 * A warm sync (nothing changed) is held to a small multiple of `skills
 * --version` (bench/cli.ts measures it): the request goes out first, and the
 * steps after it load, and the disk is read, while the server answers; the
 * request says which digests the lockfile holds, so unchanged skills come
 * back without their manifests (taken from the lockfile), and a folder whose
 * recorded digest is what the server resolved is not looked into
 * (`trust.ts`), only those this run may write are scanned; and what only a
 * writing or unusual run needs (the fetch, screen and write steps, the yaml
 * parser, semver, the security scanner) is imported when that run needs it.
 * CI's frozen mode and `--force` scan every folder, while the server answers.
 */
import type { MetaSkill } from "../project/meta-skill.ts";
import type { Project } from "../project/project.ts";
import type { ProjectConfig } from "../project/config.ts";
import { installFolderKey } from "../project/state.ts";
import type { LocalManifest } from "../skill/folder.ts";
import type { FlaggedSkill } from "../terminal/accept.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";
import type { Lockfile } from "../lockfile/lockfile.ts";
import { wantedTargetEntries, type TargetEntry } from "../targets/targets.ts";
import { nextTurn } from "./next-turn.ts";
import { resolveAll, type Pin } from "./resolve.ts";
import type { CurrentTexts, Found } from "./inspect.ts";
import type { PlanInput, RunPlan } from "./plan.ts";
import type { TargetPlanInput } from "../targets/plan.ts";

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
  /** Skills that must resolve, else nothing is written (`add`'s new ones); in frozen mode every skill must. */
  required?: ReadonlySet<string>;
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

/** What a sync did. */
export interface SyncResult {
  /** The resolved version of every declared skill that resolved, by slug. */
  resolved: Map<string, ResolvedSkill>;
  /**
   * Each declared skill that did not resolve, in `.skills.yaml`'s order, with one line saying why;
   * left as it was installed (`kept`: the version still installed and locked, if any).
   */
  failed: { slug: string; reason: string; kept: string | undefined }[];
  installed: { slug: string; version: string; previousVersion: string | undefined }[];
  unchanged: string[];
  removed: string[];
  /** Agent-directory folders written and removed, relative to the repository root. */
  targetsWritten: string[];
  targetsRemoved: string[];
}

/**
 * Syncs the project; see the module comment.
 * @throws CliError UNRESOLVED (a required skill, or in frozen mode any, did not resolve; each named with its constraint),
 *   LOCAL_CHANGES (modified folders, naming their files), OUT_OF_DATE (`frozen` and the lock
 *   does not match), REFUSED (security findings not accepted), INTEGRITY, and API errors.
 */
export async function runSync(project: Project, options: SyncOptions): Promise<SyncResult> {
  const configText = options.configText ?? project.configText;
  const config = options.configText === undefined ? project.config : (await import("../project/config-text.ts")).parseProjectConfig(configText);
  // Only CI's frozen mode needs semver (through frozen.ts).
  const frozen = options.frozen ? await import("./frozen.ts") : undefined;
  if (frozen) {
    const drift = frozen.lockDrift(config, project.lock);
    if (drift.length > 0) throw frozen.outOfDate(drift);
  }
  options.onProgress?.(`Resolving ${config.skills.length} skill(s)`);
  // The request goes out first; the steps that read and write folders load while the server answers.
  const known = new Map(project.lockChecked ? project.lock!.skills.map((s) => [s.slug, s]) : []);
  const resolving = resolveAll(config, pinsOf(project.lock, options), known, options.frozen ? "all" : (options.required ?? new Set()));
  // Handled here so a quick failure is not reported as unhandled while those steps load; awaiting it below rethrows it.
  resolving.catch(() => {});
  // One turn of the event loop first: the connection completes and the request is written then,
  // not after the synchronous folder work of the inspection.
  await nextTurn();
  // Every step a sync that writes nothing runs loads at once, while the server answers.
  const { inspectDisk, planRun, writesFiles, recordSync } = await import("./steps.ts");
  const wanted = wantedTargetEntries(config.targets, config.skills.map((s) => s.slug), config.link);
  const verifyAll = options.frozen === true || options.force;
  const { answer, found, current } = await inspectDisk(project, config, wanted, resolving, verifyAll);
  const local = new Map([...found.installed].map(([slug, s]) => [slug, s.manifest]));
  if (frozen) {
    const drift = frozen.folderDrift(project.lock!, local, config.install_path, false);
    if (drift.length > 0) throw frozen.outOfDate(drift);
  }
  const plan = planRun(...planInputs(project, { config, wanted, resolved: answer.resolved, failed: answer.failed, found, local, current }, options));
  for (const action of plan.targets) {
    if (action.kind === "foreign") options.onWarning?.(`${action.dir} exists and was not created by skills; left as is.`);
  }
  // A warm sync writes nothing and never loads the code that fetches and writes.
  if (writesFiles(plan)) await fetchAndWrite(project, plan, answer, local, options);
  await recordSync(project, { config, configText, resolved: answer.resolved }, plan, found, options.frozen === true);
  return resultOf(plan, answer.resolved);
}

/**
 * The locked entries resolution must stick to: all in frozen mode (digest checked; SKILL.md's
 * sha256 for a spec-format lock, which records no folder digest), else those in `keep`.
 */
function pinsOf(lock: Lockfile | null, options: SyncOptions): Map<string, Pin> {
  const pins = new Map<string, Pin>();
  for (const entry of lock?.skills ?? []) {
    if (options.frozen) {
      pins.set(entry.slug, lock!.upgrade === "spec" ? { version: entry.version, skillMd: entry.sha256 } : { version: entry.version, digest: entry.digest });
    } else if (options.keep?.has(entry.slug)) pins.set(entry.slug, { version: entry.version });
  }
  return pins;
}

/** What the plans of one run look at, besides the project and the options. */
interface PlanContext {
  config: ProjectConfig;
  wanted: readonly TargetEntry[];
  resolved: ReadonlyMap<string, ResolvedSkill>;
  failed: ReadonlyMap<string, string>;
  found: Found;
  /** The manifests of the install folders found, by slug. */
  local: ReadonlyMap<string, LocalManifest>;
  current: CurrentTexts;
}

/** The inputs of `planRun`: the skill plan's and the agent-directory plan's. */
function planInputs(project: Project, { config, wanted, resolved, failed, found, local, current }: PlanContext, options: SyncOptions): [PlanInput, TargetPlanInput] {
  const { state } = project;
  const recorded = new Map([...found.installed.keys()].flatMap((slug) => {
    const digest = state.digests[installFolderKey(config.install_path, slug)];
    return digest ? [[slug, digest] as const] : [];
  }));
  // A meta.yaml counts as what this CLI wrote only while its stat is the one recorded then.
  const meta = new Map([...found.metaFiles].flatMap(([slug, stat]) => {
    const record = state.meta[installFolderKey(config.install_path, slug)];
    const same = record && record.size === stat.size && record.mtimeMs === stat.mtimeMs && record.ino === stat.ino;
    return same ? [[slug, record.key] as const] : [];
  }));
  const skills: PlanInput = {
    config,
    lock: project.lock,
    local,
    recorded,
    resolved,
    failed,
    meta,
    force: options.force,
    metaSkill: options.metaSkill,
    current,
    now: options.now ?? new Date(),
  };
  const targets: TargetPlanInput = {
    root: project.root,
    installDir: project.installDir,
    wanted,
    state,
    disk: found.targets,
    desired: resolved,
    lockedDigest: new Map((project.lock?.skills ?? []).map((s) => [s.slug, s.digest])),
    force: options.force,
  };
  return [skills, targets];
}

/**
 * Fetches every byte `plan` writes, screens the security findings of what it installs, then writes.
 * @throws CliError REFUSED when findings are not accepted, INTEGRITY from the download (nothing written then).
 */
async function fetchAndWrite(
  project: Project,
  plan: RunPlan,
  { resolved, apiUrlOf }: Awaited<ReturnType<typeof resolveAll>>,
  local: ReadonlyMap<string, LocalManifest>,
  options: SyncOptions,
): Promise<void> {
  const [{ fetchBytes }, { screenInstalls }, { writeChanges }] = await Promise.all([import("./fetch.ts"), import("./screen.ts"), import("./write.ts")]);
  const bytes = await fetchBytes(plan.changes, resolved, local, apiUrlOf, options.onProgress ?? (() => {}));
  try {
    await screenInstalls(plan.changes.installs.map((a) => a.resolved), bytes, options.accept);
    options.onProgress?.("Writing");
    await writeChanges(project, plan, bytes, resolved, { metaSkill: options.metaSkill, onWarning: options.onWarning ?? (() => {}) });
  } finally {
    await bytes.dispose();
  }
}

/** What the run did, for the command to print. */
function resultOf({ skills, changes }: RunPlan, resolved: Map<string, ResolvedSkill>): SyncResult {
  return {
    resolved,
    failed: skills.actions.flatMap((a) => (a.kind === "failed" ? [{ slug: a.slug, reason: a.reason, kept: a.kept }] : [])),
    installed: changes.installs.map((a) => ({ slug: a.slug, version: a.resolved.version, previousVersion: a.previousVersion })),
    unchanged: skills.actions.filter((a) => a.kind === "unchanged" || a.kind === "kept").map((a) => a.slug),
    removed: changes.removed,
    targetsWritten: changes.targetWrites.map((a) => a.entry.dir),
    targetsRemoved: changes.targetRemovals.filter((a) => a.kind === "remove").map((a) => a.dir),
  };
}
