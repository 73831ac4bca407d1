/**
 * A schema linter over the migrated database, on the embedded PGlite and on
 * a real PostgreSQL server (issue 4; DESIGN.md "RLS, corrected"). It checks,
 * in our own queries, what Supabase's database linter (splinter) reports at
 * levels ERROR and WARN, plus the rules our design adds (every foreign key
 * and policy column indexed, helpers wrapped in `select`). Generic: it runs
 * over every table and function the migrations create, whoever wrote them,
 * and fails on any finding, naming the object.
 */
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";

/** Schemas Supabase itself owns (or our local shim recreates): not ours to lint. */
const PLATFORM_SCHEMAS = ["pg_catalog", "information_schema", "pg_toast", "auth", "supabase_migrations", "extensions", "storage", "graphql", "graphql_public", "realtime", "vault", "pgsodium"];
/** Schemas the Data API exposes on Supabase. */
const EXPOSED_SCHEMAS = ["public"];
const API_ROLES = ["anon", "authenticated"];

/** A lint: what splinter calls it (or `ours`), its level, and a query returning one `finding` text per problem. */
interface Lint {
  name: string;
  level: "ERROR" | "WARN";
  query: (sql: postgres.Sql) => Promise<{ finding: string }[]>;
}

/**
 * Calls matching `pattern` in a policy expression that are not the first
 * thing of a `(select …)` (as pg_get_expr prints it: `( SELECT (auth.jwt() ->> …))`),
 * so Postgres re-evaluates them for every row instead of once.
 */
function unwrappedCalls(expression: string | null, pattern: RegExp): string[] {
  if (!expression) return [];
  return [...expression.matchAll(pattern)].filter((m) => !/SELECT[\s(]+$/i.test(expression.slice(0, m.index))).map((m) => m[0]);
}

const LINTS: Lint[] = [
  {
    name: "rls_disabled_in_public",
    level: "ERROR",
    query: (sql) => sql`
      select format('%I.%I has row-level security disabled', n.nspname, c.relname) as finding
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname = any (${EXPOSED_SCHEMAS}) and not c.relrowsecurity`,
  },
  {
    name: "rls_enabled_no_policy",
    level: "WARN",
    query: (sql) => sql`
      select format('%I.%I has row-level security but no policy', n.nspname, c.relname) as finding
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname = any (${EXPOSED_SCHEMAS}) and c.relrowsecurity
        and not exists (select 1 from pg_policy p where p.polrelid = c.oid)`,
  },
  {
    name: "policy_exists_rls_disabled",
    level: "ERROR",
    query: (sql) => sql`
      select format('%I.%I has policies but row-level security is disabled', n.nspname, c.relname) as finding
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where not c.relrowsecurity and exists (select 1 from pg_policy p where p.polrelid = c.oid)`,
  },
  {
    name: "function_search_path_mutable",
    level: "WARN",
    query: (sql) => sql`
      select format('%I.%I(%s) has no fixed search_path', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as finding
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname <> all (${PLATFORM_SCHEMAS}) and n.nspname not like 'pg\\_%'
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search\\_path=%')`,
  },
  {
    name: "anon_security_definer_function_executable",
    level: "WARN",
    query: (sql) => sql`
      select format('%I.%I(%s) is SECURITY DEFINER and executable by anon', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as finding
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname <> all (${PLATFORM_SCHEMAS})
        and has_function_privilege('anon', p.oid, 'execute')`,
  },
  {
    name: "authenticated_security_definer_function_executable",
    level: "WARN",
    // Exposed schemas only: a definer function there is callable as an RPC; `private` is not exposed.
    query: (sql) => sql`
      select format('%I.%I(%s) is SECURITY DEFINER in an exposed schema and executable by authenticated', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as finding
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname = any (${EXPOSED_SCHEMAS})
        and has_function_privilege('authenticated', p.oid, 'execute')`,
  },
  {
    name: "auth_rls_initplan",
    level: "WARN",
    query: async (sql) => {
      const policies = await sql<{ name: string; qual: string | null; with_check: string | null }[]>`
        select format('%I.%I policy %L', schemaname, tablename, policyname) as name, qual, with_check from pg_policies`;
      const pattern = /\b(auth\.(uid|jwt|role)\(\)|current_setting\()/g;
      return policies.flatMap((p) =>
        [...unwrappedCalls(p.qual, pattern), ...unwrappedCalls(p.with_check, pattern)].map((call) => ({
          finding: `${p.name} calls ${call} per row: wrap it as (select ${call}${call.endsWith("(") ? "…)" : ""})`,
        })),
      );
    },
  },
  {
    name: "ours: private helpers wrapped in select",
    level: "WARN",
    query: async (sql) => {
      const policies = await sql<{ name: string; qual: string | null; with_check: string | null }[]>`
        select format('%I.%I policy %L', schemaname, tablename, policyname) as name, qual, with_check from pg_policies`;
      const pattern = /\bprivate\.\w+\(/g;
      return policies.flatMap((p) =>
        [...unwrappedCalls(p.qual, pattern), ...unwrappedCalls(p.with_check, pattern)].map((call) => ({
          finding: `${p.name} calls ${call}…) without (select …)`,
        })),
      );
    },
  },
  {
    name: "unindexed_foreign_keys",
    level: "WARN",
    query: (sql) => sql`
      select format('%I.%I foreign key %I (%s) has no index starting with its columns',
                    n.nspname, c.relname, con.conname,
                    (select string_agg(a.attname, ', ') from unnest(con.conkey) k join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k)) as finding
      from pg_constraint con
      join pg_class c on c.oid = con.conrelid
      join pg_namespace n on n.oid = c.relnamespace
      where con.contype = 'f' and n.nspname <> all (${PLATFORM_SCHEMAS})
        and not exists (
          select 1 from pg_index i
          where i.indrelid = con.conrelid
            and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(con.conkey)] @> con.conkey
            and (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(con.conkey)] <@ con.conkey
        )`,
  },
  {
    name: "ours: policy columns indexed",
    level: "WARN",
    // A column a policy's USING clause filters on must appear in some index
    // (a key, an expression or a partial index's predicate).
    query: (sql) => sql`
      select format('%I.%I policy %L filters on %I, which no index covers', n.nspname, c.relname, p.polname, a.attname) as finding
      from pg_policy p
      join pg_class c on c.oid = p.polrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where p.polqual is not null
        -- unqualified, or qualified by the table's own name (as pg_get_expr prints it inside a subquery)
        and pg_get_expr(p.polqual, p.polrelid) ~ ('(^|[^.\\w]|\\m' || c.relname || '\\.)' || a.attname || '\\M')
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.oid
            and (a.attnum = any (string_to_array(i.indkey::text, ' ')::int2[])
                 or coalesce(pg_get_expr(i.indexprs, i.indrelid), '') ~ ('\\m' || a.attname || '\\M')
                 or coalesce(pg_get_expr(i.indpred, i.indrelid), '') ~ ('\\m' || a.attname || '\\M'))
        )
      order by 1`,
  },
  {
    name: "multiple_permissive_policies",
    level: "WARN",
    query: (sql) => sql`
      select format('%I.%I has %s permissive %s policies for %s: %s', n.nspname, c.relname, count(*), cmd.name, r.rolname,
                    string_agg(quote_literal(p.polname), ', ' order by p.polname)) as finding
      from pg_policy p
      join pg_class c on c.oid = p.polrelid
      join pg_namespace n on n.oid = c.relnamespace
      cross join (values ('r', 'select'), ('a', 'insert'), ('w', 'update'), ('d', 'delete')) as cmd(code, name)
      join pg_roles r on r.rolname = any (${API_ROLES})
      where p.polpermissive and (p.polcmd = cmd.code or p.polcmd = '*')
        and (r.oid = any (p.polroles) or 0::oid = any (p.polroles))
      group by n.nspname, c.relname, cmd.name, r.rolname
      having count(*) > 1`,
  },
  {
    name: "auth_users_exposed",
    level: "ERROR",
    query: (sql) => sql`
      select format('%s can read auth.users', r.rolname) as finding
      from pg_roles r where r.rolname = any (${API_ROLES}) and has_table_privilege(r.oid, 'auth.users', 'select')
      union all
      select format('%I.%I exposes auth.users', schemaname, viewname)
      from pg_views where schemaname = any (${EXPOSED_SCHEMAS}) and definition ~* '\\mauth\\.users\\M'
      union all
      select format('%I.%I exposes auth.users', schemaname, matviewname)
      from pg_matviews where schemaname = any (${EXPOSED_SCHEMAS}) and definition ~* '\\mauth\\.users\\M'`,
  },
  {
    name: "ours: policies never read auth.users",
    level: "ERROR",
    query: (sql) => sql`
      select format('%I.%I policy %L reads auth.users (permission denied at run time)', schemaname, tablename, policyname) as finding
      from pg_policies where coalesce(qual, '') || coalesce(with_check, '') ~* '\\mauth\\.users\\M'`,
  },
  {
    name: "rls_references_user_metadata",
    level: "ERROR",
    query: (sql) => sql`
      select format('%I.%I policy %L trusts user_metadata, which users can edit', schemaname, tablename, policyname) as finding
      from pg_policies where coalesce(qual, '') || coalesce(with_check, '') ~* 'user_metadata'`,
  },
  {
    name: "security_definer_view",
    level: "ERROR",
    query: (sql) => sql`
      select format('%I.%I is a view without security_invoker', n.nspname, c.relname) as finding
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'v' and n.nspname = any (${EXPOSED_SCHEMAS})
        and not coalesce('security_invoker=true' = any (c.reloptions) or 'security_invoker=on' = any (c.reloptions), false)`,
  },
  {
    name: "extension_in_public",
    level: "WARN",
    query: (sql) => sql`
      select format('extension %I is installed in public', e.extname) as finding
      from pg_extension e join pg_namespace n on n.oid = e.extnamespace where n.nspname = 'public'`,
  },
  {
    name: "duplicate_index",
    level: "WARN",
    query: (sql) => sql`
      select format('%I.%I has identical indexes: %s', n.nspname, c.relname, string_agg(ic.relname, ', ' order by ic.relname)) as finding
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_class ic on ic.oid = i.indexrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname <> all (${PLATFORM_SCHEMAS})
      group by n.nspname, c.relname, i.indkey::text, i.indclass::text, coalesce(pg_get_expr(i.indexprs, i.indrelid), ''),
               coalesce(pg_get_expr(i.indpred, i.indrelid), '')
      having count(*) > 1`,
  },
];

describe.each(inject("platforms"))("schema lint on $name", ({ dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  afterAll(() => sql.end());

  it.each(LINTS.map((l) => [l.level, l.name, l] as const))("%s %s: no finding", async (_level, _name, lint) => {
    const findings = (await lint.query(sql)).map((f) => f.finding);
    expect(findings).toEqual([]);
  });

  it("catches what it is meant to catch (each lint fires on a planted mistake)", async () => {
    const planted = await sql.begin(async (tx) => {
      await tx.unsafe(`
        create table public.lint_probe (id uuid primary key, owner uuid references public.profiles (id), note text);
        create policy "probe a" on public.lint_probe for select to authenticated using (owner = auth.uid());
        create policy "probe b" on public.lint_probe for select to authenticated using (note = 'x' and private.is_member(id));
        create policy "probe c" on public.lint_probe for update to authenticated
          using (id in (select u.id from auth.users u)) with check ((select auth.jwt()) -> 'user_metadata' ->> 'role' = 'admin');
        create index lint_probe_one on public.lint_probe (id, owner);
        create index lint_probe_two on public.lint_probe (id, owner);
        create table public.lint_probe_quiet (id int primary key);
        alter table public.lint_probe_quiet enable row level security;
        create function public.lint_probe_fn() returns void language sql security definer as 'select';
        create view public.lint_probe_view as select id from auth.users;
      `);
      const fired: string[] = [];
      for (const lint of LINTS) {
        const findings = (await lint.query(tx as unknown as postgres.Sql)).map((f) => f.finding).filter((f) => f.includes("lint_probe"));
        if (findings.length > 0) fired.push(lint.name);
      }
      throw Object.assign(new Error("rollback"), { fired });
    }).catch((error: Error & { fired?: string[] }) => error.fired ?? Promise.reject(error));
    expect(planted).toEqual(
      LINTS.map((l) => l.name).filter((name) => name !== "extension_in_public"),
    );
  });
});
