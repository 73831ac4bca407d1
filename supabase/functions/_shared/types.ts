/**
 * Wire shapes of the `api` function (spec §3), one zod schema each; the
 * TypeScript types are inferred from them, never written twice.
 *
 * The CLI keeps its own copy of the shapes it consumes (`cli/src/lib/wire.ts`);
 * `cli/test/wire-contract.test.ts` checks the two agree.
 */
import { z } from "zod";

/** Registry slug: a username or an organization slug (spec §3.2). */
export const REGISTRY_SLUG_RULE =
  "3-39 characters: lowercase letters, digits and single hyphens, no leading or trailing hyphen";
export const registrySlug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, `registry slug must be ${REGISTRY_SLUG_RULE}`)
  .min(3, `registry slug must be ${REGISTRY_SLUG_RULE}`)
  .max(39, `registry slug must be ${REGISTRY_SLUG_RULE}`);

/** Skill slug, equal to the Agent Skills `name` and the folder name (spec §3.2). */
export const SKILL_SLUG_RULE =
  "2-64 characters: lowercase letters, digits and single hyphens, no leading or trailing hyphen";
export const skillSlug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, `skill slug must be ${SKILL_SLUG_RULE}`)
  .min(2, `skill slug must be ${SKILL_SLUG_RULE}`)
  .max(64, `skill slug must be ${SKILL_SLUG_RULE}`);

/** Lowercase hex sha256 of some bytes. */
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hex digits");

/** One file of a published version, without its bytes (the manifest entry). */
export const fileEntry = z.object({
  path: z.string(),
  sha256: sha256Hex,
  size: z.number().int().nonnegative(),
  executable: z.boolean(),
});
export type FileEntry = z.infer<typeof fileEntry>;

/** One file of a version being published: bytes as base64. */
export const fileUpload = z.object({
  path: z.string().min(1),
  content_base64: z.string(),
  executable: z.boolean().default(false),
});
export type FileUpload = z.infer<typeof fileUpload>;

/** POST /api/registries/:slug/skills/:skillSlug/versions (spec §3.2, DESIGN "Directory skills"). */
export const publishVersionBody = z.object({
  version: z.string(),
  /** Every file of the folder, SKILL.md included. */
  files: z.array(fileUpload).min(1),
  changelog: z.string().max(10_000).optional(),
});
export type PublishVersionBody = z.infer<typeof publishVersionBody>;

/** POST /api/registries/:slug/skills: the skill and its first version. */
export const createSkillBody = z.object({
  slug: skillSlug,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  tags: z.array(z.string().min(1).max(50)).max(30).default([]),
  compat: z.array(z.string().min(1).max(50)).max(30).default([]),
  metadata: z.record(z.string(), z.string()).default({}),
  version: z.string().default("1.0.0"),
  files: z.array(fileUpload).min(1),
  changelog: z.string().max(10_000).optional(),
});
export type CreateSkillBody = z.infer<typeof createSkillBody>;

/** POST /api/sync request (spec §3.3). `version` is a semver constraint. */
export const syncRequest = z.object({
  skills: z
    .array(z.object({ registry: z.string(), slug: z.string(), version: z.string().optional() }))
    .max(500),
});
export type SyncRequest = z.infer<typeof syncRequest>;

/** A resolved skill in the sync response: metadata, version, folder digest and manifest. */
export const resolvedSkill = z.object({
  registry: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  compat: z.array(z.string()),
  version: z.string(),
  /** `sha256:<hex>` over the whole folder, see `folderDigest`. */
  digest: z.string(),
  files: z.array(fileEntry),
});
export type ResolvedSkill = z.infer<typeof resolvedSkill>;

/** Why one requested skill did not resolve. */
export const syncError = z.object({
  registry: z.string(),
  slug: z.string(),
  version: z.string().optional(),
  code: z.enum(["NOT_FOUND", "NO_MATCHING_VERSION", "INVALID_CONSTRAINT"]),
  message: z.string(),
});
export type SyncError = z.infer<typeof syncError>;

export const syncResponse = z.object({
  skills: z.array(resolvedSkill),
  errors: z.array(syncError),
});
export type SyncResponse = z.infer<typeof syncResponse>;

/** POST /api/blobs: fetch file bytes by sha256, only those readable through a version. */
export const blobsRequest = z.object({ sha256: z.array(sha256Hex).min(1).max(1000) });
export const blobsResponse = z.object({
  blobs: z.array(z.object({ sha256: sha256Hex, content_base64: z.string() })),
});
export type BlobsResponse = z.infer<typeof blobsResponse>;

/** The `{error:{code,message}}` body of every failed API response (spec §9). */
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof errorBody>;
