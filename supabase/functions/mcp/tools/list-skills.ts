/** `list_skills`: skills the caller can read, optionally one registry's. */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { listSkillsPage } from "../../_shared/domain/search.ts";
import { compatArg, cursorArg, limitArg, listingText, nextCursor, pageFilters, registryArg, skillSummary, summaryPage, tagsArg } from "./shapes.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** The `list_skills` tool: read-only; NOT_FOUND for a registry the caller cannot read. */
export const listSkillsTool = defineTool({
  name: "list_skills",
  title: "List skills",
  description:
    "List the skills (reusable SKILL.md instructions for agents) the user can read, across all their registries " +
    "or in one registry. Returns each skill's registry, slug, name, description, latest version, tags and compat. " +
    "Use search_skills instead when looking for a topic; use get_skill to read one.",
  input: { registry: z.optional(registryArg), tags: tagsArg, compat: compatArg, limit: limitArg, cursor: cursorArg },
  output: { skills: z.array(skillSummary), next_cursor: nextCursor },
  annotations: READ_ONLY,
  run: async ({ registry, ...page }, { claims }) => {
    const filters = pageFilters(null, page);
    return summaryPage(await withUser(claims, (tx) => listSkillsPage(tx, registry ?? null, filters)));
  },
  summarize: ({ skills, next_cursor }) => listingText(skills, next_cursor, "No skills here yet."),
});
