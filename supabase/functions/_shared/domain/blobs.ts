/**
 * File bytes by sha256: reading the ones the caller may read, telling which
 * ones the caller must upload before a manifest may name them, and storing
 * uploads. RLS returns only bytes that some version readable by the caller
 * contains (or that the caller uploaded), and the missing-check answers only
 * about the caller, so nothing tells whether bytes exist elsewhere.
 */
import { Buffer } from "node:buffer";
import type { Tx } from "../db.ts";
import { sha256Hex } from "../digest.ts";
import { ApiError } from "../errors.ts";
import { base64Size } from "./folder.ts";

/** Bytes to store: their sha256 and their base64 text. */
export interface BlobUpload {
  sha256: string;
  base64: string;
}

/** The stored bytes with these hashes that the caller may read; the rest are simply absent. */
export function readBlobs(tx: Tx, sha256: readonly string[]): Promise<{ sha256: string; content: Uint8Array }[]> {
  return tx<{ sha256: string; content: Uint8Array }[]>`
    select sha256, content from file_blobs where sha256 = any(${[...new Set(sha256)]}::text[])`;
}

/** Of these hashes (deduplicated, in request order), those the caller has neither uploaded lately nor can read in a version. */
export async function missingBlobs(tx: Tx, sha256: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(sha256)];
  // RLS limits blob_uploads to the caller's rows and skill_files to versions they can read.
  const rows = await tx<{ sha256: string }[]>`
    select h.sha256 from unnest(${wanted}::text[]) as h(sha256)
    -- An upload counts for 23 hours, as in the skill_files policy (cleanup waits 24).
    where not exists (select 1 from blob_uploads u where u.sha256 = h.sha256 and u.created_at > now() - interval '23 hours')
      and not exists (select 1 from skill_files f where f.sha256 = h.sha256)`;
  const missing = new Set(rows.map((r) => r.sha256));
  return wanted.filter((hash) => missing.has(hash));
}

/**
 * Base64 uploads checked before any query: strict base64, each at most `maxFileBytes` decoded.
 * @throws ApiError VALIDATION_ERROR for bad base64; PAYLOAD_TOO_LARGE over the limit.
 */
export function base64Uploads(blobs: readonly { sha256: string; content_base64: string }[], maxFileBytes: number): BlobUpload[] {
  return blobs.map((blob) => {
    const size = base64Size(blob.sha256, blob.content_base64);
    if (size > maxFileBytes) {
      throw new ApiError("PAYLOAD_TOO_LARGE", `The file with sha256 ${blob.sha256} is ${size} bytes; the limit is ${maxFileBytes} bytes per file`);
    }
    return { sha256: blob.sha256, base64: blob.content_base64 };
  });
}

/**
 * Raw bytes sent for `sha256`, checked against it before any query.
 * @throws ApiError VALIDATION_ERROR when the bytes have another hash.
 */
export function rawUpload(sha256: string, bytes: Uint8Array): BlobUpload {
  if (sha256Hex(bytes) !== sha256) throw new ApiError("VALIDATION_ERROR", `The content sent has another sha256 than ${sha256}`);
  return { sha256, base64: Buffer.from(bytes).toString("base64") };
}

/**
 * Stores bytes given as base64 and records the upload for the user. The text
 * goes to Postgres as is and is decoded there, and private.store_blob checks
 * the hash: the function never holds the bytes decoded, nor as bytea's hex
 * text (twice their size), so a request costs it little more than its body.
 * @throws ApiError VALIDATION_ERROR when some content does not have its sha256.
 */
export async function storeBlobs(tx: Tx, blobs: readonly BlobUpload[]): Promise<void> {
  for (const blob of blobs) {
    try {
      await tx`select private.store_blob(${blob.sha256}, decode(${blob.base64}, 'base64'))`;
    } catch (error) {
      if ((error as { code?: string }).code === "23514") {
        throw new ApiError("VALIDATION_ERROR", `The content sent for sha256 ${blob.sha256} has another hash`);
      }
      throw error;
    }
  }
}
