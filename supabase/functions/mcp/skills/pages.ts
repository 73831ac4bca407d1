/**
 * How many skills one listing page holds: a fixed number of skills, and no
 * more files than a response should carry, though always at least one
 * skill, whose files are never split across pages. Pure.
 */
import type { CatalogSkill } from "../../_shared/domain/skill-catalog.ts";

/** Skills per page of `skills/list` and `resources/list`. */
export const PAGE_SKILLS = 25;

/** Files per page beyond which a page ends early (a skill may hold up to 512). */
export const PAGE_FILES = 2048;

/**
 * The page to answer from `rows` (fetched with one row more than a page, so
 * that a further row tells there is more).
 * @returns the skills of this page, and whether any come after them.
 */
export function cutPage(rows: readonly CatalogSkill[]): { page: CatalogSkill[]; more: boolean } {
  const page: CatalogSkill[] = [];
  let files = 0;
  for (const row of rows) {
    if (page.length === PAGE_SKILLS) break;
    if (page.length > 0 && files + row.files.length > PAGE_FILES) break;
    page.push(row);
    files += row.files.length;
  }
  return { page, more: page.length < rows.length };
}
