/** Wire shapes of the skill routes: /api/registries/:slug/skills and /api/registries/:slug/skills/:skillSlug. */
import * as z from "zod/mini";
import { fileEntry, sha256Hex, skillFields, stringMap } from "./common.ts";
import { skillSlug } from "./slugs.ts";
import { nextCursor } from "./listing.ts";
import { publishReviewFields } from "./reviews.ts";

/** A list of 1-50 character labels (a skill's tags or compat), at most 30, in create and update bodies. */
export const labels = z.array(z.string().check(z.minLength(1), z.maxLength(50))).check(z.maxLength(30));

/** One file of a version being published: bytes as base64 (create and publish bodies). */
export const fileUpload = z.object({
  path: z.string().check(z.minLength(1)),
  content_base64: z.string(),
  executable: z._default(z.boolean(), false),
});
/** A file being uploaded inline, as sent (`executable` may be left out). */
export type FileUpload = z.input<typeof fileUpload>;

/**
 * One file of a version being published (create and publish bodies), named by
 * the sha256 of bytes the publisher uploaded before (PUT /api/blobs/:sha256,
 * POST /api/blobs/upload) or can already read through a version; `size` in
 * bytes must be the stored one.
 */
export const fileReference = z.object({
  path: z.string().check(z.minLength(1)),
  sha256: sha256Hex,
  size: z.number().check(z.int(), z.nonnegative()),
  executable: z._default(z.boolean(), false),
});
/** A file of a publish by reference, as sent. */
export type FileReference = z.input<typeof fileReference>;

/** A file of a publish (create and publish bodies): its bytes inline, or a reference to uploaded bytes. */
export const publishedFile = z.union([fileUpload, fileReference]);
/** A file of a publish as the server reads it (`executable` filled in). */
export type PublishedFile = z.output<typeof publishedFile>;

/**
 * The folder of a create or publish body, spread into both: `content`
 * (SKILL.md text, a folder of that one file), `files` (every file of the
 * folder, SKILL.md included), or both when `content` is the SKILL.md among
 * `files` (the route compares them: bytes inline, sha256 by reference).
 */
export const folderFields = {
  content: z.optional(z.string()),
  files: z.optional(z.array(publishedFile).check(z.minLength(1))),
};

/** Refuses a create or publish body with neither `content` nor `files`. */
export const someFolder = z.refine<{ content?: string; files?: readonly unknown[] }>(
  (body) => body.content !== undefined || body.files !== undefined,
  "give content (the SKILL.md text) or files (every file of the skill folder)",
);

/** POST /api/registries/:slug/skills body: the skill and its first version (`content` or `files`, see `folderFields`). */
export const createSkillBody = z
  .object({
    slug: skillSlug,
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    description: z.optional(z.string().check(z.maxLength(2000))),
    tags: z._default(labels, []),
    compat: z._default(labels, []),
    metadata: z._default(z.record(z.string(), z.string()), {}),
    version: z._default(z.string(), "1.0.0"),
    ...folderFields,
    changelog: z.optional(z.string().check(z.maxLength(10_000))),
  })
  .check(someFolder);
/** Body of POST /api/registries/:slug/skills as a client sends it (defaults may be left out). */
export type CreateSkillBody = z.input<typeof createSkillBody>;
/** Body of POST /api/registries/:slug/skills as the server reads it (defaults filled in). */
export type CreateSkillInput = z.output<typeof createSkillBody>;

/** PUT /api/registries/:slug/skills/:skillSlug body: the metadata to change (any subset; nothing else). */
export const updateSkillBody = z.strictObject({
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  description: z.optional(z.nullable(z.string().check(z.maxLength(2000)))),
  tags: z.optional(labels),
  compat: z.optional(labels),
  metadata: z.optional(z.record(z.string(), z.string())),
});
/** Body of PUT /api/registries/:slug/skills/:skillSlug. */
export type UpdateSkillBody = z.output<typeof updateSkillBody>;

/** A skill's own row as POST /api/registries/:slug/skills and PUT /api/registries/:slug/skills/:skillSlug answer it; `updated_at` ISO. */
export const skillRecord = z.object({
  registry: z.string(),
  ...skillFields,
  metadata: stringMap(z.unknown()),
  updated_at: z.string(),
});
/** A skill's metadata. */
export type SkillRecord = z.output<typeof skillRecord>;

/** POST /api/registries/:slug/skills response (201): the new skill and its first version's number and folder digest. */
export const createSkillResponse = z.object({
  skill: skillRecord,
  version: z.string(),
  digest: z.string(),
  /** What SKILL.md should fix that did not stop the publish (e.g. no frontmatter); optional: servers before it did not say. */
  warnings: z.optional(z.array(z.string())),
  ...publishReviewFields(),
});
/** What creating a skill answers. */
export type CreateSkillResponse = z.output<typeof createSkillResponse>;

/** PUT /api/registries/:slug/skills/:skillSlug response: the skill as updated. */
export const updateSkillResponse = z.object({ skill: skillRecord });

/** One skill of GET /api/registries/:slug/skills, with its latest version (null before the first publish). */
export const skillSummary = z.object({
  ...skillFields,
  version: z.nullable(z.string()),
  /** Username of the creator, null once that account is gone. */
  created_by: z.nullable(z.string()),
  updated_at: z.string(),
});
/** A skill of a registry listing. */
export type SkillSummary = z.output<typeof skillSummary>;

/** GET /api/registries/:slug/skills response: one page (at most 100), `next_cursor` for the next. */
export const skillListResponse = z.object({ skills: z.array(skillSummary), next_cursor: nextCursor });

/**
 * GET /api/registries/:slug/skills/:skillSlug response: the skill's metadata
 * and its latest version with content and manifest, all at the top level.
 */
export const skillDetailResponse = z.extend(skillRecord, {
  version: z.string(),
  /** The SKILL.md text. */
  content: z.string(),
  /** `sha256:<hex>` folder digest. */
  digest: z.string(),
  files: z.array(fileEntry),
  created_by: z.nullable(z.string()),
  /** Optional: servers before it did not say. */
  created_at: z.optional(z.string()),
  /** Usernames of the maintainers. */
  maintainers: z.array(z.string()),
});
/** The latest version of a skill with its metadata and manifest. */
export type SkillDetail = z.output<typeof skillDetailResponse>;
