/**
 * The `skill://` addresses of the skills we serve. A skill's latest version
 * is `skill://<registry>/<slug>/…`; an exact version puts the version in a
 * prefix segment, `skill://<registry>/<version>/<slug>/…`, so the segment
 * before a file path is always the skill's name. A version always holds a
 * dot and a slug never does, which keeps the two forms apart. File paths are
 * percent-encoded segment by segment.
 */
import semver from "semver";
import { isStorableText } from "../../_shared/text.ts";

/** Which skill, and which of its versions (null: the latest). */
export interface SkillAddress {
  registry: string;
  slug: string;
  version: string | null;
}

/** A place inside a skill: a file or directory path, "" for the skill's root directory. */
export interface SkillLocation {
  skill: SkillAddress;
  path: string;
}

const SCHEME = "skill://";
const REGISTRY_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SKILL_SLUG = REGISTRY_SLUG;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The URI of a skill's root directory, e.g. `skill://acme/1.2.0/refunds`. */
export function skillRootUri(skill: SkillAddress): string {
  return `${SCHEME}${skill.registry}/${skill.version === null ? "" : `${skill.version}/`}${skill.slug}`;
}

/** The URI of a file or directory `path` of a skill ("" names the root). */
export function skillPathUri(skill: SkillAddress, path: string): string {
  return path === "" ? skillRootUri(skill) : `${skillRootUri(skill)}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** The URI of a skill's SKILL.md: what `skills/list` and `skills/get` name a skill by. */
export function skillMdUri(skill: SkillAddress): string {
  return skillPathUri(skill, "SKILL.md");
}

/** The URI of a registry's directory, whose children are its skills' root directories. */
export function registryUri(registry: string): string {
  return `${SCHEME}${registry}`;
}

/** The registry a registry directory's URI (`skill://<registry>`) names; null for any other URI. */
export function parseRegistryUri(uri: string): string | null {
  if (uri.slice(0, SCHEME.length).toLowerCase() !== SCHEME) return null;
  const registry = uri.slice(SCHEME.length);
  return REGISTRY_SLUG.test(registry) ? registry : null;
}

/**
 * Reads a `skill://` URI as a place in a skill.
 * @returns null for anything that is not one of our addresses: another
 *   scheme, a query or fragment, a registry or slug that cannot exist, an
 *   empty, `.` or `..` segment, a trailing slash, bad percent-encoding, or
 *   text no stored path can hold.
 */
export function parseSkillUri(uri: string): SkillLocation | null {
  if (uri.slice(0, SCHEME.length).toLowerCase() !== SCHEME) return null;
  const rest = uri.slice(SCHEME.length);
  if (/[?#]/.test(rest)) return null;
  const segments = rest.split("/");
  const registry = segments.shift()!;
  if (!REGISTRY_SLUG.test(registry)) return null;
  let version: string | null = null;
  if (segments[0]?.includes(".")) {
    version = segments.shift()!;
    if (semver.valid(version) !== version) return null;
  }
  const slug = segments.shift();
  if (slug === undefined || !SKILL_SLUG.test(slug)) return null;
  const path: string[] = [];
  for (const segment of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded === "" || decoded === "." || decoded === ".." || decoded.includes("/") || CONTROL.test(decoded) || !isStorableText(decoded)) {
      return null;
    }
    path.push(decoded);
  }
  return { skill: { registry, slug, version }, path: path.join("/") };
}
