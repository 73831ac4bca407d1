-- What the API roles may do, as privileges. Hosted Supabase grants `anon`,
-- `authenticated` and `service_role` ALL on every table, sequence and function
-- the migration role creates in `public` (and PUBLIC may execute any new
-- function anywhere), so through the Data API a signed-in user could TRUNCATE
-- a table (RLS does not apply to it), attach a trigger that runs as whoever
-- next writes the table, or reference a table from one of their own. The
-- product needs none of that: `anon` holds nothing, `authenticated` holds
-- SELECT/INSERT/UPDATE/DELETE only where a policy allows it, and functions
-- are executable only where granted. supabase/tests/rls-matrix.md lists the
-- result; rls-matrix.test.ts compares it with the catalog.

-- TABLES: never TRUNCATE, REFERENCES, TRIGGER (nor MAINTAIN on PostgreSQL 17+:
-- VACUUM, REINDEX, LOCK TABLE) for the API roles; `anon` nothing at all.
revoke all on all tables in schema public from anon;
revoke truncate, references, trigger on all tables in schema public from authenticated;
do $$
begin
  if current_setting('server_version_num')::int >= 170000 then
    execute 'revoke maintain on all tables in schema public from anon, authenticated';
  end if;
end
$$;

-- SELECT/INSERT/UPDATE/DELETE stay only where a permissive policy for that
-- command (or ALL) names `authenticated`: without one the privilege could only
-- ever be refused, and holding it invites a future policy to open more than
-- meant. Revoking UPDATE also revokes its column grants.
do $$
declare
  t record;
begin
  for t in
    select c.oid, c.relname, cmd.privilege
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    cross join (values ('r', 'select'), ('a', 'insert'), ('w', 'update'), ('d', 'delete')) as cmd(polcmd, privilege)
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and not exists (
        select 1 from pg_policy p
        where p.polrelid = c.oid and p.polpermissive and p.polcmd in (cmd.polcmd, '*')
          and ('authenticated'::regrole = any (p.polroles) or 0::oid = any (p.polroles))
      )
  loop
    execute format('revoke %s on public.%I from authenticated', t.privilege, t.relname);
  end loop;
end
$$;

-- Sequences and functions of `public`: none are meant for the API roles.
revoke all on all sequences in schema public from anon, authenticated;
revoke execute on all functions in schema public from public, anon, authenticated;

-- Trigger functions fire without EXECUTE; nobody needs to call one. Without
-- TRIGGER on any table this is belt and braces, but a SECURITY DEFINER
-- trigger function attached to another table would run with its owner's rights.
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'private') and p.prorettype = 'trigger'::regtype
  loop
    execute format('revoke execute on function %s from public, anon, authenticated, service_role', f);
  end loop;
end
$$;

-- The same for what later migrations create, as this role (the one running
-- migrations: `postgres` on hosted Supabase). Hosted also sets these defaults
-- for `supabase_admin`, which creates only Supabase's own objects and whose
-- defaults this role cannot change. PUBLIC's EXECUTE on new functions is a
-- global default: a per-schema revoke cannot remove it. New objects get
-- exactly what their migration grants.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated;
alter default privileges revoke execute on functions from public;
alter default privileges in schema private revoke execute on functions from authenticated, service_role;
