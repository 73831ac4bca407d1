/**
 * Zod shapes shared by several tools' inputs and outputs, so that a skill or a
 * filter means the same thing in every tool.
 */
import { z } from "zod";
import * as wire from "zod/mini";
import { decodeCursor, encodeCursor } from "../../_shared/cursor.ts";
import type { SkillFilters, SkillPage } from "../../_shared/domain/search.ts";
import { MAX_PAGE, registrySlug, skillSlug } from "../../_shared/wire/index.ts";

/** `registry` argument: the slug of a registry (a username or an organization). */
// The API's own slug schemas (zod/mini, which has no .describe: the description is a check).
export const registryArg = registrySlug.check(wire.describe("Registry slug, e.g. the user's username or an organization slug (see list_registries)"));

/** `slug` argument: a skill's slug inside its registry. */
export const skillArg = skillSlug.check(wire.describe("Skill slug, e.g. 'pdf-tools' (see list_skills or search_skills)"));

/** Optional tag / compatibility filters (any overlap matches). */
export const tagsArg = z.array(z.string().min(1).max(50)).max(30).optional()
  .describe("Only skills having at least one of these tags");
export const compatArg = z.array(z.string().min(1).max(50)).max(30).optional()
  .describe("Only skills compatible with at least one of these agents, e.g. 'claude-code'");

/**
 * A value or null, in the JSON Schema form clients accept:
 * `anyOf: [<schema>, {"type": "null"}]`. zod's own `.nullable()` of a plain
 * type becomes `type: [<type>, "null"]`, which the MCP Inspector 2.x warns
 * about; zod keeps a branch that carries a description apart, so the
 * description is set on the branch as well as on the whole.
 */
export function orNull<T extends z.ZodType>(schema: T, description: string) {
  return z.union([schema.describe(description), z.null()]).describe(description);
}

/** A skill as lists and searches show it. */
export const skillSummary = z.object({
  registry: z.string(),
  slug: z.string(),
  name: z.string(),
  description: orNull(z.string(), "What the skill does and when to use it; null if none"),
  version: orNull(z.string(), "Latest version, null if none published"),
  tags: z.array(z.string()),
  compat: z.array(z.string()),
});
export type SkillSummary = z.infer<typeof skillSummary>;

/** Keeps only the summary fields of a listing row (drops dates and internal columns). */
export function toSummary(row: SkillSummary): SkillSummary {
  const { registry, slug, name, description, version, tags, compat } = row;
  return { registry, slug, name, description, version, tags, compat };
}

/** Longest SKILL.md accepted from a model, in characters (a SKILL.md is a few KB; the HTTP body limit is 4 MiB). */
export const MAX_CONTENT_CHARS = 1_000_000;

/** `content` argument: a whole SKILL.md. */
export const contentArg = z.string().min(1).max(MAX_CONTENT_CHARS)
  .describe(
    "The complete SKILL.md markdown: best with YAML frontmatter (`name`: the slug, `description`) before a `# Title`; " +
      "plain markdown starting with `# Title` is accepted with a warning",
  );

/** The `warnings` of a publishing tool's result: said once, none stopped the publish. */
export const warningsOutput = z.array(z.string())
  .describe("What SKILL.md should fix; none of it stopped the publish (e.g. no frontmatter: agents that require it will not load the skill)");

/** What a publishing tool's text says: what it did, then each warning on a line of its own. */
export function publishedText(done: string, warnings: string[]): string {
  return warnings.length === 0 ? done : [done, "SKILL.md should fix:", ...warnings.map((w) => `- ${w}`)].join("\n");
}

/** `changelog` argument. */
export const changelogArg = z.string().max(10_000).optional().describe("What changed, in a sentence or two");

/** Paging arguments of the listing tools (the API's cursors, so both page alike). */
export const limitArg = z.number().int().min(1).max(MAX_PAGE).optional()
  .describe(`How many skills to return (1-${MAX_PAGE}, default ${MAX_PAGE})`);
export const cursorArg = z.string().max(500).optional()
  .describe("The `next_cursor` of the previous call, to get the next page");
export const nextCursor = orNull(z.string(), "Pass as `cursor` to get more; null when there are no more");

/**
 * The listing filters of a tool call: the API's listing (the same indexed
 * full-text search, RLS and cursors), so both page alike.
 * @throws ApiError VALIDATION_ERROR for a cursor the API did not issue.
 */
export function pageFilters(
  search: string | null,
  args: { tags?: string[]; compat?: string[]; limit?: number; cursor?: string },
): SkillFilters {
  return {
    search,
    tags: args.tags ?? null,
    compat: args.compat ?? null,
    limit: args.limit,
    cursor: args.cursor === undefined ? null : decodeCursor(args.cursor),
  };
}

/** Longest description a listing's text shows; the structured result has it whole. */
const SUMMARY_DESCRIPTION_CHARS = 200;

/**
 * A listing as a model reads it: one line per skill (`registry/slug@version:
 * name: description`, the description cut short) and how to get the next
 * page, or `none` when the page is empty.
 */
export function listingText(skills: SkillSummary[], next_cursor: string | null, none: string): string {
  if (skills.length === 0) return none;
  const lines = skills.map((s) => {
    const description = s.description === null ? "" : s.description.replace(/\s+/g, " ").trim();
    const short = description.length > SUMMARY_DESCRIPTION_CHARS ? `${description.slice(0, SUMMARY_DESCRIPTION_CHARS - 1)}…` : description;
    return `- ${s.registry}/${s.slug}${s.version === null ? " (unpublished)" : `@${s.version}`}: ${s.name}${short ? `: ${short}` : ""}`;
  });
  if (next_cursor !== null) lines.push(`More results: call again with cursor "${next_cursor}".`);
  return lines.join("\n");
}

/** A listing page as summaries plus the cursor of the next page. */
export function summaryPage(page: SkillPage): { skills: SkillSummary[]; next_cursor: string | null } {
  return { skills: page.rows.map(toSummary), next_cursor: page.nextCursor && encodeCursor(page.nextCursor) };
}
