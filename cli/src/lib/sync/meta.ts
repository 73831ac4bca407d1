/**
 * Which `meta.yaml` an installed skill folder should hold, decided without
 * the yaml library: the fields of a resolution (`metaOf`) and a short key of
 * them (`metaKey`) that the local state records beside the file's stat, so a
 * warm sync knows the file is current from one lstat, and rewrites it when it
 * is missing, edited or describes other metadata (tags and compat change
 * without a new version).
 */
import type { MetaYaml } from "../project/meta-yaml.ts";
import type { FileEntry } from "../../../../supabase/functions/_shared/wire/common.ts";
import type { ResolvedSkill } from "../../../../supabase/functions/_shared/wire/sync.ts";

/** The hex sha256 of SKILL.md in a manifest, if it lists one. */
export function skillMdOf(files: readonly Pick<FileEntry, "path" | "sha256">[]): string | undefined {
  return files.find((f) => f.path === "SKILL.md")?.sha256;
}

/** The `meta.yaml` fields of a resolution; null when it has no SKILL.md (nothing to describe). */
export function metaOf(skill: Pick<ResolvedSkill, "registry" | "version" | "tags" | "compat" | "digest" | "files">): MetaYaml | null {
  const sha256 = skillMdOf(skill.files);
  if (sha256 === undefined) return null;
  return { registry: skill.registry, version: skill.version, tags: skill.tags, compat: skill.compat, sha256, digest: skill.digest };
}

/**
 * The state's key of the `meta.yaml` a resolution gets: every field it varies by (SKILL.md's
 * hash follows from the digest), after the file's format version.
 */
export function metaKey(skill: Pick<ResolvedSkill, "registry" | "version" | "tags" | "compat" | "digest">): string {
  return JSON.stringify([1, skill.registry, skill.version, skill.digest, skill.tags, skill.compat]);
}
