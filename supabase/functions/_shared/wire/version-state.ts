/**
 * Wire shapes of yanking and deprecating:
 * POST /api/registries/:slug/skills/:skillSlug/versions/:version/yank|unyank|deprecate|undeprecate and
 * POST /api/registries/:slug/skills/:skillSlug/deprecate|undeprecate.
 */
import * as z from "zod/mini";

/** POST …/yank body: why, shown to whoever still installs the version by an exact pin. */
export const yankBody = z.object({
  reason: z.string().check(z.trim(), z.minLength(1, "reason must not be empty"), z.maxLength(500, "reason must be at most 500 characters")),
});
/** A yank as a client sends it. */
export type YankBody = z.input<typeof yankBody>;

/** POST …/deprecate body: the message every install and read shows; null or blank removes it. */
export const deprecateBody = z.object({
  message: z.nullable(z.string().check(z.trim(), z.maxLength(1000, "message must be at most 1000 characters"))),
});
/** A deprecation as a client sends it. */
export type DeprecateBody = z.input<typeof deprecateBody>;

/** Why a version was yanked: ranges skip it, an exact pin still installs it with this reason. */
export const yankInfo = z.object({ reason: z.string() });

/** A version's yank and deprecation after a change. */
export const versionState = z.object({
  skill: z.string(),
  version: z.string(),
  is_latest: z.boolean(),
  yanked: z.nullable(yankInfo),
  deprecated: z.nullable(z.string()),
});
/** A version's yank and deprecation. */
export type VersionState = z.output<typeof versionState>;

/** Response of the version yank, unyank, deprecate and undeprecate routes. */
export const versionStateResponse = z.object({ version: versionState });

/** Response of the skill deprecate and undeprecate routes. */
export const skillDeprecationResponse = z.object({
  skill: z.object({ slug: z.string(), deprecated: z.nullable(z.string()) }),
});
