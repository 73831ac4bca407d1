/**
 * The blob routes: POST /blobs (download by hash, as sync and diff do), and
 * POST /blobs/missing, POST /blobs/upload and PUT /blobs/:sha256 (push).
 */
import { sha256Hex } from "../../skill/digest.ts";
import { CliError } from "../../errors.ts";
import type { ApiClient } from "../client.ts";
import { SKILL_LIMITS } from "../../../../../supabase/functions/_shared/skill-limits.ts";
import { BLOB_UPLOAD_MAX_BODY_BYTES, blobsResponse, missingBlobsResponse, storedBlobsResponse } from "../../../../../supabase/functions/_shared/wire/blobs.ts";

/** Upper bounds of one POST /blobs call: the server's limit and an ~8 MB response. */
export const BLOB_BATCH = { maxCount: 1000, maxBytes: 8 * 1024 * 1024 };

/** A POST /blobs answer's JSON around its blobs, and around each blob's base64 (`{"sha256":"<64 hex>","content_base64":""},`), with room to spare. */
const BLOBS_ANSWER_OVERHEAD = 1024;
const BLOB_ENTRY_OVERHEAD = 256;

/** The length of `bytes` bytes in base64. */
function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** A manifest size, or for an unknown one (Infinity: a manifest from the lockfile) the largest a skill file may have. */
function knownSize(size: number): number {
  return size === Number.POSITIVE_INFINITY ? SKILL_LIMITS.maxFileBytes : size;
}

/**
 * Splits wanted blobs into POST /blobs calls of at most `maxCount` hashes and,
 * by their manifest `size` (bytes), about `maxBytes` each (a bigger blob goes alone).
 */
export function batchBlobs<T extends { sha256: string; size: number }>(
  wanted: readonly T[],
  limits: { maxCount: number; maxBytes: number } = BLOB_BATCH,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const blob of wanted) {
    if (current.length > 0 && (current.length >= limits.maxCount || bytes + blob.size > limits.maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(blob);
    bytes += blob.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * How uploads are grouped: files up to `putFrom` bytes go together in POST /blobs/upload calls
 * of at most `maxBytes` raw bytes (base64 inflates them by 4/3, plus the JSON around each,
 * within the server's 4 MiB body); bigger ones alone by PUT /blobs/:sha256.
 */
export const UPLOAD_BATCH = { putFrom: 512 * 1024, maxCount: 512, maxBytes: Math.floor((BLOB_UPLOAD_MAX_BODY_BYTES * 3) / 4) - 256 * 1024 };

/**
 * POST /blobs in batches (`batchBlobs`), four at a time. Each answer may be no longer than its
 * blobs' manifest sizes in base64 (a size unknown counts as the largest file a skill may have)
 * and is cut off past that; each blob must have its manifest size and hash. `receive` is given
 * each blob as its batch arrives, so only the batches in flight are in memory.
 * @throws CliError INTEGRITY if an answer is too long, or a blob is missing, mis-sized or does not match its hash.
 */
export async function downloadBlobs(
  client: ApiClient,
  wanted: readonly { sha256: string; size: number }[],
  receive: (sha256: string, bytes: Buffer) => void | Promise<void>,
): Promise<void> {
  const sizeOf = new Map(wanted.map((b) => [b.sha256, b.size]));
  const received = new Set<string>();
  const batches = batchBlobs(wanted);
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      const body = { sha256: batch.map((b) => b.sha256) };
      const maxBytes = BLOBS_ANSWER_OVERHEAD + batch.reduce((n, b) => n + base64Length(knownSize(b.size)) + BLOB_ENTRY_OVERHEAD, 0);
      for (const blob of (await client.request("POST", "/blobs", blobsResponse, { body, maxBytes })).blobs) {
        const size = sizeOf.get(blob.sha256);
        if (size === undefined || received.has(blob.sha256)) continue;
        const bytes = Buffer.from(blob.content_base64, "base64");
        if (size === Number.POSITIVE_INFINITY ? bytes.length > SKILL_LIMITS.maxFileBytes : bytes.length !== size) {
          throw new CliError(
            "INTEGRITY",
            `A file from ${client.apiUrl} (sha256 ${blob.sha256}) has ${bytes.length} bytes where ${size === Number.POSITIVE_INFINITY ? `at most ${SKILL_LIMITS.maxFileBytes}` : size} were expected; nothing was changed.`,
          );
        }
        if (sha256Hex(bytes) !== blob.sha256) {
          throw new CliError("INTEGRITY", `A file from ${client.apiUrl} does not match its sha256 ${blob.sha256}.`);
        }
        received.add(blob.sha256);
        await receive(blob.sha256, bytes);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, batches.length) }, worker));
  const missing = wanted.filter((b) => !received.has(b.sha256));
  if (missing.length > 0) {
    throw new CliError("INTEGRITY", `${client.apiUrl} did not return ${missing.length} file(s), e.g. sha256 ${missing[0]!.sha256}.`);
  }
}

/**
 * POST /blobs/missing, 512 hashes per call: which of `hashes` the caller must upload before a
 * manifest may name them (the server answers only about what the caller uploaded or can read).
 */
export async function missingBlobs(client: ApiClient, hashes: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(hashes)];
  const missing = new Set<string>();
  for (let i = 0; i < unique.length; i += 512) {
    const body = { sha256: unique.slice(i, i + 512) };
    for (const sha256 of (await client.request("POST", "/blobs/missing", missingBlobsResponse, { body })).missing) missing.add(sha256);
  }
  return missing;
}

/**
 * Uploads file bytes, grouped as `UPLOAD_BATCH` says, four requests at a time; each answer
 * must list what it was sent. Uploading bytes again is harmless.
 * @throws CliError for a refused request (413 names the server's limit), BAD_RESPONSE when an answer lists other hashes.
 */
export async function uploadBlobs(client: ApiClient, files: readonly { sha256: string; bytes: Buffer }[]): Promise<void> {
  const unique = [...new Map(files.map((f) => [f.sha256, f])).values()].map((f) => ({ ...f, size: f.bytes.length }));
  const requests: (() => Promise<{ stored: string[]; sent: string[] }>)[] = [];
  for (const file of unique.filter((f) => f.size > UPLOAD_BATCH.putFrom)) {
    requests.push(async () => ({
      sent: [file.sha256],
      stored: (await client.request("PUT", `/blobs/${file.sha256}`, storedBlobsResponse, { body: file.bytes })).stored,
    }));
  }
  for (const batch of batchBlobs(unique.filter((f) => f.size <= UPLOAD_BATCH.putFrom), UPLOAD_BATCH)) {
    const body = { blobs: batch.map((f) => ({ sha256: f.sha256, content_base64: f.bytes.toString("base64") })) };
    requests.push(async () => ({ sent: batch.map((f) => f.sha256), stored: (await client.request("POST", "/blobs/upload", storedBlobsResponse, { body })).stored }));
  }
  const worker = async () => {
    for (let next = requests.shift(); next; next = requests.shift()) {
      const { sent, stored } = await next();
      if (sent.some((sha256) => !stored.includes(sha256))) {
        throw new CliError("BAD_RESPONSE", `${client.apiUrl} did not confirm storing every uploaded file; nothing was published.`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, requests.length) }, worker));
}
