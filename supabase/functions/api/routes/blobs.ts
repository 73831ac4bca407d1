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
import { sha256Hex } from "../../_shared/digest.ts";
import { withUser, type Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { BLOB_UPLOAD_MAX_BODY_BYTES, blobsRequest, missingBlobsRequest, uploadBlobsRequest, sha256Hex as sha256Schema } from "../../_shared/types.ts";
import { base64Size } from "../lib/files.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";
import { sizeLimits } from "../lib/versions.ts";

/** Refuses a body over `maxSize` bytes: by Content-Length before reading, else while reading. */
function limitBody(maxSize: number, what: string) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", `${what} exceeds the limit of ${maxSize} bytes`);
    },
  });
}

/**
 * Stores bytes given as base64 and records the upload for the user. The text
 * goes to Postgres as is and is decoded there, and private.store_blob checks
 * the hash: the function never holds the bytes decoded, nor as bytea's hex
 * text (twice their size), so a request costs it little more than its body.
 * @throws ApiError VALIDATION_ERROR when some content does not have its sha256.
 */
async function store(tx: Tx, blobs: readonly { sha256: string; base64: string }[]): Promise<void> {
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

const maxFileBytes = sizeLimits().maxFileBytes;

export const blobRoutes = new Hono<AppEnv>()
  .post("/blobs", requireUser, async (c) => {
    const body = await parseBody(c, blobsRequest);
    const rows = await withUser(c.get("claims"), (tx) =>
      tx<{ sha256: string; content: Uint8Array }[]>`
        select sha256, content from file_blobs where sha256 = any(${[...new Set(body.sha256)]}::text[])`
    );
    return c.json({
      blobs: rows.map((r) => ({ sha256: r.sha256, content_base64: Buffer.from(r.content).toString("base64") })),
    });
  })
  .post("/blobs/missing", requireUser, async (c) => {
    const body = await parseBody(c, missingBlobsRequest);
    const wanted = [...new Set(body.sha256)];
    // RLS limits blob_uploads to the caller's rows and skill_files to versions they can read.
    const rows = await withUser(c.get("claims"), (tx) =>
      tx<{ sha256: string }[]>`
        select h.sha256 from unnest(${wanted}::text[]) as h(sha256)
        -- An upload counts for 23 hours, as in the skill_files policy (cleanup waits 24).
        where not exists (select 1 from blob_uploads u where u.sha256 = h.sha256 and u.created_at > now() - interval '23 hours')
          and not exists (select 1 from skill_files f where f.sha256 = h.sha256)`
    );
    const missing = new Set(rows.map((r) => r.sha256));
    return c.json({ missing: wanted.filter((sha256) => missing.has(sha256)) });
  })
  .post("/blobs/upload", requireUser, limitBody(BLOB_UPLOAD_MAX_BODY_BYTES, "An upload request"), async (c) => {
    const body = await parseBody(c, uploadBlobsRequest);
    const blobs = body.blobs.map((blob) => {
      const size = base64Size(blob.sha256, blob.content_base64);
      if (size > maxFileBytes) {
        throw new ApiError("PAYLOAD_TOO_LARGE", `The file with sha256 ${blob.sha256} is ${size} bytes; the limit is ${maxFileBytes} bytes per file`);
      }
      return { sha256: blob.sha256, base64: blob.content_base64 };
    });
    await withUser(c.get("claims"), (tx) => store(tx, blobs));
    return c.json({ stored: blobs.map((b) => b.sha256) });
  })
  .put("/blobs/:sha256", requireUser, limitBody(maxFileBytes, "A file"), async (c) => {
    const sha256 = sha256Schema.safeParse(c.req.param("sha256"));
    if (!sha256.success) throw new ApiError("VALIDATION_ERROR", "The path must end in the file's sha256: 64 lowercase hex digits");
    if (c.req.header("content-type")?.split(";")[0]?.trim() !== "application/octet-stream") {
      throw new ApiError("VALIDATION_ERROR", "Send the file's bytes as application/octet-stream");
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (sha256Hex(bytes) !== sha256.data) throw new ApiError("VALIDATION_ERROR", `The content sent has another sha256 than ${sha256.data}`);
    await withUser(c.get("claims"), (tx) => store(tx, [{ sha256: sha256.data, base64: Buffer.from(bytes).toString("base64") }]));
    return c.json({ stored: [sha256.data] });
  });
