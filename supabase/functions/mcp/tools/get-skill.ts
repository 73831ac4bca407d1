/**
 * `get_skill`: a skill's SKILL.md and the list of every file of
 * its folder; with `file`, one of those other files instead (skills are
 * folders: references/, scripts/, assets/).
 */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { readSkillFile } from "../../_shared/domain/skills.ts";
import { registryArg, skillArg } from "./shapes.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** The `get_skill` tool: read-only; NOT_FOUND for a skill, version or file the caller cannot see. */
export const getSkillTool = defineTool({
  name: "get_skill",
  title: "Get a skill",
  description:
    "Read a skill: returns its SKILL.md (the instructions to follow) and the list of every file in the skill's " +
    "folder. SKILL.md often points to other files (references/…, scripts/…); read one by calling get_skill again " +
    "with `file` set to its path. Defaults to the latest version.",
  input: {
    registry: registryArg,
    slug: skillArg,
    version: z.string().max(100).optional().describe("A published version such as '1.2.0'; defaults to the latest"),
    file: z.string().min(1).max(512).optional()
      .describe("Path of a file in the skill's folder to read instead of SKILL.md, e.g. 'references/forms.md'"),
  },
  output: {
    registry: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    version: z.string(),
    path: z.string().describe("The file returned in `content`"),
    encoding: z.enum(["utf-8", "base64"]).describe("base64 for binary files"),
    content: z.string(),
    files: z.array(z.object({ path: z.string(), size: z.number().int(), executable: z.boolean() }))
      .describe("Every file of the folder (sizes in bytes)"),
  },
  annotations: READ_ONLY,
  run: async ({ registry, slug, version, file }, { claims }) => {
    const path = file ?? "SKILL.md";
    const read = await withUser(claims, (tx) => readSkillFile(tx, registry, slug, version ?? null, path));
    return {
      registry: read.registry.slug,
      slug: read.skill.slug,
      name: read.skill.name,
      description: read.skill.description,
      version: read.detail.version,
      path,
      ...read.file,
      files: read.detail.files.map(({ path, size, executable }) => ({ path, size, executable })),
    };
  },
});
