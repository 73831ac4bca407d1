/**
 * The download step of `skills sync`: every byte an install needs, reused
 * from files already on disk when their hash matches, fetched otherwise.
 */
import { readFile } from "node:fs/promises";
import { apiClient } from "./api.ts";
import { sha256Hex } from "./digest.ts";
import type { LocalManifest } from "./folder.ts";
import type { FileEntry } from "./wire.ts";

/**
 * The bytes of every file the installs need, by sha256: read from any scanned
 * local file with that hash (re-checked), the rest fetched from the skill's API.
 * Everything is in memory before the first write, so replacing one folder can
 * never remove bytes another install was going to copy.
 */
export async function gatherBytes(
  installs: readonly { slug: string; files: readonly FileEntry[] }[],
  local: ReadonlyMap<string, LocalManifest>,
  apiUrlOf: ReadonlyMap<string, string>,
  progress: (text: string) => void,
): Promise<Map<string, Buffer>> {
  // A warm sync needs nothing; the manifests of folders taken as recorded are then never built.
  if (installs.length === 0) return new Map();
  const onDisk = new Map<string, string>();
  for (const manifest of local.values()) for (const f of manifest.files) onDisk.set(f.sha256, f.absolutePath);
  const bytes = new Map<string, Buffer>();
  const toFetch = new Map<string, Map<string, { sha256: string; size: number }>>();
  for (const action of installs) {
    for (const file of action.files) {
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
