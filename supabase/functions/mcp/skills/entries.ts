/**
 * What a skill version looks like to a host: the extension's `Skill` entry
 * (SKILL.md's URI, its frontmatter verbatim, every file with digest and
 * size) and the `Resource` metadata of each file. Pure: catalog rows in,
 * protocol shapes out.
 */
import type { CatalogFile, CatalogSkill } from "../../_shared/domain/skill-catalog.ts";
import { parseSkillMd } from "../../_shared/skill-md.ts";
import { DIRECTORY_MIME_TYPE, mimeTypeOf } from "./mime.ts";
import { skillMdUri, skillPathUri, type SkillAddress } from "./uri.ts";

/** One file of an entry's manifest. */
export interface SkillResource {
  uri: string;
  /** `sha256:<hex>` over the file's bytes. */
  digest: string;
  size: number;
}

/** The extension's entry for one skill, as `skills/list` and `skills/get` return it. */
export interface SkillEntry {
  uri: string;
  frontmatter: { name: string; description: string; [field: string]: unknown };
  resources: SkillResource[];
}

/** A resource as `resources/list` and `resources/directory/read` describe it. */
export interface ResourceInfo {
  uri: string;
  name: string;
  description?: string;
  mimeType: string;
  size?: number;
}

/** Agent Skills' limit on `description`, in characters (code points, as hosts count them). */
const MAX_DESCRIPTION = 1024;

/** The address of `skill`: its exact version when `pinned`, else the moving latest. */
export function addressOf(skill: CatalogSkill, pinned: boolean): SkillAddress {
  return { registry: skill.registry, slug: skill.slug, version: pinned ? skill.version : null };
}

/** True when JSON carries `value` unchanged (no NaN or infinities, which YAML has and JSON lacks). */
function survivesJson(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(survivesJson);
  if (typeof value === "object" && value !== null) return Object.values(value).every(survivesJson);
  return true;
}

/**
 * SKILL.md's frontmatter as the extension requires it, every field as
 * written: a readable block whose `name` is the skill's slug (which keeps
 * Agent Skills' naming rule) and whose `description` is a non-empty string
 * within Agent Skills' 1024 characters. Null for any other SKILL.md: such a
 * skill is served only as ordinary resources, never as a skill entry, since
 * conforming hosts refuse to load it. A frontmatter not closed within the
 * catalog's head of SKILL.md (64 Ki characters) counts as unreadable.
 */
export function conformingFrontmatter(skill: CatalogSkill): SkillEntry["frontmatter"] | null {
  const parsed = parseSkillMd(skill.skillMdHead);
  if ("problems" in parsed || parsed.frontmatter === null) return null;
  const fields = parsed.frontmatter.fields;
  if (fields.name !== skill.slug) return null;
  const description = fields.description;
  if (typeof description !== "string" || description.trim() === "" || [...description].length > MAX_DESCRIPTION) return null;
  if (!survivesJson(fields)) return null;
  return fields as SkillEntry["frontmatter"];
}

/** The entry of `skill` at its latest or pinned address; null when its frontmatter does not conform. */
export function skillEntry(skill: CatalogSkill, pinned: boolean): SkillEntry | null {
  const frontmatter = conformingFrontmatter(skill);
  if (frontmatter === null) return null;
  const address = addressOf(skill, pinned);
  return {
    uri: skillMdUri(address),
    frontmatter,
    resources: skill.files.map((file) => ({ uri: skillPathUri(address, file.path), digest: `sha256:${file.sha256}`, size: file.size })),
  };
}

/**
 * The resource metadata of one file. The root SKILL.md of a conforming
 * skill is named and described by its frontmatter; every other file is
 * named `label` (its path in a flat listing, its base name in a directory).
 */
export function fileResource(
  address: SkillAddress,
  file: CatalogFile,
  frontmatter: SkillEntry["frontmatter"] | null,
  label: string,
): ResourceInfo {
  const base = { uri: skillPathUri(address, file.path), mimeType: mimeTypeOf(file.path), size: file.size };
  if (file.path === "SKILL.md" && frontmatter !== null) return { ...base, name: frontmatter.name, description: frontmatter.description };
  return { ...base, name: label };
}

/** The resource metadata of a directory `path` ("" for the skill's root). */
export function directoryResource(address: SkillAddress, path: string): ResourceInfo {
  return { uri: skillPathUri(address, path), name: path === "" ? address.slug : path.slice(path.lastIndexOf("/") + 1), mimeType: DIRECTORY_MIME_TYPE };
}
