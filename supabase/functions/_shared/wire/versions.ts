/** Wire shapes of the version routes: /api/registries/:slug/skills/:skillSlug/versions[/:version]. */
import * as z from "zod/mini";
import { fileEntry } from "./common.ts";
import { publishReviewFields, reviewStatus } from "./reviews.ts";
import { yankInfo } from "./version-state.ts";
import { folderFields, someFolder } from "./skills.ts";

/**
 * POST /api/registries/:slug/skills/:skillSlug/versions body: a new version, its folder as `content` or `files`
 * (see `folderFields`). `base_version`, when given, is the version the folder was edited from: the publish is
 * refused (409, `staleBaseError`) when a newer one exists, so it never replaces a teammate's version unseen.
 */
export const publishVersionBody = z
  .object({
    version: z.string(),
    ...folderFields,
    changelog: z.optional(z.string().check(z.maxLength(10_000))),
    base_version: z.optional(z.string().check(z.maxLength(100))),
  })
  .check(someFolder);
/** Body of a publish as a client sends it. */
export type PublishVersionBody = z.input<typeof publishVersionBody>;
/** Body of a publish as the server reads it (`executable` filled in). */
export type PublishVersionInput = z.output<typeof publishVersionBody>;

/** POST /api/registries/:slug/skills/:skillSlug/versions response (201). */
export const publishVersionResponse = z.object({
  version: z.string(),
  changelog: z.nullish(z.string()),
  /** `sha256:<hex>` folder digest. */
  digest: z.string(),
  /** What SKILL.md should fix that did not stop the publish (e.g. no frontmatter); optional: servers before it did not say. */
  warnings: z.optional(z.array(z.string())),
  ...publishReviewFields(),
});

/**
 * The 409 of a publish whose `base_version` is older than the latest version: `latest` and `base` name
 * both, so a client can say what to merge before publishing again.
 */
export const staleBaseError = z.object({
  error: z.object({ code: z.literal("CONFLICT"), message: z.string(), latest: z.string(), base: z.string() }),
});

/**
 * A version's review, yank and deprecation as the version list and detail show them; optional: servers before
 * them did not say. `review_note` and `reviewed_by` reach only those who may see the review (the publisher,
 * the skill's maintainers, the registry's admins): everyone else sees approved versions only.
 */
const versionStateFields = {
  status: z.optional(reviewStatus),
  review_note: z.optional(z.nullable(z.string())),
  reviewed_by: z.optional(z.nullable(z.string())),
  /** Set when the version is yanked: ranges skip it, an exact pin still installs it. */
  yanked: z.optional(z.nullable(yankInfo)),
  /** The version's deprecation message. */
  deprecated: z.optional(z.nullable(z.string())),
};

/** One version of GET /api/registries/:slug/skills/:skillSlug/versions; `total_size` in bytes, timestamps ISO. */
export const versionSummary = z.object({
  version: z.string(),
  changelog: z.nullable(z.string()),
  digest: z.string(),
  is_latest: z.boolean(),
  /** Optional: servers before them did not say. A Postgres bigint may arrive as a decimal string. */
  file_count: z.optional(z.number()),
  total_size: z.optional(z.union([z.number(), z.string()])),
  /** Username of the publisher, null once that account is gone. */
  published_by: z.nullable(z.string()),
  created_at: z.string(),
  ...versionStateFields,
});
/** A version as the version list shows it. */
export type VersionSummary = z.output<typeof versionSummary>;

/** GET /api/registries/:slug/skills/:skillSlug/versions response, newest first. */
export const versionsResponse = z.object({ versions: z.array(versionSummary) });

/** The version of GET /api/registries/:slug/skills/:skillSlug/versions/:version: its content and manifest. */
export const versionDetail = z.object({
  version: z.string(),
  content: z.string(),
  changelog: z.nullable(z.string()),
  digest: z.string(),
  is_latest: z.boolean(),
  published_by: z.nullable(z.string()),
  created_at: z.string(),
  files: z.array(fileEntry),
  ...versionStateFields,
});
/** One version with its manifest. */
export type VersionDetail = z.output<typeof versionDetail>;

/** GET /api/registries/:slug/skills/:skillSlug/versions/:version response. */
export const versionDetailResponse = z.object({ version: versionDetail });
