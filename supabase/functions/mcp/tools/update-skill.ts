/**
 * `update_skill`: publish a new version with a new SKILL.md. The
 * folder's other files are carried over from the latest version unchanged, so
 * editing the instructions of a directory skill never drops its scripts.
 */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { publishSkillMd } from "../../_shared/domain/versions.ts";
import { changelogArg, contentArg, orNull, publishedText, registryArg, skillArg, warningsOutput } from "./shapes.ts";
import { ADDITIVE_WRITE, defineTool } from "./tool.ts";

/**
 * The `update_skill` tool: FORBIDDEN without write access, CONFLICT unless the
 * version is above the latest (or when a newer version than `base_version` exists), VALIDATION_ERROR for a SKILL.md an agent cannot
 * load. A frontmatter `name` or `description` becomes the skill's; `warnings`
 * says what the file should fix.
 */
export const updateSkillTool = defineTool({
  name: "update_skill",
  title: "Publish a new version of a skill",
  description:
    "Publish a new version of an existing skill with an updated SKILL.md. `version` must be valid semver and " +
    "greater than the latest version (get_skill shows it); bump the patch for fixes, the minor for additions. " +
    "Other files of the skill's folder are kept as they are. Needs write access: a registry admin, or a " +
    "contributor who created or maintains the skill. SKILL.md's frontmatter `name` and `description`, when it " +
    "has them, become the skill's (`name` must equal the slug). `warnings` lists what the file should fix. " +
    "Pass `base_version`, the version your SKILL.md was edited from, to be refused rather than replace a newer " +
    "version someone else published meanwhile.",
  input: {
    registry: registryArg,
    slug: skillArg,
    content: contentArg,
    version: z.string().max(100).describe("New semver version, greater than the latest, e.g. '1.2.1'"),
    changelog: changelogArg,
    base_version: z
      .string()
      .max(100)
      .optional()
      .describe("The version this SKILL.md was edited from; refused with CONFLICT when the latest is newer"),
  },
  output: {
    registry: z.string(),
    slug: z.string(),
    version: z.string(),
    previous_version: orNull(z.string(), "The latest version before this one; null if there was none"),
    digest: z.string().describe("sha256 over the whole skill folder"),
    files_kept: z.number().int().describe("Files other than SKILL.md carried over from the previous version"),
    warnings: warningsOutput,
  },
  annotations: ADDITIVE_WRITE,
  run: async (args, { claims }) => {
    const published = await withUser(claims, (tx) =>
      publishSkillMd(tx, args.registry, args.slug, {
        userId: claims.sub,
        content: args.content,
        version: args.version,
        changelog: args.changelog,
        baseVersion: args.base_version,
      })
    );
    return {
      registry: published.registry.slug,
      slug: published.skill.slug,
      version: published.version.version,
      previous_version: published.previous,
      digest: published.version.digest,
      files_kept: published.filesKept,
      warnings: published.version.warnings,
    };
  },
  summarize: (r) =>
    publishedText(
      `Published ${r.registry}/${r.slug} version ${r.version}${r.previous_version === null ? "" : ` (was ${r.previous_version})`}; ` +
        `${r.files_kept} other file${r.files_kept === 1 ? "" : "s"} kept.`,
      r.warnings,
    ),
});
