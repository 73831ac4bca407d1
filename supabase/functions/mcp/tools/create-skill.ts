/** `create_skill` (spec §5.3): a new skill with SKILL.md as its first version. */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { findRegistry } from "../../api/lib/lookup.ts";
import { publishVersion } from "../../api/lib/versions.ts";
import { changelogArg, compatArg, contentArg, registryArg, skillArg, skillMdUpload, tagsArg } from "./shapes.ts";
import { ADDITIVE_WRITE, defineTool } from "./tool.ts";

/** The `create_skill` tool: FORBIDDEN below contributor, CONFLICT for a taken slug, VALIDATION_ERROR for bad semver. */
export const createSkillTool = defineTool({
  name: "create_skill",
  title: "Create a skill",
  description:
    "Create a new skill in a registry from its SKILL.md, published as its first version (1.0.0 unless `version` " +
    "says otherwise). Needs the contributor or admin role in that registry (see list_registries). Fails if the " +
    "slug is taken; to change an existing skill use update_skill.",
  input: {
    registry: registryArg,
    slug: skillArg,
    name: z.string().trim().min(1).max(200).describe("Human-readable name, e.g. 'PDF tools'"),
    description: z.string().max(2000).optional().describe("One or two sentences: what the skill does and when to use it"),
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
  },
  annotations: ADDITIVE_WRITE,
  run: (args, { claims }) =>
    withUser(claims, async (tx) => {
      const registry = await findRegistry(tx, args.registry);
      if (registry.role !== "contributor" && registry.role !== "admin") {
        throw new ApiError("FORBIDDEN", `Only contributors and admins can create skills in '${registry.slug}'; your role is ${registry.role}. Ask a registry admin.`);
      }
      const [existing] = await tx`select 1 from skills where registry_id = ${registry.id} and slug = ${args.slug}`;
      if (existing) {
        throw new ApiError("CONFLICT", `A skill named '${args.slug}' already exists in registry '${registry.slug}'; use update_skill to publish a new version`);
      }
      const [skill] = await tx<{ id: string }[]>`
        insert into skills (registry_id, slug, name, description, tags, compat, created_by)
        values (${registry.id}, ${args.slug}, ${args.name}, ${args.description ?? null}, ${args.tags ?? []}, ${args.compat ?? []}, ${claims.sub})
        returning id`;
      const version = await publishVersion(tx, {
        skillId: skill!.id,
        userId: claims.sub,
        version: args.version,
        files: [skillMdUpload(args.content)],
        changelog: args.changelog,
      });
      return { registry: registry.slug, slug: args.slug, name: args.name, version: version.version, digest: version.digest };
    }),
});
