/** `search_skills`: the API's full-text search (`GET /api/search`), one code path. */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { listSkillsPage } from "../../_shared/domain/search.ts";
import { compatArg, cursorArg, limitArg, nextCursor, pageFilters, skillSummary, summaryPage, tagsArg } from "./shapes.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** The `search_skills` tool: read-only; VALIDATION_ERROR for a cursor it did not issue. */
export const searchSkillsTool = defineTool({
  name: "search_skills",
  title: "Search skills",
  description:
    "Full-text search (ranked, best match first) over the name, description and tags of every skill the user can read, in all their " +
    "registries. Use it to find a skill for a task (e.g. 'pdf forms', 'postgres migrations'); then call get_skill " +
    "with the registry and slug of the best match.",
  input: {
    query: z.string().trim().min(1).max(200).describe("Words to look for, e.g. 'excel charts'"),
    tags: tagsArg,
    compat: compatArg,
    limit: limitArg,
    cursor: cursorArg,
  },
  output: { results: z.array(skillSummary).describe("Best match first"), next_cursor: nextCursor },
  annotations: READ_ONLY,
  run: async ({ query, ...page }, { claims }) => {
    const filters = pageFilters(query, page);
    const { skills, next_cursor } = summaryPage(await withUser(claims, (tx) => listSkillsPage(tx, null, filters)));
    return { results: skills, next_cursor };
  },
});
