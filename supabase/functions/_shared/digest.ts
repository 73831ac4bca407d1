/**
 * The folder digest (`folder-digest.ts`) and file hashes, with node:crypto;
 * the CLI binds the same digest to its lazily loaded crypto.
 */
import { createHash } from "node:crypto";
import { folderDigestWith, type DigestEntry } from "./folder-digest.ts";

export type { DigestEntry } from "./folder-digest.ts";

/** Digest of a whole folder: `sha256:<hex>`, see `folderDigestWith`. */
export function folderDigest(entries: readonly DigestEntry[]): string {
  return folderDigestWith(sha256Hex, entries);
}

/** Lowercase hex sha256 of some bytes (a string is hashed as UTF-8). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
