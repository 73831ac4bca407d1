/**
 * The three-way merge of `skills update` on a locally edited skill: the
 * folder as it was installed (base, the locked version), as it is now
 * (local) and as the registry's new version has it (upstream). A file only
 * one side changed, added or removed follows that side; a text file both
 * changed is merged line by line (node-diff3), with git-style conflict
 * markers where both changed the same lines; a binary file both changed
 * keeps the local bytes. Pure: files in, the merged folder and what needs a
 * person's eye out.
 */
import { isBinaryFileSync } from "isbinaryfile";
import { diff3Merge } from "node-diff3";
import { byPath } from "../order.ts";
import { LOCAL_MARKER } from "./conflict-markers.ts";

/** One file of a side of the merge. */
export interface MergeFile {
  bytes: Buffer;
  executable: boolean;
}

/** The three folders of a merge, each by path. */
export interface MergeInput {
  base: ReadonlyMap<string, MergeFile>;
  local: ReadonlyMap<string, MergeFile>;
  upstream: ReadonlyMap<string, MergeFile>;
  /** Names the upstream side in conflict markers, e.g. `kove-inc/x@1.0.1`. */
  upstreamLabel: string;
}

/** A file the merge could not settle alone. */
export interface MergeConflict {
  path: string;
  /**
   * `lines`: conflict markers were written into the file; `binary`: both changed a binary file and the
   * local one was kept; `deleted`: one side removed a file the other changed, and the changed one was kept.
   */
  kind: "lines" | "binary" | "deleted";
}

/** The merged folder, sorted by path, and its conflicts (sorted by path). */
export interface MergeOutcome {
  files: { path: string; bytes: Buffer; executable: boolean }[];
  conflicts: MergeConflict[];
}


/**
 * Merges `input.upstream`'s change since `input.base` into `input.local`; see the module comment.
 * The executable bit follows the side that changed it (the local one when both did).
 */
export function mergeFolders(input: MergeInput): MergeOutcome {
  const { base, local, upstream } = input;
  const paths = [...new Set([...base.keys(), ...local.keys(), ...upstream.keys()])];
  const files: MergeOutcome["files"] = [];
  const conflicts: MergeConflict[] = [];
  for (const path of paths) {
    const b = base.get(path);
    const l = local.get(path);
    const u = upstream.get(path);
    const kept = (file: MergeFile | undefined) => {
      if (file) files.push({ path, bytes: file.bytes, executable: file.executable });
    };
    if (same(l, u) || same(u, b)) kept(l);
    else if (same(l, b)) kept(u);
    else if (!l || !u) {
      // Removed on one side, changed on the other: the change is kept, as the edit someone still wants.
      kept(l ?? u);
      conflicts.push({ path, kind: "deleted" });
    } else if ([b, l, u].some((f) => f !== undefined && isBinary(f.bytes))) {
      kept(l);
      conflicts.push({ path, kind: "binary" });
    } else {
      const merged = mergeText(b?.bytes.toString("utf8") ?? "", l.bytes.toString("utf8"), u.bytes.toString("utf8"), input.upstreamLabel);
      const executable = b && l.executable === b.executable ? u.executable : l.executable;
      files.push({ path, bytes: Buffer.from(merged.text, "utf8"), executable });
      if (merged.conflict) conflicts.push({ path, kind: "lines" });
    }
  }
  return { files: files.sort(byPath), conflicts: conflicts.sort(byPath) };
}

/**
 * A line-by-line three-way merge of texts (each line with its own line ending, so CRLF and a
 * missing final newline survive), with `<<<<<<< local` / `=======` / `>>>>>>> <label>` around
 * each part both sides changed differently.
 */
export function mergeText(base: string, local: string, upstream: string, upstreamLabel: string): { text: string; conflict: boolean } {
  const regions = diff3Merge(lines(local), lines(base), lines(upstream), { excludeFalseConflicts: true });
  let text = "";
  let conflict = false;
  for (const region of regions) {
    if (region.ok) text += region.ok.join("");
    else if (region.conflict) {
      conflict = true;
      text += `${LOCAL_MARKER}\n${block(region.conflict.a)}=======\n${block(region.conflict.b)}>>>>>>> ${upstreamLabel}\n`;
    }
  }
  return { text, conflict };
}

/** The lines of `text`, each with its line ending (the last one may have none). */
function lines(text: string): string[] {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

/** Lines joined, ending with a newline so the marker after them starts a line. */
function block(part: readonly string[]): string {
  const text = part.join("");
  return text === "" || text.endsWith("\n") ? text : `${text}\n`;
}

function same(a: MergeFile | undefined, b: MergeFile | undefined): boolean {
  if (!a || !b) return a === b;
  return a.executable === b.executable && a.bytes.equals(b.bytes);
}

function isBinary(bytes: Buffer): boolean {
  return bytes.length > 0 && isBinaryFileSync(bytes);
}
