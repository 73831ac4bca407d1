/**
 * `skills diff` (whole folders): a unified diff of every changed,
 * added and removed file between two versions of a skill folder (the `diff`
 * package), binary files named but never dumped. Pure: two file maps in,
 * patches out.
 */
import { createTwoFilesPatch } from "diff";
import { isBinaryFileSync } from "isbinaryfile";

/** One side of the comparison: file bytes by path. */
export type FileMap = ReadonlyMap<string, Uint8Array>;

/** What changed in one file. */
export interface FileDiff {
  path: string;
  status: "modified" | "added" | "removed";
  binary: boolean;
  /** The unified diff (git-style a/ b/ names); empty for a binary file. */
  patch: string;
}

/**
 * The differences from `before` (e.g. the remote version) to `after` (the local folder), by path.
 * @param label names the two sides in the patch headers.
 */
export function diffFolders(before: FileMap, after: FileMap, label = { before: "remote", after: "local" }): FileDiff[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const diffs: FileDiff[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a && b && Buffer.from(a).equals(Buffer.from(b))) continue;
    const status = !a ? "added" : !b ? "removed" : "modified";
    const binary = [a, b].some((bytes) => bytes !== undefined && bytes.length > 0 && isBinaryFileSync(Buffer.from(bytes)));
    const patch = binary
      ? ""
      : createTwoFilesPatch(
          a ? `a/${path}` : "/dev/null",
          b ? `b/${path}` : "/dev/null",
          a ? Buffer.from(a).toString("utf8") : "",
          b ? Buffer.from(b).toString("utf8") : "",
          label.before,
          label.after,
        );
    diffs.push({ path, status, binary, patch });
  }
  return diffs;
}
