/**
 * The fetch step of `skills sync`: every byte the planned writes need (skill
 * folders and agent-directory copies; a link needs none), reused from files
 * already on disk when their hash matches, downloaded otherwise.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiClient } from "../http/client.ts";
import { downloadBlobs } from "../http/api/blobs.ts";
import { sha256Hex } from "../skill/digest.ts";
import type { LocalManifest } from "../skill/folder.ts";
import type { FileToWrite } from "../project/install.ts";
import type { FileEntry } from "../../../../supabase/functions/_shared/wire/common.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";
import type { FolderChanges } from "./plan.ts";

/** The bytes gathered for a sync, by sha256; `dispose` lets go of them (and deletes any staged on disk). */
export interface StagedBytes {
  /** The files of a gathered skill, ready to write (those staged on disk read back on each call). */
  files(skill: { files: readonly FileEntry[] }): Promise<FileToWrite[]>;
  dispose(): Promise<void>;
}

/**
 * Bytes held in memory before the rest go to a temporary folder. A cold sync of ordinary skills
 * stays under it and never writes, reads back and deletes a file per blob; a sync of many large
 * skills (each version may hold 16 MiB) holds no more than this plus the download batches in flight.
 */
const MEMORY_BUDGET = 64 * 1024 * 1024;

/** Where gathered bytes wait for the writes: in memory up to `budget` bytes (MEMORY_BUDGET), then in a temporary folder made on first need. */
export class ByteStore implements StagedBytes {
  readonly #budget: number;
  readonly #memory = new Map<string, Buffer>();
  #held = 0;
  #dir: Promise<string> | undefined;
  readonly #onDisk = new Set<string>();

  constructor(budget = MEMORY_BUDGET) {
    this.#budget = budget;
  }

  /** Whether `sha256` is gathered already. */
  has(sha256: string): boolean {
    return this.#memory.has(sha256) || this.#onDisk.has(sha256);
  }

  /** Keeps `bytes` (already checked against `sha256`). */
  async stage(sha256: string, bytes: Buffer): Promise<void> {
    if (this.#held + bytes.length <= this.#budget) {
      this.#memory.set(sha256, bytes);
      this.#held += bytes.length;
      return;
    }
    this.#dir ??= mkdtemp(join(tmpdir(), "skills-sync-"));
    await writeFile(join(await this.#dir, sha256), bytes, { mode: 0o600 });
    this.#onDisk.add(sha256);
  }

  /** The bytes of a gathered sha256. */
  async #read(sha256: string): Promise<Buffer> {
    const held = this.#memory.get(sha256);
    if (held) return held;
    if (!this.#onDisk.has(sha256) || !this.#dir) throw new Error(`no bytes were gathered for ${sha256}`);
    return readFile(join(await this.#dir, sha256));
  }

  /** The files of `skill`, each from its gathered bytes. */
  files(skill: { files: readonly FileEntry[] }): Promise<FileToWrite[]> {
    return Promise.all(skill.files.map(async (f) => ({ path: f.path, bytes: await this.#read(f.sha256), executable: f.executable })));
  }

  /** Lets go of the bytes held and deletes the temporary folder, if one was made. */
  async dispose(): Promise<void> {
    this.#memory.clear();
    if (this.#dir) await rm(await this.#dir, { recursive: true, force: true });
  }
}

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
 * skill's API, each kept (`ByteStore`) as soon as it is checked. Everything
 * is gathered before the first write, so replacing one folder can never
 * remove bytes another install was going to copy.
 * @throws CliError INTEGRITY from the download (`ApiClient.blobs`); nothing is left staged then.
 */
async function gatherBytes(
  installs: readonly { slug: string; files: readonly FileEntry[] }[],
  local: ReadonlyMap<string, LocalManifest>,
  apiUrlOf: ReadonlyMap<string, string>,
  progress: (text: string) => void,
): Promise<StagedBytes> {
  const store = new ByteStore();
  // A warm sync needs nothing; the manifests of folders taken as recorded are then never built.
  if (installs.length === 0) return store;
  try {
    const toFetch = await copyLocal(installs, local, apiUrlOf, store);
    const count = [...toFetch.values()].reduce((n, m) => n + m.size, 0);
    if (count > 0) progress(`Downloading ${count} file(s)`);
    for (const [url, wanted] of toFetch) await downloadBlobs(apiClient(url), [...wanted.values()], (sha256, bytes) => store.stage(sha256, bytes));
  } catch (error) {
    await store.dispose();
    throw error;
  }
  return store;
}

/**
 * Stages every needed file a scanned local file holds (its bytes re-hashed: the folder may have
 * changed since it was scanned).
 * @returns the files still to download, by API URL, then by sha256.
 */
async function copyLocal(
  installs: readonly { slug: string; files: readonly FileEntry[] }[],
  local: ReadonlyMap<string, LocalManifest>,
  apiUrlOf: ReadonlyMap<string, string>,
  store: ByteStore,
): Promise<Map<string, Map<string, { sha256: string; size: number }>>> {
  const onDisk = new Map<string, string>();
  for (const manifest of local.values()) for (const f of manifest.files) onDisk.set(f.sha256, f.absolutePath);
  const toFetch = new Map<string, Map<string, { sha256: string; size: number }>>();
  for (const action of installs) {
    const url = apiUrlOf.get(action.slug)!;
    for (const file of action.files) {
      if (store.has(file.sha256) || toFetch.get(url)?.has(file.sha256)) continue;
      const path = onDisk.get(file.sha256);
      const copy = path ? await readFile(path).catch(() => null) : null;
      if (copy && sha256Hex(copy) === file.sha256) {
        await store.stage(file.sha256, copy);
        continue;
      }
      const wanted = toFetch.get(url) ?? new Map();
      wanted.set(file.sha256, { sha256: file.sha256, size: file.size });
      toFetch.set(url, wanted);
    }
  }
  return toFetch;
}
