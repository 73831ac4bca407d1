/** `search_skills`: the API's search (`GET /api/search`), one code path. */
import { z } from "zod";
import { withUser } from "../../_shared/db.ts";
import { listSkillsPage } from "../../_shared/domain/search.ts";
import { compatArg, cursorArg, limitArg, listingText, nextCursor, pageFilters, skillSummary, summaryPage, tagsArg } from "./shapes.ts";
import { defineTool, READ_ONLY } from "./tool.ts";

/** The `search_skills` tool: read-only; VALIDATION_ERROR for a cursor it did not issue. */
export const searchSkillsTool = defineTool({
  name: "search_skills",
  title: "Search skills",
  description:
    "Find skills for a task among every skill the user can read, in all their registries: searches names, tags and " +
    "descriptions, best match first. Describe the task in plain words, e.g. 'make a poster', 'build an MCP server in " +
    "TypeScript', 'fill pdf forms': skills matching more of the words rank higher, word beginnings and small typos still " +
    "match, and filler words are ignored. `\"exact phrase\"` requires a phrase, `-word` excludes a word. Then call " +
    "get_skill with the registry and slug of the best match.",
  input: {
    query: z.string().trim().min(1).max(200).describe("The task in a few plain words, e.g. 'excel charts from a csv'"),
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
  summarize: ({ results, next_cursor }) =>
    listingText(results, next_cursor, "No skill matches; try other or fewer words, or list_skills to see them all."),
});
