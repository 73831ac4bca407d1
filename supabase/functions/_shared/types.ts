/**
 * Wire shapes of the `api` function (spec §3), one zod schema each; the
 * TypeScript types are inferred from them, never written twice.
 *
 * The CLI keeps its own copy of the shapes it consumes (`cli/src/lib/wire.ts`);
 * `cli/test/wire-contract.test.ts` checks the two agree.
 */
import { z } from "zod";

/** A slug of lowercase letters, digits and single hyphens within a length range; every message names the rule. */
function slugSchema(kind: string, rule: string, min: number, max: number) {
  const message = `${kind} slug must be ${rule}`;
  return z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, message).min(min, message).max(max, message);
}

/** Registry slug: a username or an organization slug (spec §3.2). */
export const REGISTRY_SLUG_RULE =
  "3-39 characters: lowercase letters, digits and single hyphens, no leading or trailing hyphen";
export const registrySlug = slugSchema("registry", REGISTRY_SLUG_RULE, 3, 39);

/** Skill slug, equal to the Agent Skills `name` and the folder name (spec §3.2). */
export const SKILL_SLUG_RULE =
  "2-64 characters: lowercase letters, digits and single hyphens, no leading or trailing hyphen";
export const skillSlug = slugSchema("skill", SKILL_SLUG_RULE, 2, 64);

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

/**
 * One file of a version being published, named by the sha256 of bytes the
 * publisher uploaded before (PUT /api/blobs/:sha256, POST /api/blobs/upload)
 * or can already read through a version; `size` in bytes must be the stored one.
 */
export const fileReference = z.object({
  path: z.string().min(1),
  sha256: sha256Hex,
  size: z.number().int().nonnegative(),
  executable: z.boolean().default(false),
});
export type FileReference = z.infer<typeof fileReference>;

/** A file of a publish: its bytes inline, or a reference to uploaded bytes. */
export const publishedFile = z.union([fileUpload, fileReference]);
export type PublishedFile = z.infer<typeof publishedFile>;

/** POST /api/registries/:slug/skills/:skillSlug/versions (spec §3.2). */
export const publishVersionBody = z.object({
  version: z.string(),
  /** Every file of the folder, SKILL.md included. */
  files: z.array(publishedFile).min(1),
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
  files: z.array(publishedFile).min(1),
  changelog: z.string().max(10_000).optional(),
});
export type CreateSkillBody = z.infer<typeof createSkillBody>;

/** POST /api/sync request (spec §3.3). `version` is a semver constraint. */
export const syncRequest = z.object({
  skills: z
    .array(
      z.object({
        registry: z.string(),
        slug: z.string(),
        version: z.string().optional(),
        /** The folder digest the client already holds: when the resolution has it, the answer leaves its manifest out. */
        have: z.string().regex(/^sha256:[0-9a-f]{64}$/, "have must be a sha256:<hex> folder digest").optional(),
      }),
    )
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
  /** Left out when the request said the client has this digest (`have`). */
  files: z.array(fileEntry).optional(),
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

/** POST /api/blobs/missing: which of these the caller must upload before naming them in a manifest. */
export const missingBlobsRequest = z.object({ sha256: z.array(sha256Hex).min(1).max(512) });
export const missingBlobsResponse = z.object({ missing: z.array(sha256Hex) });
export type MissingBlobsResponse = z.infer<typeof missingBlobsResponse>;

/** POST /api/blobs/upload: small files in one request, bytes as base64 (the request at most `BLOB_UPLOAD_MAX_BODY_BYTES`). */
export const uploadBlobsRequest = z.object({
  blobs: z.array(z.object({ sha256: sha256Hex, content_base64: z.string() })).min(1).max(512),
});
/** What PUT /api/blobs/:sha256 and POST /api/blobs/upload answer: the hashes now stored for the caller. */
export const storedBlobsResponse = z.object({ stored: z.array(sha256Hex) });
/** The largest POST /api/blobs/upload body, in bytes: a few MiB, so one request stays far from a hosted function's memory. */
export const BLOB_UPLOAD_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The `{error:{code,message}}` body of every failed API response (spec §9). */
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof errorBody>;

/** Roles in a registry (spec §2.3): members read, contributors publish, admins manage. */
export const MEMBER_ROLES = ["member", "contributor", "admin"] as const;
export const memberRole = z.enum(MEMBER_ROLES, { error: `role must be one of: ${MEMBER_ROLES.join(", ")}` });
export type MemberRole = z.infer<typeof memberRole>;

/** Who may publish to an organization registry (spec §2.2). */
export const publishPolicy = z.enum(["open", "require_approval"], { error: "publish_policy must be one of: open, require_approval" });

const registryName = z.string().trim().min(1, "name must not be empty").max(200, "name must be at most 200 characters");
const registryDescription = z.string().max(2000, "description must be at most 2000 characters");

/** POST /api/registries: a new organization registry; the caller becomes its admin. */
export const createRegistryBody = z.strictObject({
  slug: registrySlug,
  name: registryName,
  description: registryDescription.optional(),
});
export type CreateRegistryBody = z.infer<typeof createRegistryBody>;

/** PUT /api/registries/:slug (admins): the settings to change, at least one. */
export const updateRegistryBody = z
  .strictObject({ name: registryName, description: registryDescription.nullable(), publish_policy: publishPolicy })
  .partial()
  .refine((body) => Object.keys(body).length > 0, "give at least one of: name, description, publish_policy");
export type UpdateRegistryBody = z.infer<typeof updateRegistryBody>;

/** A registry as the API shows it, with the caller's role. */
export const registryView = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.enum(["personal", "organization"]),
  publish_policy: publishPolicy,
  role: memberRole,
  skill_count: z.number().int(),
});
export type RegistryView = z.infer<typeof registryView>;

/** POST /api/registries/:slug/members/invite (spec §3.2). */
export const inviteBody = z.strictObject({
  email: z.string().trim().toLowerCase().email("email must be a valid email address").max(254, "email must be at most 254 characters"),
  role: memberRole.default("member"),
});
export type InviteBody = z.infer<typeof inviteBody>;

/** PUT /api/registries/:slug/members/:userId. */
export const memberRoleBody = z.strictObject({ role: memberRole });

/** One member of a registry. */
export const memberView = z.object({
  user_id: z.string(),
  username: z.string(),
  display_name: z.string().nullable(),
  role: memberRole,
  joined_at: z.string(),
});
export type MemberView = z.infer<typeof memberView>;

/** An invitation to a registry; `status` reads `expired` once `expires_at` has passed. */
export const invitationView = z.object({
  id: z.string(),
  registry: z.string(),
  registry_name: z.string(),
  email: z.string(),
  role: memberRole,
  status: z.enum(["pending", "accepted", "declined", "expired"]),
  invited_by: z.string().nullable(),
  created_at: z.string(),
  expires_at: z.string(),
});
export type InvitationView = z.infer<typeof invitationView>;

/** POST /api/registries/:slug/skills/:skillSlug/maintainers. */
export const addMaintainerBody = z.strictObject({ username: z.string().min(1, "username must not be empty").max(39, "username must be at most 39 characters") });

/** One maintainer of a skill. */
export const maintainerView = z.object({ user_id: z.string(), username: z.string(), display_name: z.string().nullable() });

/** One issue report on a skill (filed through MCP `report_skill_issue`); `reported_by` is a username, null once the account is gone. */
export const skillIssue = z.object({
  id: z.string(),
  issue: z.string(),
  context: z.string().nullable(),
  status: z.enum(["open", "closed"]),
  reported_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SkillIssue = z.infer<typeof skillIssue>;

/** GET /api/registries/:slug/skills/:skillSlug/issues: newest first, and how many are open in all. */
export const issueListResponse = z.object({ issues: z.array(skillIssue), open_count: z.number().int().nonnegative() });
export type IssueListResponse = z.infer<typeof issueListResponse>;
