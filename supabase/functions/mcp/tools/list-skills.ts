/** `list_skills` (spec §5.3): skills the caller can read, optionally one registry's. */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { findRegistry } from "../../api/lib/lookup.ts";
import { compatArg, cursorArg, limitArg, nextCursor, registryArg, skillPage, skillSummary, tagsArg } from "./shapes.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** The `list_skills` tool: read-only; NOT_FOUND for a registry the caller cannot read. */
export const listSkillsTool = defineTool({
  name: "list_skills",
  title: "List skills",
  description:
    "List the skills (reusable SKILL.md instructions for agents) the user can read, across all their registries " +
    "or in one registry. Returns each skill's registry, slug, name, description, latest version, tags and compat. " +
    "Use search_skills instead when looking for a topic; use get_skill to read one.",
  input: { registry: registryArg.optional(), tags: tagsArg, compat: compatArg, limit: limitArg, cursor: cursorArg },
  output: { skills: z.array(skillSummary), next_cursor: nextCursor },
  annotations: READ_ONLY,
  run: ({ registry, ...page }, { claims }) =>
    withUser(claims, async (tx) => {
      const registryId = registry ? (await findRegistry(tx, registry)).id : null;
      return skillPage(tx, registryId, { search: null, ...page });
    }),
});
