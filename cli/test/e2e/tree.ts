/**
 * Snapshots of a folder tree for assertions: every file's bytes hash,
 * executable bit, modification time and inode.
 */
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** One file as seen on disk. */
export interface FileState {
  sha256: string;
  executable: boolean;
  mtimeMs: number;
  ino: number;
}

/** Every file under `dir` by relative path (directories are walked, not listed). */
export function snapshot(dir: string): Map<string, FileState> {
  const out = new Map<string, FileState>();
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = join(current, name);
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full);
      else
        out.set(relative(dir, full), {
          sha256: createHash("sha256").update(readFileSync(full)).digest("hex"),
          executable: (stat.mode & 0o111) !== 0,
          mtimeMs: stat.mtimeMs,
          ino: stat.ino,
        });
    }
  };
  walk(dir);
  return out;
}

/**
 * Path → content hash and executable bit only (what "byte for byte" means) of a skill folder's
 * files: a top-level `meta.yaml`, which sync writes into each install folder, is not one of them.
 */
export function contents(dir: string): Record<string, string> {
  return Object.fromEntries([...snapshot(dir)].filter(([path]) => path !== "meta.yaml").map(([path, f]) => [path, `${f.executable ? "x" : "-"} ${f.sha256}`]));
}
