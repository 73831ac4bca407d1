/**
 * POST /api/blobs: file bytes by sha256. RLS returns only bytes that some
 * version readable by the caller contains; the rest are simply absent.
 */
import { Hono } from "hono";
import { Buffer } from "node:buffer";
import { withUser } from "../../_shared/db.ts";
import { blobsRequest } from "../../_shared/types.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";

export const blobRoutes = new Hono<AppEnv>().post("/blobs", requireUser, async (c) => {
  const body = await parseBody(c, blobsRequest);
  const rows = await withUser(c.get("claims"), (tx) =>
    tx<{ sha256: string; content: Uint8Array }[]>`
      select sha256, content from file_blobs where sha256 = any(${[...new Set(body.sha256)]}::text[])`
  );
  return c.json({
    blobs: rows.map((r) => ({ sha256: r.sha256, content_base64: Buffer.from(r.content).toString("base64") })),
  });
});
