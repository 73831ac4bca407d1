/**
 * Which files differ between two manifests (path, sha256, exec bit), as sync
 * names them when it refuses to overwrite local changes and as CI mode lists
 * drift. Pure: two manifests in, sorted path lists out.
 */
import type { DigestEntry } from "./digest.ts";

/** Paths that differ between a reference manifest and a folder. */
export interface FileChanges {
  modified: string[];
  added: string[];
  removed: string[];
}

/** The files of `folder` that differ from `reference`: changed bytes or exec bit, added, removed. */
export function diffManifests(reference: readonly DigestEntry[], folder: readonly DigestEntry[]): FileChanges {
  const before = new Map(reference.map((f) => [f.path, f]));
  const after = new Map(folder.map((f) => [f.path, f]));
  const changes: FileChanges = { modified: [], added: [], removed: [] };
  for (const [path, file] of after) {
    const old = before.get(path);
    if (!old) changes.added.push(path);
    else if (old.sha256 !== file.sha256 || old.executable !== file.executable) changes.modified.push(path);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.removed.push(path);
  for (const list of Object.values(changes)) list.sort();
  return changes;
}
