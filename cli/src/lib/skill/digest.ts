/**
 * Folder digest of a skill version, the CLI's copy
 * of `supabase/functions/_shared/digest.ts`: the same algorithm, checked equal
 * by `test/wire-contract.test.ts`, so a local folder and a published version
 * with the same files have the same digest.
 */
import { nodeCrypto } from "./crypto.ts";
import { byPath } from "../order.ts";

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
    .sort(byPath)
    .map((e) => `${e.executable ? "100755" : "100644"} ${e.sha256} ${e.path}\n`)
    .join("");
  return `sha256:${nodeCrypto().createHash("sha256").update(lines, "utf8").digest("hex")}`;
}

/** Lowercase hex sha256 of some bytes (a string is hashed as UTF-8). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return nodeCrypto().createHash("sha256").update(bytes).digest("hex");
}
