/**
 * Every wire shape of the `api` function, by resource (see `common.ts` for
 * why they live here); import from here or from the resource's file.
 */
export * from "./common.ts";
export * from "./audit.ts";
export * from "./auth.ts";
export * from "./blobs.ts";
export * from "./errors.ts";
export * from "./health.ts";
export * from "./invitations.ts";
export * from "./issues.ts";
export * from "./listing.ts";
export * from "./maintainers.ts";
export * from "./members.ts";
export * from "./registries.ts";
export * from "./reviews.ts";
export * from "./roles.ts";
export * from "./search.ts";
export * from "./skills.ts";
export * from "./slugs.ts";
export * from "./sync.ts";
export * from "./sync-request.ts";
export * from "./tokens.ts";
export * from "./version-state.ts";
export * from "./versions.ts";
