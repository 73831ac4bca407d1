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
 * A warm sync (nothing changed) is held to a small multiple of `skills
 * --version` (bench/cli.ts measures it): the request goes out first, and
 * everything after it (`sync-apply.ts`) loads, and the local state is read,
 * while the server answers; the request says which digests the lockfile
 * holds, so unchanged skills come back without their manifests (taken from
 * the lockfile), and a folder whose recorded digest is what the server
 * resolved is not looked into (`sync-trust.ts`), only those this run may
 * write are scanned; and what only a writing or unusual run needs (the yaml
 * parser, semver, the security scanner) is imported when that run needs it.
 * CI's frozen mode and `--force` scan every folder, while the server answers.
 */
import type { MetaSkill } from "../project/meta-skill.ts";
import type { Project } from "../project/project.ts";
import type { FlaggedSkill } from "../terminal/accept.ts";
import type { ResolvedSkill } from "../http/wire.ts";
import { nextTurn } from "./next-turn.ts";
import { resolveAll } from "./resolve.ts";
import type { Lockfile } from "../lockfile/lockfile.ts";

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
  const config = options.configText === undefined ? project.config : (await import("../project/config-text.ts")).parseProjectConfig(configText);
  // Only CI's frozen mode needs semver (through frozen.ts).
  const frozen = options.frozen ? await import("./frozen.ts") : undefined;
  if (frozen) {
    const drift = frozen.lockDrift(config, project.lock);
    if (drift.length > 0) throw frozen.outOfDate(drift);
  }
  options.onProgress?.(`Resolving ${config.skills.length} skill(s)`);
  // The request goes out first; the code that checks and writes folders loads while the server answers.
  const known = new Map(project.lockChecked ? project.lock!.skills.map((s) => [s.slug, s]) : []);
  const resolving = resolveAll(config, pinsOf(project.lock, options), known);
  // Handled here so a quick failure is not reported as unhandled while that code loads; applySync rethrows it.
  resolving.catch(() => {});
  // One turn of the event loop first: the connection completes and the request is written then,
  // not after the synchronous folder work of applySync (~10 ms later, measured on the warm sync).
  await nextTurn();
  const { applySync } = await import("./apply.ts");
  return applySync(project, { config, configText, frozen }, options, resolving);
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

