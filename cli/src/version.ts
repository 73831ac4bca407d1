/**
 * The CLI's version: `build.mjs` defines `__SKILLS_VERSION__` from package.json;
 * unbundled (tests) it is a dev marker.
 */
declare const __SKILLS_VERSION__: string | undefined;

/** This CLI's semver version. */
export const VERSION: string = typeof __SKILLS_VERSION__ === "string" ? __SKILLS_VERSION__ : "0.0.0-dev";
