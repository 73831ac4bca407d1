/**
 * `get_skill` (spec §5.3): a skill's SKILL.md and the list of every file of
 * its folder; with `file`, one of those other files instead (skills are
 * folders: references/, scripts/, assets/).
 */
import { Buffer } from "node:buffer";
import { z } from "zod";
import { withUser, type Tx } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { findSkill } from "../../api/lib/lookup.ts";
import { versionDetail } from "../../api/lib/skill-view.ts";
import { parseVersion } from "../../api/lib/versions.ts";
import { registryArg, skillArg } from "./shapes.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** Largest file handed to a model in one call (bytes); bigger ones are for the CLI. */
export const MAX_READ_BYTES = 1024 * 1024;

/** The bytes of one file of a version, as text when they are UTF-8, else base64. */
async function readFile(tx: Tx, skill: { id: string; slug: string }, version: string, path: string) {
  const [row] = await tx<{ size: number; content: Uint8Array | null }[]>`
    select f.size, case when f.size <= ${MAX_READ_BYTES} then b.content end as content
    from skill_versions v
    join skill_files f on f.version_id = v.id
    join file_blobs b on b.sha256 = f.sha256
    where v.skill_id = ${skill.id} and v.version = ${version} and f.path = ${path}`;
  if (!row) throw new ApiError("NOT_FOUND", `File '${path}' is not in version ${version} of '${skill.slug}'; see the files list of get_skill`);
  if (row.content === null) {
    throw new ApiError("PAYLOAD_TOO_LARGE", `File '${path}' is ${row.size} bytes, over the ${MAX_READ_BYTES}-byte limit for reading through MCP; use the skills CLI`);
  }
  try {
    return { encoding: "utf-8" as const, content: new TextDecoder("utf-8", { fatal: true }).decode(row.content) };
  } catch {
    return { encoding: "base64" as const, content: Buffer.from(row.content).toString("base64") };
  }
}

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
  run: ({ registry, slug, version, file }, { claims }) =>
    withUser(claims, async (tx) => {
      const found = await findSkill(tx, registry, slug);
      const detail = await versionDetail(tx, found.registry, found.skill, version === undefined ? null : parseVersion(version));
      const path = file ?? "SKILL.md";
      const body = path === "SKILL.md"
        ? { encoding: "utf-8" as const, content: detail.content }
        : await readFile(tx, found.skill, detail.version, path);
      return {
        registry: found.registry.slug,
        slug: found.skill.slug,
        name: found.skill.name,
        description: found.skill.description,
        version: detail.version,
        path,
        ...body,
        files: detail.files.map(({ path, size, executable }) => ({ path, size, executable })),
      };
    }),
});

