/** Wire shapes of the blob routes: file bytes by sha256 (/api/blobs, /api/blobs/missing, /api/blobs/upload, PUT /api/blobs/:sha256). */
import * as z from "zod/mini";
import { sha256Hex } from "./common.ts";

/** One file's bytes as base64, named by their sha256. */
export const blobContent = z.object({ sha256: sha256Hex, content_base64: z.string() });

/** POST /api/blobs body: at most 1000 hashes, answered only for bytes readable through a version (or uploaded by the caller). */
export const blobsRequest = z.object({ sha256: z.array(sha256Hex).check(z.minLength(1), z.maxLength(1000)) });
/** POST /api/blobs response: the bytes of each requested blob the caller may read; the rest are absent. */
export const blobsResponse = z.object({ blobs: z.array(blobContent) });
/** What POST /api/blobs answers. */
export type BlobsResponse = z.output<typeof blobsResponse>;

/** POST /api/blobs/missing body: at most 512 hashes. */
export const missingBlobsRequest = z.object({ sha256: z.array(sha256Hex).check(z.minLength(1), z.maxLength(512)) });
/** POST /api/blobs/missing response: the hashes the caller must upload before a manifest may name them. */
export const missingBlobsResponse = z.object({ missing: z.array(sha256Hex) });
/** What POST /api/blobs/missing answers. */
export type MissingBlobsResponse = z.output<typeof missingBlobsResponse>;

/** The largest POST /api/blobs/upload body, in bytes: a few MiB, so one request stays far from a hosted function's memory. */
export const BLOB_UPLOAD_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** POST /api/blobs/upload body: small files as base64, at most 512, the whole body at most `BLOB_UPLOAD_MAX_BODY_BYTES`. */
export const uploadBlobsRequest = z.object({ blobs: z.array(blobContent).check(z.minLength(1), z.maxLength(512)) });

/** PUT /api/blobs/:sha256 and POST /api/blobs/upload response: the hashes now stored for the caller. */
export const storedBlobsResponse = z.object({ stored: z.array(sha256Hex) });
