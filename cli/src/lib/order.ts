/**
 * The one order of paths and slugs the CLI uses everywhere it sorts: plain
 * JavaScript string order (UTF-16 code units), the order the folder digest is
 * defined in (`digest.ts`), so manifests, lockfiles and the
 * index sort alike on every machine and locale.
 */

/** Compares two strings in JS string order: negative, zero or positive. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two manifest entries by `path`. */
export function byPath(a: { path: string }, b: { path: string }): number {
  return compareStrings(a.path, b.path);
}
