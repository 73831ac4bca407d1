/**
 * Wire shapes of reviewing versions in a registry that requires approval:
 * GET /api/registries/:slug/reviews (what waits), and
 * POST /api/registries/:slug/skills/:skillSlug/versions/:version/approve|reject.
 */
import * as z from "zod/mini";
import { nextCursor } from "./listing.ts";

/** A version's review state: `pending` waits for an admin, `rejected` stays visible to its publisher with the note. */
export const reviewStatus = z.enum(["approved", "pending", "rejected"]);
/** A version's review state. */
export type ReviewStatus = z.output<typeof reviewStatus>;

/**
 * What a publish says about review, on every publish answer: `status` `pending` when the registry requires
 * approval and the publisher is not an admin (then `reviewers` are the admins' usernames). Optional: servers
 * before reviews did not say.
 */
export function publishReviewFields() {
  return {
    status: z.optional(reviewStatus),
    reviewers: z.optional(z.array(z.string())),
  };
}

/** POST …/versions/:version/approve and …/reject body: an optional note for the publisher. */
export const reviewBody = z.object({
  note: z.optional(z.nullable(z.string().check(z.maxLength(2000, "note must be at most 2000 characters")))),
});
/** A review decision as a client sends it. */
export type ReviewBody = z.input<typeof reviewBody>;

/** One version waiting for review, with the approved latest version it would follow (null for a new skill). */
export const pendingReview = z.object({
  skill: z.string(),
  name: z.string(),
  version: z.string(),
  changelog: z.nullable(z.string()),
  digest: z.string(),
  file_count: z.number(),
  total_size: z.union([z.number(), z.string()]),
  /** Username of the publisher, null once that account is gone. */
  published_by: z.nullable(z.string()),
  created_at: z.string(),
  /** The skill's latest approved version, what a diff compares against; null when it has none. */
  latest_version: z.nullable(z.string()),
});
/** A version waiting for review. */
export type PendingReview = z.output<typeof pendingReview>;

/**
 * GET /api/registries/:slug/reviews response: the pending versions the caller may see (an admin: all of the
 * registry's; a publisher or maintainer: theirs), oldest first, one page at a time; `reviewers` are the
 * registry's admins, who decide.
 */
export const reviewsResponse = z.object({
  reviews: z.array(pendingReview),
  reviewers: z.array(z.string()),
  next_cursor: nextCursor,
});

/** The version as a review left it. */
export const reviewedVersion = z.object({
  skill: z.string(),
  version: z.string(),
  status: reviewStatus,
  review_note: z.nullable(z.string()),
  reviewed_by: z.nullable(z.string()),
  reviewed_at: z.nullable(z.string()),
  /** True when approving made it the latest version (it was above the latest approved one). */
  is_latest: z.boolean(),
});
/** A version after its review. */
export type ReviewedVersion = z.output<typeof reviewedVersion>;

/** POST …/approve and …/reject response. */
export const reviewResponse = z.object({ version: reviewedVersion });
