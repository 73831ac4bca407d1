/**
 * The folder digest of a skill version, defined once for the server and the
 * CLI: one sha256 over the sorted manifest, so any changed byte, path or
 * executable bit of any file changes it. Pure: the caller hands in sha256,
 * so the CLI can keep loading node:crypto only when it hashes.
 */

/** A manifest entry as far as the digest is concerned. */
export interface DigestEntry {
  path: string;
  sha256: string;
  executable: boolean;
}

/** Lowercase hex sha256 of a string's UTF-8 bytes. */
export type Sha256Text = (text: string) => string;

/**
 * Digest of a whole folder: `sha256:<hex>` of the lines
 * `<100755|100644> <sha256> <path>\n`, sorted by path (JS string order).
 */
export function folderDigestWith(sha256: Sha256Text, entries: readonly DigestEntry[]): string {
  const lines = [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => `${e.executable ? "100755" : "100644"} ${e.sha256} ${e.path}\n`)
    .join("");
  return `sha256:${sha256(lines)}`;
}
