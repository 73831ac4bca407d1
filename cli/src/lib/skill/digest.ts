/**
 * The server's folder digest (`supabase/functions/_shared/folder-digest.ts`)
 * and file hashes, bound to the CLI's node:crypto, which is loaded only on the
 * first hash, so a local folder and a published version with the same files
 * have the same digest.
 */
import { folderDigestWith, type DigestEntry } from "../../../../supabase/functions/_shared/folder-digest.ts";
import { nodeCrypto } from "./crypto.ts";

export type { DigestEntry } from "../../../../supabase/functions/_shared/folder-digest.ts";

/** Digest of a whole folder: `sha256:<hex>`, see `folderDigestWith`. */
export function folderDigest(entries: readonly DigestEntry[]): string {
  return folderDigestWith(sha256Hex, entries);
}

/** Lowercase hex sha256 of some bytes (a string is hashed as UTF-8). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return nodeCrypto().createHash("sha256").update(bytes).digest("hex");
}
