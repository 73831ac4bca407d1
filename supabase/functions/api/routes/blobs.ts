/**
 * File bytes by sha256.
 * - POST /api/blobs: download. RLS returns only bytes that some version
 *   readable by the caller contains (or that the caller uploaded); the rest are simply absent.
 * - POST /api/blobs/missing: which hashes the caller must upload before a
 *   manifest may name them, answered only about the caller (bytes they
 *   uploaded or can read), so nothing tells whether they exist elsewhere.
 * - PUT /api/blobs/:sha256: upload one file (octet-stream, at most the
 *   per-file limit); POST /api/blobs/upload: several small ones as base64.
 *   Both idempotent; publishing a version then names them by sha256, so no
 *   request carries a whole version (a hosted function has 256 MB).
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { Buffer } from "node:buffer";
import { withUser } from "../../_shared/db.ts";
import { base64Uploads, missingBlobs, rawUpload, readBlobs, storeBlobs } from "../../_shared/domain/blobs.ts";
import { sizeLimits } from "../../_shared/domain/limits.ts";
import { ApiError } from "../../_shared/errors.ts";
import {
  BLOB_UPLOAD_MAX_BODY_BYTES,
  blobsRequest,
  blobsResponse,
  missingBlobsRequest,
  missingBlobsResponse,
  sha256Hex as sha256Schema,
  storedBlobsResponse,
  uploadBlobsRequest,
} from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";

/** Refuses a body over `maxSize` bytes: by Content-Length before reading, else while reading. */
function limitBody(maxSize: number, what: string) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", `${what} exceeds the limit of ${maxSize} bytes`);
    },
  });
}

const maxFileBytes = sizeLimits().maxFileBytes;

export const blobRoutes = new Hono<AppEnv>()
  .post("/blobs", requireUser, async (c) => {
    const body = await parseBody(c, blobsRequest);
    const rows = await withUser(c.get("claims"), (tx) => readBlobs(tx, body.sha256));
    return reply(c, blobsResponse, {
      blobs: rows.map((r) => ({ sha256: r.sha256, content_base64: Buffer.from(r.content).toString("base64") })),
    });
  })
  .post("/blobs/missing", requireUser, async (c) => {
    const body = await parseBody(c, missingBlobsRequest);
    const missing = await withUser(c.get("claims"), (tx) => missingBlobs(tx, body.sha256));
    return reply(c, missingBlobsResponse, { missing });
  })
  .post("/blobs/upload", requireUser, limitBody(BLOB_UPLOAD_MAX_BODY_BYTES, "An upload request"), async (c) => {
    const body = await parseBody(c, uploadBlobsRequest);
    const blobs = base64Uploads(body.blobs, maxFileBytes);
    await withUser(c.get("claims"), (tx) => storeBlobs(tx, blobs));
    return reply(c, storedBlobsResponse, { stored: blobs.map((b) => b.sha256) });
  })
  .put("/blobs/:sha256", requireUser, limitBody(maxFileBytes, "A file"), async (c) => {
    const sha256 = sha256Schema.safeParse(c.req.param("sha256"));
    if (!sha256.success) throw new ApiError("VALIDATION_ERROR", "The path must end in the file's sha256: 64 lowercase hex digits");
    if (c.req.header("content-type")?.split(";")[0]?.trim() !== "application/octet-stream") {
      throw new ApiError("VALIDATION_ERROR", "Send the file's bytes as application/octet-stream");
    }
    const blob = rawUpload(sha256.data, new Uint8Array(await c.req.arrayBuffer()));
    await withUser(c.get("claims"), (tx) => storeBlobs(tx, [blob]));
    return reply(c, storedBlobsResponse, { stored: [sha256.data] });
  });
