/**
 * `skills/list`: an entry for every readable skill whose SKILL.md conforms,
 * latest versions, over every registry the caller belongs to, one page per
 * request. A page is chosen among all readable skills and then loses the
 * ones that do not conform, so a page may hold fewer entries than skills
 * (even none) and still be followed by more.
 */
import type { SkillsContext } from "./context.ts";
import { skillEntry, type SkillEntry } from "./entries.ts";
import { catalogListingPage } from "./listing.ts";
import { cacheHints, LATEST_TTL_MS, listParams, paramsOf } from "./protocol.ts";

/** The method's name. */
export const SKILLS_LIST = "skills/list";

/**
 * Answers `skills/list`.
 * @throws JsonRpcError -32602 for a cursor not issued to this caller for this listing.
 */
export async function listSkills(params: unknown, context: SkillsContext) {
  const { cursor } = paramsOf(listParams, params);
  const { page, nextCursor } = await catalogListingPage(SKILLS_LIST, cursor, context);
  const skills = page.map((skill) => skillEntry(skill, false)).filter((entry): entry is SkillEntry => entry !== null);
  return { resultType: "complete" as const, skills, ...(nextCursor ? { nextCursor } : {}), ...cacheHints(LATEST_TTL_MS) };
}
