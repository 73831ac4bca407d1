/**
 * The conflict markers `skills update` writes where a merge needs a person
 * (`merge.ts`), and finding them again before a push. Apart from the merge
 * so a push loads no diff library.
 */

/** The line a conflict starts with; the upstream side ends with `>>>>>>> <registry>/<slug>@<version>`. */
export const LOCAL_MARKER = "<<<<<<< local";

const MARKED_START = new RegExp(`^${LOCAL_MARKER}\r?$`, "m");

/**
 * The paths of text files that still hold a conflict `mergeText` marked (a `<<<<<<< local` line
 * and a `>>>>>>> ` line after it), so a push does not publish a merge nobody resolved.
 */
export function filesWithConflictMarkers(files: readonly { path: string; bytes: Uint8Array }[]): string[] {
  return files.flatMap((f) => {
    const text = Buffer.from(f.bytes).toString("utf8");
    const start = text.search(MARKED_START);
    return start >= 0 && /^>>>>>>> /m.test(text.slice(start)) ? [f.path] : [];
  });
}
