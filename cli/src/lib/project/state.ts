/**
 * The CLI's local state in the install path (git-ignored with it, never
 * committed), in two files. `.skills-state.json`: which agent-directory
 * folders this CLI created (so it never touches one it did not), and the
 * skill digest it last wrote into each folder, so a warm sync need not look
 * inside a folder whose recorded digest is what the server resolved, and the
 * `meta.yaml` it wrote there, known current from one lstat.
 * `.skills-stat.json`: a stat cache of those folders' files, as git's index
 * keeps one, so a scan recognises unchanged files by size, times and inode
 * instead of re-reading them. The stat cache is most of the bytes (an entry
 * per file of every folder) and a warm sync never needs it, so it is read
 * only by a run that scans or writes (warm `skills sync` is held to a small
 * multiple of `skills --version`; bench/cli.ts measures it). Both are written
 * only when a sync writes files, or finds a folder holding what resolved
 * without a record saying so. (The parse cache of the project files is
 * `parse-cache.ts`.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** File name of the state, inside the install path. */
export const STATE_FILE = ".skills-state.json";
/** File name of the stat cache, inside the install path. */
export const STAT_CACHE_FILE = ".skills-stat.json";

/** What a file looked like right after this CLI wrote it (times in ms, as `fs.Stats`). */
export interface StatEntry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  executable: boolean;
  sha256: string;
}

/** A folder this CLI created in an agent directory, and the skill digest it last put there. */
export interface OwnedTarget {
  slug: string;
  digest: string;
  link: boolean;
}

/** The stat of a file that tells a rewrite or an edit (times in ms). */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ino: number;
}

/** A `meta.yaml` this CLI wrote: the `metaKey` of its fields and the file's stat right after. */
export interface MetaRecord extends FileStat {
  key: string;
}

/** The state; `writtenAt` in unix ms. */
export interface LocalState {
  version: 3;
  writtenAt: number;
  /** Owned agent-directory folders by path relative to the repository root. */
  targets: Record<string, OwnedTarget>;
  /** The skill digest this CLI last wrote into each folder, by its path relative to the repository root. */
  digests: Record<string, string>;
  /** The `meta.yaml` this CLI last wrote into each install folder, by the folder's path relative to the repository root. */
  meta: Record<string, MetaRecord>;
}

/**
 * The stat cache: entries by file path, by folder path relative to the repository root. An
 * entry pairs a file's stat with the hash of the content it had then; `writtenAt` (unix ms)
 * is when they were recorded, so a file modified since (or within the same clock tick) is
 * never taken as unchanged.
 */
export interface StatCache {
  writtenAt: number;
  folders: Record<string, Record<string, StatEntry>>;
}

/** An empty state. */
export function emptyState(): LocalState {
  return { version: 3, writtenAt: 0, targets: {}, digests: {}, meta: {} };
}

/** The state's key of a skill's install folder: its path relative to the repository root. */
export function installFolderKey(installPath: string, slug: string): string {
  return `${installPath}/${slug}`;
}

/**
 * Reads the state; a missing or unreadable file is an empty state (it is only a cache and a
 * record of ownership). Older states keep their ownership records and, from version 2, their
 * folder digests; their stat entries are dropped (each folder is hashed once when next scanned).
 */
export function readState(installDir: string): LocalState {
  try {
    const data = JSON.parse(readFileSync(join(installDir, STATE_FILE), "utf8")) as {
      version?: number;
      writtenAt?: number;
      targets?: Record<string, OwnedTarget>;
      digests?: Record<string, string>;
      meta?: Record<string, MetaRecord>;
      stat?: Record<string, { digest?: string }>;
    };
    if (![1, 2, 3].includes(data.version ?? 0) || typeof data.targets !== "object" || data.targets === null) return emptyState();
    const digests =
      data.version === 3
        ? (data.digests ?? {})
        : data.version === 2
          ? Object.fromEntries(Object.entries(data.stat ?? {}).flatMap(([key, record]) => (typeof record?.digest === "string" ? [[key, record.digest]] : [])))
          : {};
    // A state without `meta` records (an older CLI's) has every meta.yaml written once.
    const meta = data.version === 3 && typeof data.meta === "object" && data.meta !== null ? data.meta : {};
    return { version: 3, writtenAt: Number(data.writtenAt) || 0, targets: data.targets, digests, meta };
  } catch {
    return emptyState();
  }
}

/**
 * `writeFileAtomic`, imported by the runs that write: install.ts brings node:fs/promises, which a
 * warm sync does not need to read the state while the server answers.
 */
async function writeAtomic(installDir: string, name: string, text: string): Promise<void> {
  const { writeFileAtomic } = await import("./install.ts");
  await writeFileAtomic(installDir, name, text);
}

/** Writes the state atomically, stamping `writtenAt`. */
export async function writeState(installDir: string, state: LocalState): Promise<void> {
  state.writtenAt = Date.now();
  await writeAtomic(installDir, STATE_FILE, `${JSON.stringify(state)}\n`);
}

/** Reads the stat cache; a missing or unreadable file is an empty cache. */
export function readStatCache(installDir: string): StatCache {
  try {
    const data = JSON.parse(readFileSync(join(installDir, STAT_CACHE_FILE), "utf8")) as { version?: number } & Partial<StatCache>;
    if (data.version !== 1 || typeof data.folders !== "object" || data.folders === null) return { writtenAt: 0, folders: {} };
    return { writtenAt: Number(data.writtenAt) || 0, folders: data.folders };
  } catch {
    return { writtenAt: 0, folders: {} };
  }
}

/**
 * Writes the stat cache atomically, stamped now.
 * @param folders entries by file path, by folder; each gathered before this call.
 */
export async function writeStatCache(installDir: string, folders: StatCache["folders"]): Promise<void> {
  await writeAtomic(installDir, STAT_CACHE_FILE, `${JSON.stringify({ version: 1, writtenAt: Date.now(), folders })}\n`);
}
