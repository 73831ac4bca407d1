/**
 * A registry's audit trail, newest first, for its admins. Triggers write it
 * (20261203002100_audit_trail.sql); RLS shows it to admins only, so the
 * check here only turns an empty answer into a 403 that says why.
 */
import type { PageCursor } from "../cursor.ts";
import type { Tx } from "../db.ts";
import type { AuditEvent } from "../wire/index.ts";
import { MAX_PAGE } from "../wire/listing.ts";
import { findRegistry, requireAdmin } from "./registries.ts";

/**
 * One page of the registry's audit events, newest first.
 * @param page `cursor.rank` is the last event's id of the previous page.
 * @throws ApiError NOT_FOUND for a registry the caller cannot read; FORBIDDEN for a non-admin.
 */
export async function listAudit(
  tx: Tx,
  registrySlug: string,
  page: { limit?: number; cursor?: PageCursor | null },
): Promise<{ events: AuditEvent[]; nextCursor: PageCursor | null }> {
  const registry = await findRegistry(tx, registrySlug);
  requireAdmin(registry, "read its audit trail");
  const limit = Math.min(Math.max(page.limit ?? MAX_PAGE, 1), MAX_PAGE);
  const rows = await tx<AuditEvent[]>`
    select id::float8 as id, actor, action, target, details, created_at
    from audit_events
    where registry_id = ${registry.id} and (${page.cursor?.rank ?? null}::bigint is null or id < ${page.cursor?.rank ?? null}::bigint)
    order by id desc
    limit ${limit + 1}`;
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > limit && last ? { rank: String(last.id), key: "audit" } : null };
}
