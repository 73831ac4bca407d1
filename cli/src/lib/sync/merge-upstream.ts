/**
 * `skills update` on a locally edited skill: instead of refusing to overwrite
 * the edit, the newest version its constraint allows is merged into it
 * (`skill/merge.ts`, base = the locked version). The merged folder is
 * written with its `meta.yaml` and the `.modified` marker, the lockfile then
 * records the new version, and the state says this CLI wrote that version
 * there, so `sync` keeps the folder as it is and `push` publishes it based on
 * the new version. The upstream files are screened as any install is.
 */
import { join } from "node:path";
import { CliError } from "../errors.ts";
import { apiClient } from "../http/client.ts";
import { downloadBlobs } from "../http/api/blobs.ts";
import { folderDigest, sha256Hex } from "../skill/digest.ts";
import { MODIFIED_MARKER, META_YAML_FILE, readFolder, scanFolder } from "../skill/folder.ts";
import { mergeFolders, type MergeConflict, type MergeFile } from "../skill/merge.ts";
import { installFolder, writeFileAtomic, type FileToWrite } from "../project/install.ts";
import { installFolderKey, writeState } from "../project/state.ts";
import { LOCKFILE_FILE, lockTimestamp, lockedManifest, lockedSkillOf, type LockedSkill } from "../lockfile/lockfile.ts";
import { serializeLockfile } from "../lockfile/text.ts";
import type { Project } from "../project/project.ts";
import type { FlaggedSkill } from "../terminal/accept.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";
import { metaOf } from "./meta.ts";
import { resolveAll } from "./resolve.ts";
import { screenInstalls } from "./screen.ts";

/** One edited skill the merge moved to a newer version. */
export interface MergedSkill {
  slug: string;
  registry: string;
  /** The version the edit was based on, and the one merged into it. */
  from: string;
  to: string;
  conflicts: MergeConflict[];
}

/** What `mergeUpstream` did: the skills merged, and why each other one was left as it is (one line each). */
export interface MergeReport {
  merged: MergedSkill[];
  failed: string[];
}

/**
 * The installed skills among `slugs` whose folder differs from the locked version (edited since
 * it was installed), in lockfile order.
 */
export async function editedSkills(project: Project, slugs: ReadonlySet<string>): Promise<string[]> {
  const edited: string[] = [];
  for (const locked of project.lock?.skills ?? []) {
    if (!slugs.has(locked.slug)) continue;
    const folder = await scanFolder(join(project.installDir, locked.slug));
    if (folder && folder.digest !== locked.digest) edited.push(locked.slug);
  }
  return edited;
}

/**
 * Merges into each edited skill of `slugs` the newest version its constraint allows, when newer
 * than the locked one; see the module comment.
 * @param accept asked about security findings in the upstream files, as a sync asks.
 * @throws CliError REFUSED when findings are not accepted (nothing is written then), INTEGRITY from
 *   the download, and API errors.
 */
export async function mergeUpstream(
  project: Project,
  slugs: readonly string[],
  accept: ((flagged: readonly FlaggedSkill[]) => Promise<boolean>) | undefined,
): Promise<MergeReport> {
  const config = { ...project.config, skills: project.config.skills.filter((s) => slugs.includes(s.slug)) };
  const { resolved, failed, apiUrlOf } = await resolveAll(config, new Map(), new Map(), new Set());
  const locks = new Map((project.lock?.skills ?? []).map((s) => [s.slug, s]));
  const moves = config.skills.flatMap((d) => {
    const locked = locks.get(d.slug);
    const next = resolved.get(d.slug);
    return locked && next && next.version !== locked.version && next.registry === locked.registry ? [{ locked, next }] : [];
  });
  const sides: ({ locked: LockedSkill; next: ResolvedSkill } & Awaited<ReturnType<typeof gatherSides>>)[] = [];
  for (const move of moves) sides.push({ ...move, ...(await gatherSides(project, move.locked, move.next, apiUrlOf.get(move.next.slug)!)) });
  await screenInstalls(
    sides.map((s) => s.next),
    { files: async (skill) => sides.find((s) => s.next === skill)!.upstreamFiles, dispose: async () => {} },
    accept,
  );
  const merged: MergedSkill[] = [];
  for (const side of sides) {
    const label = `${side.next.registry}/${side.next.slug}@${side.next.version}`;
    const outcome = mergeFolders({ base: side.base, local: side.local, upstream: toMap(side.upstreamFiles), upstreamLabel: label });
    await writeMerged(project, side.next, outcome.files);
    merged.push({ slug: side.next.slug, registry: side.next.registry, from: side.locked.version, to: side.next.version, conflicts: outcome.conflicts });
  }
  if (sides.length > 0) await recordMerges(project, sides);
  return { merged, failed: [...failed.values()] };
}

/**
 * The three sides of one merge: the locked version's files, the folder as it is, and the new
 * version's files; bytes a local file already holds are not downloaded.
 */
async function gatherSides(project: Project, locked: LockedSkill, next: ResolvedSkill, apiUrl: string) {
  const localFiles = (await readFolder(join(project.installDir, locked.slug))) ?? [];
  const bytes = new Map(localFiles.map((f) => [f.sha256, f.bytes]));
  const baseManifest = lockedManifest(locked);
  // The lockfile records no sizes: a base file is checked against the largest a skill may hold.
  const wanted = new Map<string, number>();
  for (const f of baseManifest) if (!bytes.has(f.sha256)) wanted.set(f.sha256, Number.POSITIVE_INFINITY);
  for (const f of next.files) if (!bytes.has(f.sha256)) wanted.set(f.sha256, f.size);
  await downloadBlobs(apiClient(apiUrl), [...wanted].map(([sha256, size]) => ({ sha256, size })), (sha256, b) => void bytes.set(sha256, b));
  const upstreamFiles: FileToWrite[] = next.files.map((f) => ({ path: f.path, bytes: bytes.get(f.sha256)!, executable: f.executable }));
  return {
    base: toMap(baseManifest.map((f) => ({ path: f.path, bytes: bytes.get(f.sha256)!, executable: f.executable === true }))),
    local: toMap(localFiles),
    upstreamFiles,
  };
}

function toMap(files: readonly { path: string; bytes: Uint8Array; executable: boolean }[]): Map<string, MergeFile> {
  return new Map(files.map((f) => [f.path, { bytes: Buffer.from(f.bytes), executable: f.executable }]));
}

/** Replaces the skill's folder with the merged files, its `meta.yaml` for `next`, and the `.modified` marker unless it now is `next` exactly. */
async function writeMerged(project: Project, next: ResolvedSkill, files: readonly FileToWrite[]): Promise<void> {
  const meta = metaOf(next);
  const { serializeMetaYaml } = await import("../project/meta-yaml.ts");
  const generated: FileToWrite[] = meta === null ? [] : [{ path: META_YAML_FILE, bytes: Buffer.from(serializeMetaYaml(meta), "utf8"), executable: false }];
  const content = files.filter((f) => meta === null || f.path !== META_YAML_FILE);
  const digest = folderDigest(content.map((f) => ({ path: f.path, sha256: sha256Hex(Buffer.from(f.bytes)), executable: f.executable })));
  if (digest !== next.digest) generated.push({ path: MODIFIED_MARKER, bytes: Buffer.from(`${new Date().toISOString()}\n`), executable: false });
  await installFolder(project.installDir, next.slug, [...content, ...generated]);
}

/** The lockfile records each new version (constraint and source kept), and the state says it is what this CLI wrote. */
async function recordMerges(project: Project, moves: readonly { locked: LockedSkill; next: ResolvedSkill }[]): Promise<void> {
  const lock = project.lock!;
  const skills = lock.skills.map((s) => {
    const move = moves.find((m) => m.locked.slug === s.slug);
    return move ? lockedSkillOf(move.next, s.source, s.constraint) : s;
  });
  await writeFileAtomic(project.root, LOCKFILE_FILE, serializeLockfile({ ...lock, locked_at: lockTimestamp(new Date()), skills }));
  const state = project.state;
  for (const { next } of moves) state.digests[installFolderKey(project.config.install_path, next.slug)] = next.digest;
  await writeState(project.installDir, state);
}

/**
 * What `skills update` prints about the merges: a line per skill merged and per file that needs a look,
 * and, when conflict markers were written, the error to end with (exit code 1) naming those files.
 */
export function mergeSummary(merged: readonly MergedSkill[]): { lines: string[]; error: CliError | null } {
  const lines: string[] = [];
  const marked: string[] = [];
  for (const skill of merged) {
    lines.push(`Merged ${skill.registry}/${skill.slug} ${skill.to} into your local edits (based on ${skill.from}); it stays locally modified.`);
    for (const { path, kind } of skill.conflicts) {
      const file = `${skill.slug}/${path}`;
      if (kind === "lines") marked.push(file);
      lines.push(
        kind === "lines"
          ? `  conflict: ${file}: both changed the same lines; see the <<<<<<< local … >>>>>>> ${skill.registry}/${skill.slug}@${skill.to} markers`
          : kind === "binary"
            ? `  conflict: ${file} is binary and changed on both sides: kept your local file`
            : `  conflict: ${file} was removed on one side and changed on the other: kept the changed file`,
      );
    }
  }
  const pushes = merged.map((s) => `\`skills push ${s.slug}\``).join(", ");
  if (merged.length > 0 && marked.length === 0) lines.push(`Review the result, then run ${pushes} to publish it.`);
  const error = marked.length === 0
    ? null
    : new CliError("CONFLICT", `Resolve the conflict markers in ${marked.join(", ")}, then run ${pushes} to publish the merge.`);
  return { lines, error };
}
