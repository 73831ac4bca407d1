/**
 * Reads a local skill folder into a manifest:
 * every regular file with its sha256, size and executable bit. This is what
 * `push` uploads and what `sync` compares with the lockfile.
 */
import { lstatSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { folderDigest, sha256Hex } from "./digest.ts";
import { CliError } from "../errors.ts";
import { unsafePathReason } from "./paths.ts";
import type { StatEntry } from "../project/state.ts";
import type { FileEntry } from "../../../../supabase/functions/_shared/wire/common.ts";
import { byPath } from "../order.ts";

/** The marker `skills edit` leaves in a skill folder; local state, never part of the skill. */
export const MODIFIED_MARKER = ".modified";

/** The file `skills sync` writes beside SKILL.md (`project/meta-yaml.ts`); generated, never part of the skill. */
export const META_YAML_FILE = "meta.yaml";

/** Top-level names a folder scan leaves out: what this CLI generates in an installed folder. */
const GENERATED = new Set([MODIFIED_MARKER, META_YAML_FILE]);

/** A manifest entry of a file on disk. */
export interface LocalFile extends FileEntry {
  absolutePath: string;
}

/** A manifest entry with the file's bytes. */
export interface FolderFile extends LocalFile {
  bytes: Buffer;
}

/** A scanned folder: its files sorted by path and their folder digest. */
export interface LocalManifest {
  digest: string;
  files: LocalFile[];
}

/**
 * Whether a skill folder exists at `dir`.
 * @throws CliError INVALID_SKILL when something other than a folder is there.
 */
function isFolder(dir: string): boolean {
  const top = lstatSync(dir, { throwIfNoEntry: false });
  if (!top) return false;
  if (!top.isDirectory()) throw new CliError("INVALID_SKILL", `${dir} is not a folder.`);
  return true;
}

/**
 * Reads every file of a skill folder, bytes included, sorted by path (JS
 * string order); skips the top-level `.modified` marker and `meta.yaml`.
 * @returns null when `dir` does not exist.
 * @throws CliError INVALID_SKILL on a symlink, a special file, or a name that is not a safe path.
 */
export async function readFolder(dir: string): Promise<FolderFile[] | null> {
  if (!isFolder(dir)) return null;
  const files: FolderFile[] = [];
  walk(dir, files);
  return files.sort(byPath);
}

/** `readFolder` without keeping the bytes, plus the folder digest; null when `dir` does not exist. */
export async function scanFolder(dir: string): Promise<LocalManifest | null> {
  const files = await readFolder(dir);
  if (!files) return null;
  const entries = files.map(({ bytes: _bytes, ...entry }) => entry);
  return { digest: folderDigest(entries), files: entries };
}

/**
 * `scanFolder` that trusts a stat cache (git's index idea): a file whose
 * size, times, inode and exec bit equal its cache entry, and that was last
 * modified before the cache was written, keeps its cached sha256 unread.
 * @param cache entries by path from the local state; `writtenAt` in unix ms.
 * @returns the manifest and fresh stat entries for every file; null when `dir` does not exist.
 */
export function scanFolderCached(
  dir: string,
  cache: Readonly<Record<string, StatEntry>> | undefined,
  writtenAt: number,
): { manifest: LocalManifest; stats: Record<string, StatEntry> } | null {
  if (!isFolder(dir)) return null;
  const files: LocalFile[] = [];
  const stats: Record<string, StatEntry> = {};
  walkCached(dir, files, stats, cache ?? {}, writtenAt);
  files.sort(byPath);
  return { manifest: { digest: folderDigest(files), files }, stats };
}

// Synchronous on purpose: hundreds of small files read one await at a time
// cost a thread-pool round trip each, several times the reading itself.
/**
 * Calls `visit` for every regular file under `dir` with its relative path,
 * skipping the top-level files this CLI generates (`.modified`, `meta.yaml`); refuses unsafe names, symbolic
 * links and special files (CliError INVALID_SKILL).
 */
function forEachFile(dir: string, visit: (rel: string, absolutePath: string) => void, prefix = ""): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const absolutePath = join(dir, entry.name);
    if (!prefix && GENERATED.has(entry.name)) continue;
    const reason = unsafePathReason(rel);
    if (reason) throw new CliError("INVALID_SKILL", `Cannot use ${absolutePath}: ${reason}.`);
    if (entry.isSymbolicLink()) {
      throw new CliError("INVALID_SKILL", `${absolutePath} is a symbolic link; a skill folder may hold only regular files and folders.`);
    }
    if (entry.isDirectory()) forEachFile(absolutePath, visit, rel);
    else if (entry.isFile()) visit(rel, absolutePath);
    else throw new CliError("INVALID_SKILL", `${absolutePath} is not a regular file or folder.`);
  }
}

/** The owner's exec bit, as git records it. */
const isExecutable = (mode: number) => (mode & 0o100) !== 0;

function walkCached(
  dir: string,
  out: LocalFile[],
  stats: Record<string, StatEntry>,
  cache: Readonly<Record<string, StatEntry>>,
  writtenAt: number,
): void {
  forEachFile(dir, (rel, absolutePath) => {
    const stat = lstatSync(absolutePath);
    const executable = isExecutable(stat.mode);
    const known = cache[rel];
    const fresh =
      known &&
      known.size === stat.size &&
      known.mtimeMs === stat.mtimeMs &&
      known.ctimeMs === stat.ctimeMs &&
      known.ino === stat.ino &&
      known.executable === executable &&
      // A change in the same clock tick as the cache write could keep every stat field: re-read those (git's "racy" entries).
      stat.mtimeMs < writtenAt;
    const sha256 = fresh ? known.sha256 : sha256Hex(readFileSync(absolutePath));
    stats[rel] = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, executable, sha256 };
    out.push({ path: rel, sha256, size: stat.size, executable, absolutePath });
  });
}

function walk(dir: string, out: FolderFile[]): void {
  forEachFile(dir, (rel, absolutePath) => {
    const bytes = readFileSync(absolutePath);
    const stat = lstatSync(absolutePath);
    out.push({ path: rel, sha256: sha256Hex(bytes), size: bytes.length, executable: isExecutable(stat.mode), absolutePath, bytes });
  });
}

