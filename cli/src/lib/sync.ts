/**
 * `skills sync` end to end (spec §6.6): resolve every declared skill on its
 * API, plan against the lockfile and the folders on disk (`sync-plan.ts`),
 * gather every needed byte (local copies first, then POST /blobs) before
 * touching the disk, then write only what changed. Any unresolved skill or
 * refused local change stops it before the first write. `add` and `remove`
 * run it with their edited config.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { apiClient } from "./api.ts";
import { folderDigest, sha256Hex } from "./digest.ts";
import { CliError } from "./errors.ts";
import { scanFolder, type LocalManifest } from "./folder.ts";
import { INDEX_FILE, META_SKILL_FOLDER } from "./index-gen.ts";
import { installFolder, removeFolder, writeFileAtomic } from "./install.ts";
import { LOCKFILE_FILE, serializeLockfile } from "./lockfile.ts";
import { safeJoin, unsafePathReason } from "./paths.ts";
import { readTextIfExists, sourceApiUrl, type Project } from "./project.ts";
import type { DeclaredSkill, ProjectConfig } from "./project-config.ts";
import { conflictMessage, planSync, type SkillAction } from "./sync-plan.ts";
import type { ResolvedSkill, SyncError } from "./wire.ts";

/** Options of one sync run. */
export interface SyncOptions {
  /** Overwrite or remove locally modified folders instead of refusing. */
  force: boolean;
  /** The meta-skill text to install in `_system/`. */
  metaSkill: string;
  /** The config to sync to, when it differs from the project's file (`add`, `remove`). */
  config?: ProjectConfig;
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
}

/** The sync request limit of the API (spec §3.3). */
const SYNC_BATCH = 500;

/**
 * Syncs the project; see the module comment.
 * @throws CliError UNRESOLVED (skills the server could not resolve, with their constraints),
 *   LOCAL_CHANGES (modified folders, naming their files), INTEGRITY, and API errors.
 */
export async function runSync(project: Project, options: SyncOptions): Promise<SyncResult> {
  const config = options.config ?? project.config;
  const progress = options.onProgress ?? (() => {});

  progress(`Resolving ${config.skills.length} skill(s)`);
  // Hashing the installed folders overlaps the wait for the server.
  const [{ resolved, apiUrlOf }, local] = await Promise.all([resolveAll(config), scanInstalled(project, config)]);
  const plan = planSync({
    config,
    lock: project.lock,
    local,
    resolved,
    force: options.force,
    metaSkill: options.metaSkill,
    current: {
      index: await readTextIfExists(join(project.installDir, INDEX_FILE)),
      metaSkill: await readTextIfExists(join(project.installDir, META_SKILL_FOLDER, "SKILL.md")),
      gitignore: await readTextIfExists(join(project.root, ".gitignore")),
    },
    now: options.now ?? new Date(),
  });
  const conflicts = plan.actions.filter((a): a is Extract<SkillAction, { kind: "conflict" }> => a.kind === "conflict");
  if (conflicts.length > 0) throw new CliError("LOCAL_CHANGES", conflictMessage(conflicts));

  const installs = plan.actions.filter((a): a is Extract<SkillAction, { kind: "install" }> => a.kind === "install");
  const bytes = await gatherBytes(installs, local, apiUrlOf, progress);

  progress("Writing");
  for (const action of installs) {
    await installFolder(
      project.installDir,
      action.slug,
      action.resolved.files.map((f) => ({ path: f.path, bytes: bytes.get(f.sha256)!, executable: f.executable })),
    );
  }
  const removed = plan.actions.filter((a) => a.kind === "remove").map((a) => a.slug);
  for (const slug of removed) await removeFolder(project.installDir, slug);

  if (plan.metaSkill) {
    await installFolder(project.installDir, META_SKILL_FOLDER, [
      { path: "SKILL.md", bytes: Buffer.from(options.metaSkill, "utf8"), executable: false },
    ]);
  }
  if (plan.index !== null) await writeFileAtomic(project.installDir, INDEX_FILE, plan.index);
  if (plan.gitignore !== null) await writeFileAtomic(project.root, ".gitignore", plan.gitignore);
  // Last: the lockfile records what is now on disk.
  if (plan.lock !== null) await writeFileAtomic(project.root, LOCKFILE_FILE, serializeLockfile(plan.lock));

  return {
    resolved,
    installed: installs.map((a) => ({ slug: a.slug, version: a.resolved.version, previousVersion: a.previousVersion })),
    unchanged: plan.actions.filter((a) => a.kind === "unchanged").map((a) => a.slug),
    removed,
  };
}

/** Manifests of the folders of every declared or locked skill that exists on disk. */
async function scanInstalled(project: Project, config: ProjectConfig): Promise<Map<string, LocalManifest>> {
  const slugs = new Set([...config.skills.map((s) => s.slug), ...(project.lock?.skills ?? []).map((s) => s.slug)]);
  const local = new Map<string, LocalManifest>();
  for (const slug of slugs) {
    const manifest = await scanFolder(await safeJoin(project.installDir, slug));
    if (manifest) local.set(slug, manifest);
  }
  return local;
}

/** POST /sync on each API the sources use; every declared skill must come back resolved and well-formed. */
async function resolveAll(config: ProjectConfig) {
  const sources = new Map(config.sources.map((s) => [s.name, s]));
  const byUrl = new Map<string, DeclaredSkill[]>();
  const apiUrlOf = new Map<string, string>();
  for (const declared of config.skills) {
    const url = sourceApiUrl(sources.get(declared.source)!);
    byUrl.set(url, [...(byUrl.get(url) ?? []), declared]);
    apiUrlOf.set(declared.slug, url);
  }
  const resolved = new Map<string, ResolvedSkill>();
  const problems: string[] = [];
  await Promise.all(
    [...byUrl].map(async ([url, declared]) => {
      for (let i = 0; i < declared.length; i += SYNC_BATCH) {
        const batch = declared.slice(i, i + SYNC_BATCH);
        const request = batch.map((d) => ({
          registry: sources.get(d.source)!.registry,
          slug: d.slug,
          ...(d.version === undefined ? {} : { version: d.version }),
        }));
        const response = await apiClient(url).sync({ skills: request });
        const found = new Map(response.skills.map((s) => [`${s.registry}/${s.slug}`, s]));
        const failed = new Map(response.errors.map((e) => [`${e.registry}/${e.slug}`, e]));
        for (const [j, d] of batch.entries()) {
          const key = `${request[j]!.registry}/${d.slug}`;
          const error = failed.get(key);
          const skill = found.get(key);
          if (error) problems.push(unresolvedLine(error, d));
          else if (!skill) problems.push(`${d.slug}: ${url} did not resolve it`);
          else resolved.set(d.slug, checkedResolution(skill, url));
        }
      }
    }),
  );
  if (problems.length > 0) {
    throw new CliError("UNRESOLVED", `Cannot sync; nothing was changed:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  return { resolved, apiUrlOf };
}

function unresolvedLine(error: SyncError, declared: DeclaredSkill): string {
  const constraint = error.version ?? declared.version;
  switch (error.code) {
    case "NO_MATCHING_VERSION":
      return `${declared.slug}: no version matches "${constraint}" in ${error.registry}`;
    case "NOT_FOUND":
      return `${declared.slug}: not found in ${error.registry}`;
    case "INVALID_CONSTRAINT":
      return `${declared.slug}: invalid version constraint "${constraint}"`;
    default:
      return `${declared.slug}: ${error.message}`;
  }
}

/** A resolution whose paths are unsafe or whose digest does not match its manifest is refused before any write. */
function checkedResolution(skill: ResolvedSkill, url: string): ResolvedSkill {
  for (const file of skill.files) {
    const reason = unsafePathReason(file.path);
    if (reason) throw new CliError("UNSAFE_PATH", `${url} sent ${skill.registry}/${skill.slug} with the path ${JSON.stringify(file.path)}: ${reason}.`);
  }
  if (folderDigest(skill.files) !== skill.digest) {
    throw new CliError("INTEGRITY", `${url} sent ${skill.registry}/${skill.slug} v${skill.version} with a digest that does not match its files.`);
  }
  return skill;
}

/**
 * The bytes of every file the installs need, by sha256: read from any scanned
 * local file with that hash (re-checked), the rest fetched from the skill's API.
 * Everything is in memory before the first write, so replacing one folder can
 * never remove bytes another install was going to copy.
 */
async function gatherBytes(
  installs: readonly Extract<SkillAction, { kind: "install" }>[],
  local: ReadonlyMap<string, LocalManifest>,
  apiUrlOf: ReadonlyMap<string, string>,
  progress: (text: string) => void,
): Promise<Map<string, Buffer>> {
  const onDisk = new Map<string, string>();
  for (const manifest of local.values()) for (const f of manifest.files) onDisk.set(f.sha256, f.absolutePath);
  const bytes = new Map<string, Buffer>();
  const toFetch = new Map<string, Map<string, { sha256: string; size: number }>>();
  for (const action of installs) {
    for (const file of action.resolved.files) {
      if (bytes.has(file.sha256)) continue;
      const path = onDisk.get(file.sha256);
      const copy = path ? await readFile(path).catch(() => null) : null;
      if (copy && sha256Hex(copy) === file.sha256) {
        bytes.set(file.sha256, copy);
        continue;
      }
      const url = apiUrlOf.get(action.slug)!;
      const wanted = toFetch.get(url) ?? new Map();
      wanted.set(file.sha256, { sha256: file.sha256, size: file.size });
      toFetch.set(url, wanted);
    }
  }
  const count = [...toFetch.values()].reduce((n, m) => n + m.size, 0);
  if (count > 0) progress(`Downloading ${count} file(s)`);
  for (const [url, wanted] of toFetch) {
    for (const [sha, blob] of await apiClient(url).blobs([...wanted.values()])) bytes.set(sha, blob);
  }
  return bytes;
}
