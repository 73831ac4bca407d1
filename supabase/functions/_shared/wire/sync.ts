/**
 * Wire shapes of the POST /api/sync answer: many skills resolved at once to
 * versions, folder digests and manifests (no bytes). The request body is in
 * `sync-request.ts`: the CLI loads this module on each sync to check the
 * answer, and builds every schema in it.
 */
import * as z from "zod/mini";
import { fileEntry, skillFields, type FileEntry } from "./common.ts";

/** A skill of the POST /api/sync answer: metadata, version and folder digest; `files` left out when the request said the client has `digest` (`have`). */
export const syncedSkill = z.object({
  registry: z.string(),
  ...skillFields,
  version: z.string(),
  /** `sha256:<hex>` over the whole folder (`folderDigest`). */
  digest: z.string(),
  files: z.optional(z.array(fileEntry)),
});
/** A skill as POST /api/sync answers it. */
export type SyncedSkill = z.output<typeof syncedSkill>;

/**
 * A skill of the POST /api/sync answer with its manifest: what a client holds
 * once every resolution has its files. A type only: nothing parses it, and
 * the CLI builds every schema of this module on each sync.
 */
export type ResolvedSkill = SyncedSkill & { files: FileEntry[] };

/** Why one skill of POST /api/sync did not resolve. */
export const syncError = z.object({
  registry: z.string(),
  slug: z.string(),
  version: z.optional(z.string()),
  code: z.enum(["NOT_FOUND", "NO_MATCHING_VERSION", "INVALID_CONSTRAINT"]),
  message: z.string(),
});
/** A skill POST /api/sync could not resolve. */
export type SyncError = z.output<typeof syncError>;

/** POST /api/sync response. */
export const syncResponse = z.object({ skills: z.array(syncedSkill), errors: z.array(syncError) });
/** What POST /api/sync answers. */
export type SyncResponse = z.output<typeof syncResponse>;
