/**
 * What the API roles hold, read from the catalog in the notation of the
 * Privileges section of rls-matrix.md: every table, view and sequence of
 * `public`, every function of `public` and `private`, and those two schemas.
 * Privileges count whether granted to the role or to PUBLIC (the API roles
 * inherit from no other role).
 */
import type postgres from "postgres";
import { API_ROLES, type ApiRole } from "./matrix.ts";

/** Privilege names in the order a cell lists them, per kind of object. */
const ORDER = ["usage", "select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain", "execute", "create"];

interface Grant {
  role: ApiRole;
  privilege: string;
  column: string | null;
}

/**
 * Every object with the cell each role gets: `-` for nothing, `all` when the
 * role holds every privilege the server knows for that kind of table or schema, else
 * the privileges in ORDER, with `update(a, b)` for one held on some columns only.
 */
export function catalogPrivileges(sql: postgres.Sql): Promise<Map<string, Record<ApiRole, string>>> {
  return sql.begin((tx) => readPrivileges(tx)) as Promise<Map<string, Record<ApiRole, string>>>;
}

/** catalogPrivileges inside a transaction the caller holds (it sets a local search_path). */
export async function readPrivileges(tx: postgres.TransactionSql): Promise<Map<string, Record<ApiRole, string>>> {
  // regprocedure and format_type qualify every name only under an empty search_path.
  await tx`set local search_path = ''`;
  const rows = await tx<{ object: string; every: string[]; role: ApiRole | null; privilege: string | null; column: string | null }[]>`
    with target as (
      select c.oid as relid, format('%s public.%s', kind.name, c.relname) as object,
             coalesce(c.relacl, acldefault(kind.code, c.relowner)) as acl, acldefault(kind.code, c.relowner) as every
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      cross join lateral (
        select case c.relkind when 'S' then 's' else 'r' end::"char" as code,
               case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                              when 'f' then 'foreign table' else 'table' end as name
      ) kind
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
        and not exists (select 1 from pg_catalog.pg_depend d where d.objid = c.oid and d.deptype = 'e')
      union all
      select null, 'function ' || p.oid::pg_catalog.regprocedure::text,
             coalesce(p.proacl, acldefault('f', p.proowner)), acldefault('f', p.proowner)
      from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'private')
        and not exists (select 1 from pg_catalog.pg_depend d where d.objid = p.oid and d.deptype = 'e')
      union all
      select null, 'schema ' || n.nspname, coalesce(n.nspacl, acldefault('n', n.nspowner)), acldefault('n', n.nspowner)
      from pg_catalog.pg_namespace n where n.nspname in ('public', 'private')
    ),
    acl as (
      select object, acl, null::text as col from target
      union all
      select t.object, a.attacl, a.attname::text
      from target t join pg_catalog.pg_attribute a on a.attrelid = t.relid and a.attnum > 0 and not a.attisdropped and a.attacl is not null
    ),
    api_grant as (
      select distinct acl.object, r.rolname as role, lower(e.privilege_type) as privilege, acl.col
      from acl cross join lateral pg_catalog.aclexplode(acl.acl) e
      join pg_catalog.pg_roles r on r.rolname in ('anon', 'authenticated', 'service_role') and e.grantee in (r.oid, 0)
    )
    select t.object, array(select distinct lower(a.privilege_type) from pg_catalog.aclexplode(t.every) a) as every,
           g.role, g.privilege, g.col as column
    from target t left join api_grant g on g.object = t.object`;

  const result = new Map<string, Record<ApiRole, string>>();
  for (const { object, every } of rows) {
    if (result.has(object)) continue;
    const cells = {} as Record<ApiRole, string>;
    for (const role of API_ROLES) {
      const mine = rows.filter((g) => g.object === object && g.role === role) as Grant[];
      const whole = new Set(mine.filter((g) => g.column === null).map((g) => g.privilege));
      if (every.length > 1 && every.every((p) => whole.has(p))) {
        cells[role] = "all";
        continue;
      }
      const columns = new Map<string, string[]>();
      for (const g of mine) {
        if (g.column !== null && !whole.has(g.privilege)) columns.set(g.privilege, [...(columns.get(g.privilege) ?? []), g.column]);
      }
      const listed = [...new Set([...whole, ...columns.keys()])].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
      cells[role] =
        listed.map((p) => (whole.has(p) ? p : `${p}(${columns.get(p)!.sort().join(", ")})`)).join(", ") || "-";
    }
    result.set(object, cells);
  }
  return result;
}
