/**
 * Wire shapes of the POST /api/sync answer: many skills resolved at once to
 * versions, SKILL.md, folder digests and manifests (no other bytes). The
 * request body is in `sync-request.ts`: the CLI loads this module on each
 * sync to check the answer, and builds every schema in it.
 */
import * as z from "zod/mini";
import { fileEntry, sha256Hex, skillFields, type FileEntry } from "./common.ts";
import { yankInfo } from "./version-state.ts";

/**
 * A skill of the POST /api/sync answer: metadata, version, SKILL.md and
 * folder digest. `content` and `files` are left out when the request said
 * the client has `digest` (`have`); a request without `have` always gets them.
 */
export const syncedSkill = z.object({
  registry: z.string(),
  ...skillFields,
  version: z.string(),
  /** The SKILL.md text: what a client that installs only SKILL.md writes. */
  content: z.optional(z.string()),
  /** Hex sha256 of SKILL.md's bytes (the lock entry of a client that knows only SKILL.md). */
  sha256: sha256Hex,
  /** `sha256:<hex>` over the whole folder (`folderDigest`). */
  digest: z.string(),
  files: z.optional(z.array(fileEntry)),
  /** Set when this version is yanked (only an exact pin resolves to it): install it, but warn with the reason. */
  yanked: z.optional(yankInfo),
  /** The deprecation message of the version, else of the skill: every install shows it. */
  deprecated: z.optional(z.string()),
});
/** A skill as POST /api/sync answers it. */
export type SyncedSkill = z.output<typeof syncedSkill>;

/**
 * A skill of the POST /api/sync answer with its manifest: what a client holds
 * once every resolution has its files (`content` may still be absent). A type only: nothing parses it, and
 * the CLI builds every schema of this module on each sync.
 */
export type ResolvedSkill = SyncedSkill & { files: FileEntry[] };

/**
 * Why one skill of POST /api/sync did not resolve: `code` says it precisely,
 * `error` in the three words every client knows. A skill the caller may not
 * read is `not_found` (RLS hides it, as from every other route), so this
 * server never answers `forbidden`; an unparseable constraint matches no
 * version (`no_matching_version`).
 */
export const syncError = z.object({
  registry: z.string(),
  slug: z.string(),
  version: z.optional(z.string()),
  error: z.enum(["not_found", "no_matching_version", "forbidden"]),
  code: z.enum(["NOT_FOUND", "NO_MATCHING_VERSION", "INVALID_CONSTRAINT"]),
  message: z.string(),
});
/** A skill POST /api/sync could not resolve. */
export type SyncError = z.output<typeof syncError>;

/** POST /api/sync response. */
export const syncResponse = z.object({ skills: z.array(syncedSkill), errors: z.array(syncError) });
/** What POST /api/sync answers. */
export type SyncResponse = z.output<typeof syncResponse>;
