/**
 * The fetch step of `skills sync`: every byte the planned writes need (skill
 * folders and agent-directory copies; a link needs none), reused from files
 * already on disk when their hash matches, downloaded otherwise.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient } from "../http/api.ts";
import { sha256Hex } from "../skill/digest.ts";
import type { LocalManifest } from "../skill/folder.ts";
import type { FileToWrite } from "../project/install.ts";
import type { FileEntry, ResolvedSkill } from "../http/wire.ts";
import type { FolderChanges } from "./plan.ts";

/** The bytes gathered for a sync, staged on disk by sha256; `dispose` deletes them. */
export interface StagedBytes {
  /** The bytes of a gathered sha256. */
  read(sha256: string): Promise<Buffer>;
  /**
   * The files of a gathered skill, ready to write. Read back from the staged bytes on each
   * call, so memory holds one skill's files at a time.
   */
  files(skill: { files: readonly FileEntry[] }): Promise<FileToWrite[]>;
  dispose(): Promise<void>;
}

/** Staged bytes read by sha256 through `read`, deleted by `dispose`. */
function stagedBytes(read: (sha256: string) => Promise<Buffer>, dispose: () => Promise<void>): StagedBytes {
  return {
    read,
    files: (skill) => Promise.all(skill.files.map(async (f) => ({ path: f.path, bytes: await read(f.sha256), executable: f.executable }))),
    dispose,
  };
}

const NOTHING = stagedBytes(
  (sha256) => Promise.reject(new Error(`no bytes were gathered for ${sha256}`)),
  async () => {},
);

/**
 * `gatherBytes` for what a run's plan writes: the installed skills and the agent-directory
 * copies (links need no bytes).
 * @throws CliError INTEGRITY from the download; nothing is left staged then.
 */
export function fetchBytes(
  { installs, targetWrites }: FolderChanges,
  resolved: ReadonlyMap<string, ResolvedSkill>,
  local: ReadonlyMap<string, LocalManifest>,
  apiUrlOf: ReadonlyMap<string, string>,
  progress: (text: string) => void,
): Promise<StagedBytes> {
  const needed = [
    ...installs.map((a) => ({ slug: a.slug, files: a.resolved.files })),
    ...targetWrites.filter((a) => !a.entry.link).map((a) => ({ slug: a.entry.slug, files: resolved.get(a.entry.slug)!.files })),
  ];
  return gatherBytes(needed, local, apiUrlOf, progress);
}

/**
 * The bytes of every file the installs need, by sha256: copied from any
 * scanned local file with that hash (re-checked), the rest fetched from the
 * skill's API. Each is staged in a temporary folder as soon as it is checked,
 * so memory holds one file (or the download batches in flight), not the
 * whole sync; and everything is staged before the first write, so replacing
 * one folder can never remove bytes another install was going to copy.
 * @throws CliError INTEGRITY from the download (`ApiClient.blobs`); nothing is left staged then.
 */
async function gatherBytes(
  installs: readonly { slug: string; files: readonly FileEntry[] }[],
  local: ReadonlyMap<string, LocalManifest>,
  apiUrlOf: ReadonlyMap<string, string>,
  progress: (text: string) => void,
): Promise<StagedBytes> {
  // A warm sync needs nothing; the manifests of folders taken as recorded are then never built.
  if (installs.length === 0) return NOTHING;
  const dir = await mkdtemp(join(tmpdir(), "skills-sync-"));
  const staged = new Set<string>();
  const stage = async (sha256: string, bytes: Buffer) => {
    await writeFile(join(dir, sha256), bytes, { mode: 0o600 });
    staged.add(sha256);
  };
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const onDisk = new Map<string, string>();
    for (const manifest of local.values()) for (const f of manifest.files) onDisk.set(f.sha256, f.absolutePath);
    const toFetch = new Map<string, Map<string, { sha256: string; size: number }>>();
    for (const action of installs) {
      for (const file of action.files) {
        if (staged.has(file.sha256) || toFetch.get(apiUrlOf.get(action.slug)!)?.has(file.sha256)) continue;
        const path = onDisk.get(file.sha256);
        const copy = path ? await readFile(path).catch(() => null) : null;
        if (copy && sha256Hex(copy) === file.sha256) {
          await stage(file.sha256, copy);
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
    for (const [url, wanted] of toFetch) await apiClient(url).blobs([...wanted.values()], stage);
  } catch (error) {
    await dispose();
    throw error;
  }
  return stagedBytes((sha256) => readFile(join(dir, sha256)), dispose);
}
