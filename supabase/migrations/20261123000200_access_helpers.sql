-- Access helpers that RLS policies call (DESIGN.md "RLS, corrected").
-- They are SECURITY DEFINER so a policy on registry_members can ask about
-- registry_members without recursing (42P17), live in the non-exposed schema
-- `private`, pin `search_path = ''`, and are called as `(select private.fn(...))`
-- so Postgres evaluates them once per statement rather than once per row.

revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

/** The caller's role in a registry, or null when not a member. */
create function private.registry_role(p_registry_id uuid)
returns public.member_role
language sql stable security definer set search_path = ''
as $$
  select m.role
  from public.registry_members m
  where m.registry_id = p_registry_id and m.user_id = (select auth.uid())
$$;

/**
 * The registries the caller belongs to. Read-side policies compare against
 * this array, computed once per statement as `(select private.my_registry_ids())`,
 * instead of calling a function for every row.
 */
create function private.my_registry_ids()
returns uuid[]
language sql stable security definer set search_path = ''
as $$
  select coalesce(array_agg(m.registry_id), '{}')
  from public.registry_members m
  where m.user_id = (select auth.uid())
$$;

/** True when the caller belongs to the registry, whatever the role. */
create function private.is_member(p_registry_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.registry_members m
    where m.registry_id = p_registry_id and m.user_id = (select auth.uid())
  )
$$;

/** True when the caller's role in the registry is one of `p_roles`. */
create function private.has_role(p_registry_id uuid, p_roles public.member_role[])
returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(private.registry_role(p_registry_id) = any (p_roles), false)
$$;

/**
 * True when the registry is an organization registry. Personal registries
 * belong to their owner alone: nobody joins, leaves or changes roles there.
 */
create function private.is_organization(p_registry_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.registries r
    where r.id = p_registry_id and r.type = 'organization'
  )
$$;

/** True when the caller can read the skill: any member of its registry. */
create function private.can_read_skill(p_skill_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.skills s
    where s.id = p_skill_id and private.is_member(s.registry_id)
  )
$$;

/**
 * True when the caller may publish to / edit the skill (spec §2.6): an admin
 * of its registry, or a contributor who created it or maintains it. A creator
 * demoted to member loses write access.
 */
create function private.can_write_skill(p_skill_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.skills s
    where s.id = p_skill_id
      and (
        private.has_role(s.registry_id, array['admin']::public.member_role[])
        or (
          private.has_role(s.registry_id, array['contributor']::public.member_role[])
          and (
            s.created_by = (select auth.uid())
            or exists (
              select 1 from public.skill_maintainers sm
              where sm.skill_id = s.id and sm.user_id = (select auth.uid())
            )
          )
        )
      )
  )
$$;

/** True when the caller manages the skill's maintainers: its creator or a registry admin. */
create function private.can_manage_maintainers(p_skill_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.skills s
    where s.id = p_skill_id
      and (
        private.has_role(s.registry_id, array['admin']::public.member_role[])
        or (s.created_by = (select auth.uid())
            and private.has_role(s.registry_id, array['contributor']::public.member_role[]))
      )
  )
$$;

/**
 * True when `p_user_id` may be made a maintainer of the skill: a contributor
 * or admin of its registry (write access needs that role, see can_write_skill).
 */
create function private.can_maintain(p_skill_id uuid, p_user_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.skills s
    join public.registry_members m on m.registry_id = s.registry_id
    where s.id = p_skill_id and m.user_id = p_user_id and m.role in ('contributor', 'admin')
  )
$$;

/** True when the caller can read the version's skill. */
create function private.can_read_version(p_version_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.skill_versions v
    where v.id = p_version_id and private.can_read_skill(v.skill_id)
  )
$$;

/**
 * True when the caller published this version in the current transaction.
 * Versions are immutable: files can be attached only while the version is
 * being created (`created_at` defaults to now(), the transaction's start).
 */
create function private.is_version_being_published(p_version_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.skill_versions v
    where v.id = p_version_id
      and v.published_by = (select auth.uid())
      and v.created_at = now()
  )
$$;

/** True when some version the caller can read contains a file with these bytes. */
create function private.can_read_blob(p_sha256 text)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.skill_files f
    where f.sha256 = p_sha256 and private.can_read_version(f.version_id)
  )
$$;

/** True when the caller's email (the token's claim) is confirmed in Supabase Auth. */
create function private.email_confirmed()
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from auth.users u
    where u.id = (select auth.uid())
      and u.email_confirmed_at is not null
      and lower(u.email) = lower((select auth.jwt() ->> 'email'))
  )
$$;

/**
 * Stores file bytes under their sha256 unless already present; returns nothing
 * either way, so the caller learns nothing about other registries' files.
 * Any signed-in user may store bytes: they are content-addressed (the check
 * constraint ties key to content) and readable only through a version that
 * lists them, so storing reveals and overwrites nothing.
 */
create function private.store_blob(p_sha256 text, p_content bytea)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  insert into public.file_blobs (sha256, size, content)
  values (p_sha256, length(p_content), p_content)
  on conflict (sha256) do nothing;
end
$$;

revoke execute on all functions in schema private from public, anon;
grant execute on all functions in schema private to authenticated, service_role;
