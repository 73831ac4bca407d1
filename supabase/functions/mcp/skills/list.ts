/**
 * `skills/list`: an entry for every readable skill whose SKILL.md conforms,
 * latest versions, over every registry the caller belongs to, one page per
 * request. A page is chosen among all readable skills and then loses the
 * ones that do not conform, so a page may hold fewer entries than skills
 * (even none) and still be followed by more.
 */
import { withUser } from "../../_shared/db.ts";
import { catalogPage, type CatalogPosition, type CatalogSkill } from "../../_shared/domain/skill-catalog.ts";
import type { SkillsContext } from "./context.ts";
import { decodeListCursor, encodeListCursor, type CursorListing } from "./cursor.ts";
import { skillEntry, type SkillEntry } from "./entries.ts";
import { cutPage, PAGE_SKILLS } from "./pages.ts";
import { badCursor, cacheHints, LATEST_TTL_MS, listParams, paramsOf } from "./protocol.ts";

/** The method's name. */
export const SKILLS_LIST = "skills/list";

/**
 * One page of the caller's catalog for `listing`, after the position its cursor names.
 * @throws JsonRpcError -32602 for a cursor not issued to this caller for this listing.
 */
export async function catalogListingPage(
  listing: CursorListing,
  params: unknown,
  { claims }: SkillsContext,
): Promise<{ page: CatalogSkill[]; nextCursor?: string }> {
  const { cursor } = paramsOf(listParams, params);
  let after: CatalogPosition | null = null;
  if (cursor !== undefined) {
    after = decodeListCursor(listing, claims.sub, cursor);
    if (after === null) throw badCursor();
  }
  const rows = await withUser(claims, (tx) => catalogPage(tx, { after, limit: PAGE_SKILLS + 1 }));
  const { page, more } = cutPage(rows);
  const last = page.at(-1);
  return more && last ? { page, nextCursor: encodeListCursor(listing, claims.sub, last) } : { page };
}

/** Answers `skills/list`. */
export async function listSkills(params: unknown, context: SkillsContext) {
  const { page, nextCursor } = await catalogListingPage(SKILLS_LIST, params, context);
  const skills = page.map((skill) => skillEntry(skill, false)).filter((entry): entry is SkillEntry => entry !== null);
  return { resultType: "complete" as const, skills, ...(nextCursor ? { nextCursor } : {}), ...cacheHints(LATEST_TTL_MS) };
}
