/**
 * The ordinary Resources surface over the same catalog, for clients that do
 * not know the extension (resource browsers, the Inspector): `resources/list`
 * names every file of every readable skill's latest version, conforming or
 * not, paged by skill as `skills/list` is; `resources/templates/list` gives
 * the two URI forms, latest and pinned, so any file can be addressed.
 */
import type { SkillsContext } from "./context.ts";
import { addressOf, conformingFrontmatter, fileResource } from "./entries.ts";
import { catalogListingPage } from "./listing.ts";
import { cacheHints, LATEST_TTL_MS, listParams, paramsOf, PINNED_TTL_MS } from "./protocol.ts";

/**
 * Answers `resources/list`.
 * @throws JsonRpcError -32602 for a cursor not issued to this caller for this listing.
 */
export async function listResources(params: unknown, context: SkillsContext) {
  const { cursor } = paramsOf(listParams, params);
  const { page, nextCursor } = await catalogListingPage("resources/list", cursor, context);
  const resources = page.flatMap((skill) => {
    const address = addressOf(skill, false);
    const frontmatter = conformingFrontmatter(skill);
    return skill.files.map((file) => fileResource(address, file, frontmatter, `${skill.registry}/${skill.slug}/${file.path}`));
  });
  return { resultType: "complete" as const, resources, ...(nextCursor ? { nextCursor } : {}), ...cacheHints(LATEST_TTL_MS) };
}

/** The URI templates of skill files: the same for every caller, and fixed. */
export const RESOURCE_TEMPLATES = [
  {
    uriTemplate: "skill://{registry}/{slug}/{+path}",
    name: "skill-file",
    title: "A file of a skill (latest version)",
    description: "A file of the latest version of a skill: path SKILL.md for its instructions, or a path SKILL.md mentions (references/…, scripts/…).",
  },
  {
    uriTemplate: "skill://{registry}/{version}/{slug}/{+path}",
    name: "pinned-skill-file",
    title: "A file of a skill (exact version)",
    description: "A file of one published version of a skill, e.g. skill://acme/1.2.0/refunds/SKILL.md: never changes once published.",
  },
];

/** Answers `resources/templates/list`. */
export function listResourceTemplates() {
  return { resultType: "complete" as const, resourceTemplates: RESOURCE_TEMPLATES, ...cacheHints(PINNED_TTL_MS) };
}
