/**
 * Folder digest of a skill version: one sha256
 * over the sorted manifest, so any changed byte, path or executable bit of any
 * file changes it. The CLI computes the same value over local files
 * (`cli/src/lib/digest.ts`), checked equal by a contract test.
 */
import { createHash } from "node:crypto";

/** A manifest entry as far as the digest is concerned. */
export interface DigestEntry {
  path: string;
  sha256: string;
  executable: boolean;
}

/**
 * Digest of a whole folder: `sha256:<hex>` of the lines
 * `<100755|100644> <sha256> <path>\n`, sorted by path (JS string order).
 */
export function folderDigest(entries: readonly DigestEntry[]): string {
  const lines = [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => `${e.executable ? "100755" : "100644"} ${e.sha256} ${e.path}\n`)
    .join("");
  return `sha256:${createHash("sha256").update(lines, "utf8").digest("hex")}`;
}

/** Lowercase hex sha256 of some bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
