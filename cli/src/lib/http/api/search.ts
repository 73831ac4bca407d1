/** GET /search. */
import type { ApiClient } from "../client.ts";
import type { ListingQuery } from "../../../../../supabase/functions/_shared/wire/listing.ts";
import { searchResponse } from "../../../../../supabase/functions/_shared/wire/search.ts";

/** GET /search, every page: skills matching a query, best first, optionally filtered by comma-separated tags and compat. */
export async function searchSkills(client: ApiClient, q: string, filters: { tags?: string | undefined; compat?: string | undefined } = {}) {
  const query: ListingQuery = { q };
  if (filters.tags) query.tags = filters.tags;
  if (filters.compat) query.compat = filters.compat;
  return client.allPages("/search", query, searchResponse, (page) => page.results);
}
