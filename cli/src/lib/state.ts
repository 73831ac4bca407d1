/**
 * The CLI's local state in `<install_path>/.skills-state.json` (git-ignored
 * with the install path, never committed): which agent-directory folders this
 * CLI created (so it never touches one it did not), and a record of what it
 * last wrote into each folder: the skill's digest, and a stat cache of its
 * files as git's index keeps one, so a scan recognises unchanged files by
 * size, times and inode instead of re-reading them, and a warm sync need not
 * look inside a folder whose recorded digest is what the server resolved. It
 * is written only when a sync writes files, or finds a folder holding what
 * resolved without a record saying so. (The parse cache of the project files
 * is `parse-cache.ts`.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./install.ts";

/** File name of the state, inside the install path. */
export const STATE_FILE = ".skills-state.json";

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

/** What this CLI last wrote into one folder: the skill's folder digest and a stat entry per file path. */
export interface FolderRecord {
  digest: string;
  files: Record<string, StatEntry>;
}

/** The whole state; `writtenAt` in unix ms. */
export interface LocalState {
  version: 2;
  writtenAt: number;
  /** Owned agent-directory folders by path relative to the repository root. */
  targets: Record<string, OwnedTarget>;
  /** What was last written into each folder, by its path relative to the repository root. */
  stat: Record<string, FolderRecord>;
}

/** An empty state. */
export function emptyState(): LocalState {
  return { version: 2, writtenAt: 0, targets: {}, stat: {} };
}

/** The state's key of a skill's install folder: its path relative to the repository root. */
export function installFolderKey(installPath: string, slug: string): string {
  return `${installPath}/${slug}`;
}

/**
 * Reads the state; a missing or unreadable file is an empty state (it is only a cache and a
 * record of ownership). A version 1 state keeps its ownership records; its stat cache, which
 * had no folder digests, is dropped, so the next sync scans every folder once and records them.
 */
export function readState(installDir: string): LocalState {
  try {
    const data = JSON.parse(readFileSync(join(installDir, STATE_FILE), "utf8")) as Omit<Partial<LocalState>, "version"> & { version?: number };
    if ((data.version !== 1 && data.version !== 2) || typeof data.targets !== "object" || typeof data.stat !== "object") return emptyState();
    const stat = data.version === 2 ? (data.stat ?? {}) : {};
    return { version: 2, writtenAt: Number(data.writtenAt) || 0, targets: data.targets ?? {}, stat };
  } catch {
    return emptyState();
  }
}

/** Writes the state atomically, stamping `writtenAt`. */
export async function writeState(installDir: string, state: LocalState): Promise<void> {
  state.writtenAt = Date.now();
  await writeFileAtomic(installDir, STATE_FILE, `${JSON.stringify(state)}\n`);
}
