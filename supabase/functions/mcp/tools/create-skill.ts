/** `create_skill`: a new skill with SKILL.md as its first version. */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { skillMdFile } from "../../_shared/domain/folder.ts";
import { createSkill, type CreateAdvice } from "../../_shared/domain/skills.ts";
import { changelogArg, compatArg, contentArg, publishedText, registryArg, skillArg, tagsArg, warningsOutput } from "./shapes.ts";
import { ADDITIVE_WRITE, defineTool } from "./tool.ts";

/** A model that may not create a skill is told its role; one that picked a taken slug, the tool that fits. */
const createAdvice: CreateAdvice = {
  forbidden: (role) => `; your role is ${role}. Ask a registry admin.`,
  conflict: "; use update_skill to publish a new version",
};

/**
 * The `create_skill` tool: FORBIDDEN below contributor, CONFLICT for a taken
 * slug, VALIDATION_ERROR for bad semver or a SKILL.md an agent cannot load.
 * The skill's name and description follow SKILL.md's frontmatter when it has
 * one (`skillIdentity`), so the arguments are optional; `warnings` says what
 * the file should fix.
 */
export const createSkillTool = defineTool({
  name: "create_skill",
  title: "Create a skill",
  description:
    "Create a new skill in a registry from its SKILL.md, published as its first version (1.0.0 unless `version` " +
    "says otherwise). Needs the contributor or admin role in that registry (see list_registries). Fails if the " +
    "slug is taken; to change an existing skill use update_skill. The skill's name and description come from " +
    "SKILL.md's frontmatter when it has one (`name` must equal the slug); without frontmatter, from the " +
    "arguments, else from the `# Title` and the first paragraph. `warnings` lists what the file should fix.",
  input: {
    registry: registryArg,
    slug: skillArg,
    name: z.string().trim().min(1).max(200).optional()
      .describe("Human-readable name, e.g. 'PDF tools'; only used when SKILL.md has no frontmatter `name` (default: its `# Title`)"),
    description: z.string().max(2000).optional()
      .describe("One or two sentences: what the skill does and when to use it; only used when SKILL.md has no frontmatter `description`"),
    content: contentArg,
    tags: tagsArg.describe("Topics, e.g. ['pdf', 'documents']"),
    compat: compatArg.describe("Agents it works with, e.g. ['claude-code', 'codex']"),
    version: z.string().max(100).default("1.0.0").describe("Semver of the first version, e.g. '1.0.0'"),
    changelog: changelogArg,
  },
  output: {
    registry: z.string(),
    slug: z.string(),
    name: z.string(),
    version: z.string(),
    digest: z.string().describe("sha256 over the whole skill folder"),
    warnings: warningsOutput,
  },
  annotations: ADDITIVE_WRITE,
  run: async (args, { claims }) => {
    const created = await withUser(claims, (tx) =>
      createSkill(tx, args.registry, {
        slug: args.slug,
        name: args.name,
        description: args.description,
        tags: args.tags ?? [],
        compat: args.compat ?? [],
        metadata: {},
        version: args.version,
        files: [skillMdFile(args.content)],
        changelog: args.changelog,
        userId: claims.sub,
      }, createAdvice)
    );
    return {
      registry: created.registry.slug,
      slug: created.skill.slug,
      name: created.skill.name,
      version: created.version.version,
      digest: created.version.digest,
      warnings: created.version.warnings,
    };
  },
  summarize: (r) => publishedText(`Created ${r.registry}/${r.slug} (${r.name}), version ${r.version}.`, r.warnings),
});
