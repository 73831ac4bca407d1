/**
 * Lints the migrated database, on the embedded PGlite and on a real
 * PostgreSQL server, with the rules of Supabase's linter (splinter) as
 * support/schema-lints.ts implements them, judged as on a hosted project: the
 * Data API exposing `public` and pg_graphql on. Every one of those lints
 * counts, whatever its level. Besides, three rules our design adds: helpers
 * wrapped in `select`, every policy column indexed, no policy reading
 * auth.users. Generic: it runs over everything the migrations create,
 * whoever wrote it, and fails on any finding, naming the object.
 */
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { privilegeSection } from "./support/matrix.ts";
import { type LintFinding, runSchemaLints, SCHEMA_LINTS } from "./support/schema-lints.ts";

type Tx = postgres.TransactionSql;

/**
 * Findings that state what the design intends: signed-in users see, through
 * pg_graphql, the tables the Privileges section of rls-matrix.md lets them read.
 */
const READABLE_BY_AUTHENTICATED = new Set(
  privilegeSection().filter((r) => /(^|, )select\b/.test(r.expected.authenticated) || r.expected.authenticated === "all").map((r) => r.object),
);
function intended(f: LintFinding): boolean {
  return f.lint === "pg_graphql_authenticated_table_exposed" && READABLE_BY_AUTHENTICATED.has(f.object);
}

/** A rule of ours: its name and a query returning one `finding` text per problem. */
interface OurLint {
  name: string;
  query: (tx: Tx) => Promise<{ finding: string }[]>;
}

/**
 * Calls matching `pattern` in a policy expression that are not the first
 * thing of a `(select …)` (as pg_get_expr prints it: `( SELECT private.f(…) AS f)`),
 * so Postgres evaluates them for every row instead of once.
 */
function unwrappedCalls(expression: string | null, pattern: RegExp): string[] {
  if (!expression) return [];
  return [...expression.matchAll(pattern)].filter((m) => !/SELECT\s+$/i.test(expression.slice(0, m.index))).map((m) => m[0]);
}

const OURS: OurLint[] = [
  {
    name: "ours: private helpers wrapped in select",
    query: async (tx) => {
      const policies = await tx<{ name: string; qual: string | null; with_check: string | null }[]>`
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
    name: "ours: policy columns indexed",
    // A column a policy's USING clause filters on must appear in some index
    // (a key, an expression or a partial index's predicate).
    query: (tx) => tx`
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
    name: "ours: policies never read auth.users",
    query: (tx) => tx`
      select format('%I.%I policy %L reads auth.users (permission denied at run time)', schemaname, tablename, policyname) as finding
      from pg_policies where coalesce(qual, '') || coalesce(with_check, '') ~* '\\mauth\\.users\\M'`,
  },
];

/**
 * An extension the server offers that can be installed in `public` for the
 * plant: the real PostgreSQL has contrib, the embedded PGlite loads none.
 */
const PROBE_EXTENSION = "citext";

/** One mistake, or more, for every lint that can be planted; every object's name starts with lint_probe. */
const PLANTED = `
  create table public.lint_probe (id uuid primary key, owner uuid references public.profiles (id), note text, kind regproc);
  alter table public.lint_probe enable row level security;
  grant select, insert, update, delete on public.lint_probe to authenticated;
  create policy "probe a" on public.lint_probe for select to authenticated using (owner = auth.uid());
  create policy "probe b" on public.lint_probe for select to authenticated using (note = 'x' and private.is_member(id));
  create policy "probe c" on public.lint_probe for update to authenticated
    using (true) with check ((select auth.jwt()) -> 'user_metadata' ->> 'role' = 'admin');
  create policy "probe d" on public.lint_probe for delete to authenticated using (id in (select u.id from auth.users u));
  create policy "probe e" on public.lint_probe for insert to authenticated with check (lower(note) = lower((select auth.jwt() ->> 'email')));
  create policy "probe f" on public.lint_probe for update to authenticated using (lower(note) = lower(auth.jwt() ->> 'email'));
  create index lint_probe_one on public.lint_probe (id, note);
  create index lint_probe_two on public.lint_probe (id, note);
  create table public.lint_probe_open (id int, password text);
  grant select on public.lint_probe_open to anon;
  create table public.lint_probe_quiet (id int primary key);
  alter table public.lint_probe_quiet enable row level security;
  create table public.lint_probe_off (id int primary key);
  create policy "probe off" on public.lint_probe_off for select to authenticated using (true);
  create function public.lint_probe_fn() returns void language sql security definer as 'select';
  grant execute on function public.lint_probe_fn() to anon, authenticated;
  create view public.lint_probe_view as select id from auth.users;
  grant select on public.lint_probe_view to anon;
  create materialized view public.lint_probe_matview as select 1 as one;
  grant select on public.lint_probe_matview to authenticated;
  create foreign data wrapper lint_probe_fdw;
  create server lint_probe_server foreign data wrapper lint_probe_fdw;
  create foreign table public.lint_probe_foreign (id int) server lint_probe_server;
  grant select on public.lint_probe_foreign to authenticated;
  create unique index lint_probe_users_key on auth.users (id, aud);
  create table public.lint_probe_auth (id int primary key, uid uuid, aud text, foreign key (uid, aud) references auth.users (id, aud));
  do $$ begin
    if exists (select 1 from pg_catalog.pg_available_extensions where name = '${PROBE_EXTENSION}') then
      create extension ${PROBE_EXTENSION} schema public;
    end if;
  end $$;
`;

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super("rollback");
  }
}

/** Runs `fn` in a transaction that is always rolled back; returns its result. */
async function rolledBack<T>(sql: postgres.Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await sql.begin(async (tx) => {
      throw new Rollback(await fn(tx));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
  throw new Error("unreachable");
}

describe.each(inject("platforms"))("schema lint on $name", ({ dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let findings: LintFinding[];
  afterAll(() => sql.end());

  it.each(SCHEMA_LINTS.map((l) => [l.id, l.name, l.level] as const))("splinter %s %s (%s): no finding", async (_id, name) => {
    findings ??= await rolledBack(sql, (tx) => runSchemaLints(tx));
    expect(findings.filter((f) => f.lint === name && !intended(f)).map((f) => `${f.object}: ${f.detail}`)).toEqual([]);
  });

  it.each(OURS.map((l) => [l.name, l] as const))("%s: no finding", async (_name, lint) => {
    expect((await rolledBack(sql, lint.query)).map((f) => f.finding)).toEqual([]);
  });

  it("catches what it is meant to catch (each lint fires on a planted mistake)", async () => {
    const { fired, oursFired, initplanPolicies, extensionPlanted } = await rolledBack(sql, async (tx) => {
      await tx.unsafe(PLANTED);
      const [extension] = await tx<{ planted: boolean }[]>`
        select exists (select 1 from pg_catalog.pg_extension where extname = ${PROBE_EXTENSION}) as planted`;
      const planted = (await runSchemaLints(tx)).filter(
        (f) => `${f.object} ${f.detail}`.includes("lint_probe") || f.object === `extension ${PROBE_EXTENSION}`,
      );
      const oursFired: string[] = [];
      for (const lint of OURS) {
        if ((await lint.query(tx)).some((f) => f.finding.includes("lint_probe"))) oursFired.push(lint.name);
      }
      return {
        fired: [...new Set(planted.map((f) => f.lint))].sort(),
        oursFired,
        initplanPolicies: planted.filter((f) => f.lint === "auth_rls_initplan").map((f) => /policy "(.*?)"/.exec(f.detail)?.[1]).sort(),
        extensionPlanted: extension!.planted,
      };
    });
    expect(fired).toEqual(
      SCHEMA_LINTS.map((l) => l.name)
        .filter((n) => extensionPlanted || n !== "extension_in_public")
        .sort(),
    );
    expect(oursFired).toEqual(OURS.map((l) => l.name));
    // The call itself must be the sub-select, `(select auth.jwt()) ->> 'email'`: neither the bare
    // `auth.jwt() ->> 'email'` nor the call inside a larger sub-select passes.
    expect(initplanPolicies).toEqual(["probe a", "probe e", "probe f"]);
  });
});
