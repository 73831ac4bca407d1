/**
 * The write step of `skills sync`, lockfile and caches aside (`record.ts`):
 * the skill folders (each with its `meta.yaml`, written with the folder), the
 * `meta.yaml` of folders kept as they are, the agent-directory copies and
 * links (without `meta.yaml`: it describes the install folder), the
 * meta-skill, the index and `.gitignore`, each from the fetched bytes and in
 * an order an interrupted run can repair (`recover.ts`).
 */
import { INDEX_FILE, META_SKILL_FOLDER } from "../project/index-file.ts";
import { installFolder, removeFolder, writeFileAtomic, writeFileBeside, type FileToWrite } from "../project/install.ts";
import { META_YAML_FILE } from "../skill/folder.ts";
import { metaOf } from "./meta.ts";
import type { MetaSkill } from "../project/meta-skill.ts";
import type { Project } from "../project/project.ts";
import { writeState } from "../project/state.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";
import { removeTarget, writeTarget } from "../targets/sync.ts";
import type { StagedBytes } from "./fetch.ts";
import type { FolderChanges, RunPlan } from "./plan.ts";

/**
 * Writes what `plan` decided, in order: skill folders, agent-directory folders (their
 * ownership recorded in `project.state` and on disk first), removals, then the generated files.
 * @param bytes every byte the writes need (`fetchBytes`).
 * @param onWarning told about agent-directory copies made where a link was refused.
 */
export async function writeChanges(
  project: Project,
  plan: RunPlan,
  bytes: StagedBytes,
  resolved: ReadonlyMap<string, ResolvedSkill>,
  { metaSkill, onWarning }: { metaSkill: MetaSkill; onWarning: (message: string) => void },
): Promise<void> {
  await writeSkillFolders(project, plan.changes, bytes);
  await writeMetaFiles(project, plan.skills.metaWrites);
  await writeTargets(project, plan.changes, (slug) => bytes.files(resolved.get(slug)!), onWarning);
  await removeTargets(project, plan.changes);
  await writeGenerated(project, plan.skills, metaSkill);
}

/** Installs every planned skill folder with its `meta.yaml`, then removes the undeclared ones. */
async function writeSkillFolders(project: Project, { installs, removed }: FolderChanges, bytes: StagedBytes): Promise<void> {
  const serialize = installs.length > 0 ? await metaSerializer() : undefined;
  for (const action of installs) {
    const meta = metaOf(action.resolved);
    // Ours replaces a top-level meta.yaml published before the server refused one.
    const files = (await bytes.files(action.resolved)).filter((f) => meta === null || f.path !== META_YAML_FILE);
    const metaFile: FileToWrite[] = meta === null ? [] : [{ path: META_YAML_FILE, bytes: Buffer.from(serialize!(meta), "utf8"), executable: false }];
    await installFolder(project.installDir, action.slug, [...files, ...metaFile]);
  }
  for (const slug of removed) await removeFolder(project.installDir, slug);
}

/** Rewrites the `meta.yaml` of folders kept as they are, each file atomically. */
async function writeMetaFiles(project: Project, skills: readonly ResolvedSkill[]): Promise<void> {
  if (skills.length === 0) return;
  const serialize = await metaSerializer();
  for (const skill of skills) {
    const meta = metaOf(skill);
    if (meta) await writeFileBeside(project.installDir, skill.slug, META_YAML_FILE, serialize(meta));
  }
}

/** `serializeMetaYaml`, loaded (with the yaml library) only by a run that writes a meta.yaml. */
async function metaSerializer() {
  return (await import("../project/meta-yaml.ts")).serializeMetaYaml;
}

/** Writes every planned agent-directory folder, recording in the state whether each ended up a link. */
async function writeTargets(
  project: Project,
  { targetWrites }: FolderChanges,
  filesOf: (slug: string) => ReturnType<StagedBytes["files"]>,
  onWarning: (message: string) => void,
): Promise<void> {
  if (targetWrites.length === 0) return;
  const { state } = project;
  // Ownership is recorded before the folder exists, so an interrupted run still knows it is ours.
  for (const a of targetWrites) state.targets[a.entry.dir] = { slug: a.entry.slug, digest: a.digest, link: a.entry.link };
  await writeState(project.installDir, state);
  for (const { entry } of targetWrites) {
    const linked = await writeTarget(project.root, project.installDir, entry, () => filesOf(entry.slug), (dir, reason) =>
      onWarning(`cannot link ${dir} (${reason}); copied instead.`),
    );
    state.targets[entry.dir]!.link = linked;
  }
}

/** Removes the agent-directory entries no longer wanted and forgets them (and those already gone) in the state. */
async function removeTargets(project: Project, { targetRemovals }: FolderChanges): Promise<void> {
  for (const action of targetRemovals) {
    if (action.kind === "remove") await removeTarget(project.root, action.dir);
    delete project.state.targets[action.dir];
  }
}

/** Writes the generated files that differ: the meta-skill folder, the index, `.gitignore`. */
async function writeGenerated(project: Project, plan: RunPlan["skills"], metaSkill: MetaSkill): Promise<void> {
  if (plan.metaSkill) {
    await installFolder(project.installDir, META_SKILL_FOLDER, [{ path: "SKILL.md", bytes: Buffer.from(metaSkill.text, "utf8"), executable: false }]);
  }
  if (plan.index !== null) await writeFileAtomic(project.installDir, INDEX_FILE, plan.index);
  if (plan.gitignore !== null) await writeFileAtomic(project.root, ".gitignore", plan.gitignore);
}
