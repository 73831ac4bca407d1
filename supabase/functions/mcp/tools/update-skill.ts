/**
 * `update_skill` (spec §5.3): publish a new version with a new SKILL.md. The
 * folder's other files are carried over from the latest version unchanged, so
 * editing the instructions of a directory skill never drops its scripts.
 */
import { z } from "zod";
import { withUser, type Tx } from "../../_shared/db.ts";
import type { FileReference } from "../../_shared/types.ts";
import { assertCanWrite, findSkill } from "../../api/lib/lookup.ts";
import { publishVersion } from "../../api/lib/versions.ts";
import { changelogArg, contentArg, registryArg, skillArg, skillMdUpload } from "./shapes.ts";
import { ADDITIVE_WRITE, defineTool } from "./tool.ts";

/**
 * Every file of the latest version except SKILL.md, named by sha256 and size:
 * the bytes stay in the database (a version may hold 16 MiB), readable to the
 * publisher through that version.
 */
async function otherFiles(tx: Tx, skillId: string): Promise<{ previous: string | null; files: FileReference[] }> {
  const rows = await tx<{ version: string; path: string | null; sha256: string | null; size: number | null; executable: boolean | null }[]>`
    select v.version, f.path, f.sha256, f.size, f.executable
    from skill_versions v
    left join skill_files f on f.version_id = v.id and f.path <> 'SKILL.md'
    where v.skill_id = ${skillId} and v.is_latest`;
  const files = rows.filter((r) => r.path !== null).map((r) => ({
    path: r.path!,
    sha256: r.sha256!,
    size: r.size!,
    executable: r.executable!,
  }));
  return { previous: rows[0]?.version ?? null, files };
}

/** The `update_skill` tool: FORBIDDEN without write access, CONFLICT unless the version is above the latest. */
export const updateSkillTool = defineTool({
  name: "update_skill",
  title: "Publish a new version of a skill",
  description:
    "Publish a new version of an existing skill with an updated SKILL.md. `version` must be valid semver and " +
    "greater than the latest version (get_skill shows it); bump the patch for fixes, the minor for additions. " +
    "Other files of the skill's folder are kept as they are. Needs write access: a registry admin, or a " +
    "contributor who created or maintains the skill.",
  input: {
    registry: registryArg,
    slug: skillArg,
    content: contentArg,
    version: z.string().max(100).describe("New semver version, greater than the latest, e.g. '1.2.1'"),
    changelog: changelogArg,
  },
  output: {
    registry: z.string(),
    slug: z.string(),
    version: z.string(),
    previous_version: z.string().nullable(),
    digest: z.string().describe("sha256 over the whole skill folder"),
    files_kept: z.number().int().describe("Files other than SKILL.md carried over from the previous version"),
  },
  annotations: ADDITIVE_WRITE,
  run: (args, { claims }) =>
    withUser(claims, async (tx) => {
      const { registry, skill } = await findSkill(tx, args.registry, args.slug);
      await assertCanWrite(tx, registry.slug, skill);
      const { previous, files } = await otherFiles(tx, skill.id);
      const version = await publishVersion(tx, {
        skillId: skill.id,
        userId: claims.sub,
        version: args.version,
        files: [skillMdUpload(args.content), ...files],
        changelog: args.changelog,
      });
      return {
        registry: registry.slug,
        slug: skill.slug,
        version: version.version,
        previous_version: previous,
        digest: version.digest,
        files_kept: files.length,
      };
    }),
});
