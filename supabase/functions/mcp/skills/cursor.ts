/**
 * The opaque cursors of `skills/list`, `resources/list` and a registry
 * directory's `resources/directory/read`: where a page
 * ended (registry and slug of its last skill), which listing issued it and
 * a tag of the user it was issued to. A cursor from another listing or
 * another user is refused rather than followed, so a page is only ever the
 * continuation of the caller's own listing.
 */
import * as z from "zod/mini";
import { sha256Hex } from "../../_shared/digest.ts";
import type { CatalogPosition } from "../../_shared/domain/skill-catalog.ts";

/** The listings that page with these cursors (a registry directory's is bound to its registry by its position). */
export type CursorListing = "skills/list" | "resources/list" | "resources/directory/read";

const VERSION = 1;
const shape = z.tuple([z.literal(VERSION), z.string(), z.string(), z.string(), z.string()]);

/** A short, stable tag of the user: binds a cursor without spelling out their id. */
function userTag(userId: string): string {
  return sha256Hex(`skills-cursor:${userId}`).slice(0, 16);
}

/** The cursor for the next page of `listing` for `userId`, after `position`. */
export function encodeListCursor(listing: CursorListing, userId: string, position: CatalogPosition): string {
  const json = JSON.stringify([VERSION, listing, userTag(userId), position.registry, position.slug]);
  return btoa(json).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Reads a cursor this server issued for `listing` and `userId`.
 * @returns the position it continues after; null for anything else
 *   (malformed, another listing's, another user's).
 */
export function decodeListCursor(listing: CursorListing, userId: string, cursor: string): CatalogPosition | null {
  try {
    const [, issuedFor, tag, registry, slug] = z.parse(shape, JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))));
    if (issuedFor !== listing || tag !== userTag(userId)) return null;
    return { registry, slug };
  } catch {
    return null;
  }
}
