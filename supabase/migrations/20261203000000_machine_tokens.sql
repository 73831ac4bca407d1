-- Personal access tokens for machines (`skills token create`): CI and other
-- unattended callers get a token that lives for days, not a session that
-- ends within the hour. Each use acts as the user who created it, limited to
-- the registries the token names and, when read-only, to reads.
--
-- How a token becomes what the policies understand: the functions look the
-- token up by its hash (private.machine_token_for, service side only) and
-- run the request as its user with the JWT claims PostgREST would set, plus
-- one claim of our own, `skills_token: {id, name, registries, read_only}`
-- (registries: ids, or null for all of the user's). The helpers below read
-- that claim from the top level of `request.jwt.claims`, never from
-- `user_metadata` (a user may write their own) or `app_metadata`. Supabase
-- Auth never puts such a claim into a session token, and the functions refuse
-- a JWT that carries one; and it can only narrow what the user may do:
-- - private.my_registry_ids, is_member and registry_role (and so has_role,
--   can_read_skill, can_write_skill, …, search_skills) answer only for the
--   token's registries;
-- - restrictive policies keep every row that belongs to a registry inside
--   them, so neither an invitation to another registry nor a new
--   organization can be reached;
-- - for a read-only token, restrictive policies make every INSERT, UPDATE
--   and DELETE check false, and private.store_blob refuses.
--
-- Only a hash is stored. A token is 32 random bytes, so a plain sha256 is
-- enough: slow, salted hashes (bcrypt) protect guessable secrets such as
-- passwords, and a salt would make the lookup by hash impossible.
--
-- The table lives in `private` and no API role holds any privilege on it:
-- a signed-in user lists, creates and revokes only their own tokens, only
-- with a real session, through SECURITY DEFINER functions that act for the
-- caller and never return a hash.

create table private.machine_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  name text not null
    constraint machine_tokens_name_format check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  token_hash text not null unique
    constraint machine_tokens_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  -- null: every registry the user belongs to, now or later.
  registries uuid[]
    constraint machine_tokens_registries_count check (registries is null or cardinality(registries) between 1 and 100),
  read_only boolean not null default false,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint machine_tokens_lifetime check (expires_at > created_at and expires_at <= created_at + interval '366 days')
);
-- A name is taken while its token is not revoked: `skills token revoke ci`
-- then `skills token create --name ci` works, and the revoked row still
-- answers "the token "ci" was revoked" to whoever still sends it.
create unique index machine_tokens_live_name on private.machine_tokens (user_id, name) where revoked_at is null;
create index machine_tokens_user_idx on private.machine_tokens (user_id);

/** The machine-token claim's `skills_token` object, or null for a session of Supabase Auth. */
create function private.token_claim()
returns jsonb
language sql stable set search_path = ''
as $$
  select (select auth.jwt()) -> 'skills_token'
$$;

/**
 * The registries the caller's machine token is limited to, or null when
 * nothing limits them (a session, or a token for all the user's registries).
 * A claim of any other shape limits them to none.
 */
create function private.token_registry_ids()
returns uuid[]
language sql stable set search_path = ''
as $$
  select case
    when t is null then null
    when jsonb_typeof(t -> 'registries') = 'null' then null
    when jsonb_typeof(t -> 'registries') = 'array' then
      coalesce((select array_agg(e::uuid) from jsonb_array_elements_text(t -> 'registries') e), '{}')
    else '{}'::uuid[]
  end
  from (select private.token_claim() as t) claim
$$;

/** False for a read-only machine token (or a claim that does not say it may write); true otherwise. */
create function private.token_may_write()
returns boolean
language sql stable set search_path = ''
as $$
  select coalesce(t is null or t -> 'read_only' = 'false'::jsonb, false)
  from (select private.token_claim() as t) claim
$$;

-- The membership helpers every policy builds on, as before, within the token's registries.

create or replace function private.registry_role(p_registry_id uuid)
returns public.member_role
language sql stable security definer set search_path = ''
as $$
  select m.role
  from public.registry_members m
  where m.registry_id = p_registry_id and m.user_id = (select auth.uid())
    and coalesce(m.registry_id = any (private.token_registry_ids()), true)
$$;

create or replace function private.is_member(p_registry_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.registry_members m
    where m.registry_id = p_registry_id and m.user_id = (select auth.uid())
      and coalesce(m.registry_id = any (private.token_registry_ids()), true)
  )
$$;

create or replace function private.my_registry_ids()
returns uuid[]
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_limit uuid[] := private.token_registry_ids();
begin
  return (
    select coalesce(array_agg(m.registry_id), '{}')
    from public.registry_members m
    where m.user_id = (select auth.uid())
      and (v_limit is null or m.registry_id = any (v_limit))
  );
end
$$;

/** As before (20261123001200_skill_search.sql), over the registries private.my_registry_ids() allows. */
create or replace function private.search_skills(
  p_registry_id uuid,
  p_query text,
  p_tags text[],
  p_compat text[],
  p_after_rank numeric,
  p_after_key text,
  p_limit integer
)
returns table (skill_id uuid, rank numeric, sort_key text)
rows 100
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_registries uuid[];
begin
  select coalesce(array_agg(r), '{}') into v_registries
  from unnest(private.my_registry_ids()) r
  where p_registry_id is null or r = p_registry_id;
  if cardinality(v_registries) = 0 then
    return;
  end if;
  return query execute $q$
    select hit.id, hit.rank, hit.sort_key
    from (
      select s.id,
             case when $2::text is null then 0::numeric
                  else round(ts_rank(s.search_vector, websearch_to_tsquery('english'::regconfig, $2::text))::numeric, 6)
             end as rank,
             (r.slug || '/' || s.slug) collate "C" as sort_key
      from public.skills s
      join public.registries r on r.id = s.registry_id
      where s.registry_id = any ($1::uuid[])
        and ($2::text is null or s.search_vector @@ websearch_to_tsquery('english'::regconfig, $2::text))
        and ($3::text[] is null or s.tags && $3::text[])
        and ($4::text[] is null or s.compat && $4::text[])
    ) hit
    where $5::numeric is null or hit.rank < $5::numeric or (hit.rank = $5::numeric and hit.sort_key > $6::text collate "C")
    order by hit.rank desc, hit.sort_key
    limit $7::integer
  $q$ using v_registries, p_query, p_tags, p_compat, p_after_rank, p_after_key, p_limit;
end
$$;

/** As before (20261202004000_blob_uploads.sql), refused to a read-only machine token. */
create or replace function private.store_blob(p_sha256 text, p_content bytea)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_stale text[];
begin
  if (select auth.uid()) is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  if not private.token_may_write() then
    raise exception 'this token is read-only' using errcode = '42501';
  end if;
  if p_content is null or p_sha256 is distinct from encode(sha256(p_content), 'hex') then
    raise exception 'the content does not match its sha256' using errcode = '23514';
  end if;
  insert into public.file_blobs (sha256, size, content)
  values (p_sha256, length(p_content), p_content)
  on conflict (sha256) do nothing;
  insert into public.blob_uploads (user_id, sha256)
  values ((select auth.uid()), p_sha256)
  on conflict (user_id, sha256) do update set created_at = now();

  begin
    with stale as (
      select u.user_id, u.sha256 from public.blob_uploads u
      where u.created_at < now() - interval '24 hours'
      order by u.created_at
      limit 20
      for update skip locked
    ), forgotten as (
      delete from public.blob_uploads u using stale s
      where u.user_id = s.user_id and u.sha256 = s.sha256
      returning u.sha256
    )
    select array_agg(distinct f.sha256) into v_stale from forgotten f;
    delete from public.file_blobs b
    where b.sha256 = any (v_stale)
      and not exists (select 1 from public.skill_files f where f.sha256 = b.sha256)
      and not exists (select 1 from public.blob_uploads u where u.sha256 = b.sha256);
  exception when foreign_key_violation then
    null;
  end;
end
$$;

-- Rows that belong to a registry stay inside the token's registries, whatever
-- the permissive policies allow: this is what keeps an invitation to another
-- registry unanswerable and a new organization uncreatable. A table added
-- later that belongs to a registry needs the same policy.
do $$
declare
  t record;
begin
  for t in
    select * from (values
      ('registries', 'id'), ('registry_members', 'registry_id'), ('skills', 'registry_id'),
      ('skill_versions', 'registry_id'), ('skill_files', 'registry_id'), ('invitations', 'registry_id')
    ) as scoped(tbl, col)
  loop
    execute format(
      'create policy "machine tokens keep to their registries" on public.%I as restrictive for all to authenticated'
      ' using (coalesce(%2$I = any ((select private.token_registry_ids())::uuid[]), true))'
      ' with check (coalesce(%2$I = any ((select private.token_registry_ids())::uuid[]), true))',
      t.tbl, t.col);
  end loop;
end
$$;

-- A read-only token writes nothing: every command some permissive policy lets
-- `authenticated` write gets a restrictive check that is false for it. A
-- table added later that `authenticated` may write needs the same policies.
do $$
declare
  t record;
begin
  for t in
    select distinct c.relname, cmd.name, cmd.polcmd
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_policy p on p.polrelid = c.oid
    cross join (values ('a'::"char", 'insert'), ('w'::"char", 'update'), ('d'::"char", 'delete')) as cmd(polcmd, name)
    where n.nspname = 'public' and p.polpermissive and p.polcmd in (cmd.polcmd, '*')
      and 'authenticated'::regrole = any (p.polroles)
    order by 1, 2
  loop
    execute format(
      'create policy %I on public.%I as restrictive for %s to authenticated %s',
      'read-only machine tokens cannot ' || t.name, t.relname, t.name,
      case t.name
        when 'insert' then 'with check ((select private.token_may_write()))'
        when 'update' then 'using ((select private.token_may_write())) with check ((select private.token_may_write()))'
        else 'using ((select private.token_may_write()))'
      end);
  end loop;
end
$$;

/**
 * As before (20261202006000_revoked_grants_end_tokens.sql), and a machine
 * token's claims stop with its row: revoked, expired or not the caller's.
 */
create or replace function private.require_live_session()
returns void
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_token jsonb := private.token_claim();
begin
  if exists (
    select 1 from public.oauth_sessions s
    where s.session_id = nullif((select auth.jwt()) ->> 'session_id', '')::uuid
      and s.revoked_at is not null
  ) then
    raise exception 'this access was revoked; sign in again' using errcode = 'PT401';
  end if;
  if v_token is not null and not exists (
    select 1 from private.machine_tokens t
    where t.id = case when v_token ->> 'id' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                      then (v_token ->> 'id')::uuid end
      and t.user_id = (select auth.uid())
      and t.revoked_at is null and t.expires_at > now()
  ) then
    raise exception 'this token was revoked or has expired' using errcode = 'PT401';
  end if;
end
$$;

-- The tokens table is reached only through the functions below, which act
-- for the caller: no API role holds a privilege on it, so neither the Data
-- API nor pg_graphql (which lists every table a role may select from, in any
-- schema) can show a row or a hash, and RLS refuses the API roles everything.
alter table private.machine_tokens enable row level security;
create policy "machine tokens are reached through their functions only" on private.machine_tokens
  as restrictive for all to anon, authenticated using (false) with check (false);
revoke all on private.machine_tokens from public, anon, authenticated, service_role;

/** Raises 42501 unless the caller is a signed-in user with a real session (not a machine token). */
create function private.require_session_for_tokens()
returns void
language plpgsql stable set search_path = ''
as $$
begin
  if (select auth.uid()) is null or private.token_claim() is not null then
    raise exception 'managing tokens needs a signed-in session, not a machine token' using errcode = '42501';
  end if;
end
$$;

/**
 * The caller's tokens that are not revoked (expired ones too), by name,
 * without their hashes; `registries` as slugs of registries the caller can
 * still see, or null for all.
 */
create function private.my_machine_tokens()
returns table (
  id uuid, name text, registries text[], read_only boolean,
  created_at timestamptz, expires_at timestamptz, last_used_at timestamptz
)
language plpgsql stable security definer set search_path = ''
as $$
begin
  perform private.require_session_for_tokens();
  return query
  select t.id, t.name,
         case when t.registries is null then null
              else array(select r.slug::text from public.registries r
                         where r.id = any (t.registries) and private.is_member(r.id) order by r.slug) end,
         t.read_only, t.created_at, t.expires_at, t.last_used_at
  from private.machine_tokens t
  where t.user_id = (select auth.uid()) and t.revoked_at is null
  order by t.name;
end
$$;

/**
 * Stores a new token of the caller's: its hash, limits and expiry (the
 * table's constraints bound the name and the lifetime, at most a year). A
 * token names only registries the caller belongs to, and a name is taken
 * while its token is not revoked (23505).
 * @returns the new token's id.
 */
create function private.create_machine_token(
  p_name text, p_hash text, p_registries uuid[], p_read_only boolean, p_expires_at timestamptz
)
returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.require_session_for_tokens();
  if p_registries is not null and not (p_registries <@ private.my_registry_ids()) then
    raise exception 'a token can name only registries you belong to' using errcode = '42501';
  end if;
  insert into private.machine_tokens (user_id, name, token_hash, registries, read_only, expires_at)
  values ((select auth.uid()), p_name, p_hash, p_registries, coalesce(p_read_only, false), p_expires_at)
  returning id into v_id;
  return v_id;
end
$$;

/** Revokes the caller's live token of that name; false when they have none. Ends it from the next request on. */
create function private.revoke_machine_token(p_name text)
returns boolean
language plpgsql volatile security definer set search_path = ''
as $$
begin
  perform private.require_session_for_tokens();
  update private.machine_tokens t set revoked_at = now()
  where t.user_id = (select auth.uid()) and t.name = p_name and t.revoked_at is null;
  return found;
end
$$;

/**
 * The token with this hash, for the functions to build a request's claims:
 * its user (and their email), limits and state, revoked and expired ones too
 * so the refusal can name them. Records the use in `last_used_at`, at most
 * once a minute per token, so a busy CI job does not write on every request.
 * Executable by service_role only: no API role can look up a hash.
 */
create function private.machine_token_for(p_hash text)
returns table (
  id uuid, name text, user_id uuid, email text, registries uuid[], read_only boolean,
  expires_at timestamptz, revoked_at timestamptz
)
language plpgsql volatile security definer set search_path = ''
as $$
begin
  update private.machine_tokens t set last_used_at = now()
  where t.token_hash = p_hash and t.revoked_at is null and t.expires_at > now()
    and (t.last_used_at is null or t.last_used_at < now() - interval '1 minute');
  return query
  select t.id, t.name, t.user_id, u.email::text, t.registries, t.read_only, t.expires_at, t.revoked_at
  from private.machine_tokens t
  join auth.users u on u.id = t.user_id
  where t.token_hash = p_hash;
end
$$;

revoke all on function private.token_claim(), private.token_registry_ids(), private.token_may_write(),
  private.require_session_for_tokens(), private.my_machine_tokens(), private.create_machine_token(text, text, uuid[], boolean, timestamptz),
  private.revoke_machine_token(text), private.machine_token_for(text) from public, anon, authenticated, service_role;
-- Policies call the claim helpers as the user; the routes manage tokens as the user.
grant execute on function private.token_claim(), private.token_registry_ids(), private.token_may_write(),
  private.my_machine_tokens(), private.create_machine_token(text, text, uuid[], boolean, timestamptz),
  private.revoke_machine_token(text) to authenticated, service_role;
grant execute on function private.machine_token_for(text) to service_role;
