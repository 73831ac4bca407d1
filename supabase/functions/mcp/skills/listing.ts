/**
 * One page of the caller's catalog as the paged methods (`skills/list`,
 * `resources/list`, a registry directory's read) share it: the cursor
 * checked against the caller, the listing and the registry, one query, and
 * the cursor for the page after.
 */
import { withUser } from "../../_shared/db.ts";
import { catalogPage, type CatalogPosition, type CatalogSkill } from "../../_shared/domain/skill-catalog.ts";
import type { SkillsContext } from "./context.ts";
import { decodeListCursor, encodeListCursor, type CursorListing } from "./cursor.ts";
import { cutPage, PAGE_SKILLS } from "./pages.ts";
import { badCursor } from "./protocol.ts";

/**
 * The page of `listing` after the position `cursor` names (from the start
 * when undefined), over every readable registry or only `registry`.
 * @returns the page's skills, and `nextCursor` when more follow.
 * @throws JsonRpcError -32602 for a cursor not issued to this caller for this listing (and registry).
 */
export async function catalogListingPage(
  listing: CursorListing,
  cursor: string | undefined,
  { claims }: SkillsContext,
  registry: string | null = null,
): Promise<{ page: CatalogSkill[]; nextCursor?: string }> {
  let after: CatalogPosition | null = null;
  if (cursor !== undefined) {
    after = decodeListCursor(listing, claims.sub, cursor);
    if (after === null || (registry !== null && after.registry !== registry)) throw badCursor();
  }
  const rows = await withUser(claims, (tx) => catalogPage(tx, { after, limit: PAGE_SKILLS + 1, registry }));
  const { page, more } = cutPage(rows);
  const last = page.at(-1);
  return more && last ? { page, nextCursor: encodeListCursor(listing, claims.sub, last) } : { page };
}
