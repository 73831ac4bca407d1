/**
 * The opaque page cursor of skill listings, shared by the API's query strings
 * and the MCP tools' arguments so both page alike: the last row's rank and
 * `registry/slug`, as URL-safe base64 JSON.
 */
import * as z from "zod/mini";
import { ApiError } from "./errors.ts";

/** Where a page ended: the last row's rank (a decimal string, compared exactly) and `registry/slug`. */
export interface PageCursor {
  rank: string;
  key: string;
}

const cursorShape = z.tuple([z.string().check(z.regex(/^\d+(\.\d+)?$/)), z.string().check(z.maxLength(200))]);

/** The opaque cursor for a page that ended at `cursor`. */
export function encodeCursor(cursor: PageCursor): string {
  return btoa(JSON.stringify([cursor.rank, cursor.key])).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * @throws ApiError VALIDATION_ERROR when `value` is not a cursor this API issued.
 */
export function decodeCursor(value: string): PageCursor {
  try {
    const json = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
    const [rank, key] = z.parse(cursorShape, JSON.parse(json));
    return { rank, key };
  } catch {
    throw new ApiError("VALIDATION_ERROR", "cursor is not one this API returned (use next_cursor as given)");
  }
}
