/**
 * Lints the migrated database, on the embedded PGlite and on a real
 * PostgreSQL server, with Supabase's own linter: splinter's query
 * (splinter/splinter.sql, unchanged) run as on a hosted project, with the
 * Data API exposing `public` and pg_graphql on. Every splinter lint at ERROR
 * and WARN counts, and three at INFO that judge the schema; the two others at
 * INFO judge a running project's usage statistics. Besides, three rules our
 * design adds: helpers wrapped in `select`, every policy column indexed, no
 * policy reading auth.users. Generic: it runs over everything the migrations
 * create, whoever wrote it, and fails on any finding, naming the object.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { privilegeSection } from "./support/matrix.ts";

type Tx = postgres.TransactionSql;

/** A finding: the lint's name and level, its text, and the object it names. */
interface Finding {
  name: string;
  level: string;
  detail: string;
  metadata: { schema?: string; name?: string; type?: string } | null;
}

const SPLINTER = readFileSync(join(import.meta.dirname, "splinter/splinter.sql"), "utf8");

/** The schemas a hosted project's Data API serves (PostgREST's default `db_schemas` there). */
const DATA_API_SCHEMAS = "public, graphql_public";

/** Every lint splinter.sql defines, with its level, as the query itself states them. */
const SPLINTER_LINTS = [...SPLINTER.matchAll(/'(\w+)' as name,\s*'(?:[^']|'')*' as title,\s*'(ERROR|WARN|INFO)' as level/g)].map((m) => ({
  name: m[1]!,
  level: m[2]!,
}));

/** The INFO lints about the schema itself; `unused_index` and `table_bloat` read usage statistics. */
const SCHEMA_INFO_LINTS = ["unindexed_foreign_keys", "no_primary_key", "rls_enabled_no_policy"];
const CLAIMED = SPLINTER_LINTS.filter((l) => l.level !== "INFO" || SCHEMA_INFO_LINTS.includes(l.name));

/**
 * splinter's query as run here: its leading `set local search_path = ''` is
 * set separately, and the two pg_graphql lints take the extension as
 * installed, as it is on hosted Supabase (the local stack has no pg_graphql).
 * @throws when splinter.sql no longer has the shape these adaptations expect.
 */
function splinterQuery(): string {
  const lead = /^set local search_path = '';\s*/;
  const graphqlCheck = "exists (select 1 from graphql_installed)";
  if (!lead.test(SPLINTER) || SPLINTER.split(graphqlCheck).length !== 3) throw new Error("splinter.sql changed shape: revisit splinterQuery()");
  return SPLINTER.replace(lead, "").replaceAll(graphqlCheck, "true");
}
const SPLINTER_QUERY = splinterQuery();

async function splinter(tx: Tx): Promise<Finding[]> {
  await tx`select set_config('search_path', '', true), set_config('pgrst.db_schemas', ${DATA_API_SCHEMAS}, true)`;
  return tx.unsafe<Finding[]>(SPLINTER_QUERY);
}

/**
 * Findings that state what the design intends: signed-in users see, through
 * pg_graphql, the tables the Privileges section of rls-matrix.md lets them read.
 */
const READABLE_BY_AUTHENTICATED = new Set(
  privilegeSection().filter((r) => /(^|, )select\b/.test(r.expected.authenticated) || r.expected.authenticated === "all").map((r) => r.object),
);
function intended(f: Finding): boolean {
  return f.name === "pg_graphql_authenticated_table_exposed" && READABLE_BY_AUTHENTICATED.has(`${f.metadata?.type} ${f.metadata?.schema}.${f.metadata?.name}`);
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

/** Lints that need software the local databases do not have (an extension, pgmq, Supabase Storage): nothing to plant. */
const NOT_PLANTABLE = ["extension_in_public", "extension_versions_outdated", "insecure_queue_exposed_in_api", "public_bucket_allows_listing"];

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

describe("splinter.sql", () => {
  it("defines the lints this test claims, at the levels it claims them", () => {
    expect(CLAIMED.length).toBeGreaterThan(20);
    expect(SPLINTER_LINTS.filter((l) => l.level === "INFO").map((l) => l.name).sort()).toEqual(
      [...SCHEMA_INFO_LINTS, "table_bloat", "unused_index"].sort(),
    );
  });
});

describe.each(inject("platforms"))("schema lint on $name", ({ dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let findings: Finding[];
  afterAll(() => sql.end());

  it.each(CLAIMED.map((l) => [l.level, l.name] as const))("splinter %s %s: no finding", async (_level, name) => {
    findings ??= await rolledBack(sql, splinter);
    expect(findings.filter((f) => f.name === name && !intended(f)).map((f) => f.detail)).toEqual([]);
  });

  it.each(OURS.map((l) => [l.name, l] as const))("%s: no finding", async (_name, lint) => {
    expect((await rolledBack(sql, lint.query)).map((f) => f.finding)).toEqual([]);
  });

  it("catches what it is meant to catch (each lint fires on a planted mistake)", async () => {
    const { splinterFired, oursFired, initplanPolicies } = await rolledBack(sql, async (tx) => {
      await tx.unsafe(PLANTED);
      const planted = (await splinter(tx)).filter(
        (f) => CLAIMED.some((l) => l.name === f.name) && `${f.detail} ${JSON.stringify(f.metadata)}`.includes("lint_probe"),
      );
      const oursFired: string[] = [];
      for (const lint of OURS) {
        if ((await lint.query(tx)).some((f) => f.finding.includes("lint_probe"))) oursFired.push(lint.name);
      }
      return {
        splinterFired: [...new Set(planted.map((f) => f.name))].sort(),
        oursFired,
        initplanPolicies: planted.filter((f) => f.name === "auth_rls_initplan").map((f) => /policy \\?`(.*?)\\?`/.exec(f.detail)?.[1]).sort(),
      };
    });
    expect(splinterFired).toEqual(CLAIMED.map((l) => l.name).filter((n) => !NOT_PLANTABLE.includes(n)).sort());
    expect(oursFired).toEqual(OURS.map((l) => l.name));
    // splinter's rule is textual: it wants `(select auth.jwt()) ->> 'email'`, not the call inside a larger sub-select.
    expect(initplanPolicies).toEqual(["probe a", "probe e"]);
  });
});
