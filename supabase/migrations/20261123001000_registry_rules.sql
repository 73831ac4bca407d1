-- Registry rules (issue 4): one namespace for usernames and organization
-- slugs with reserved words refused in the database itself, an organization
-- never left without an admin, and column privileges so that an allowed
-- UPDATE can only touch the columns it is meant to.

-- Functions created from here on in `private` are not executable by PUBLIC
-- (hence anon) unless granted; the API role gets them, as before.
alter default privileges in schema private revoke execute on functions from public;
alter default privileges in schema private grant execute on functions to authenticated, service_role;

/**
 * Slugs no user or organization may take: routes, the meta-skill folder,
 * words users would mistake for the platform. Must equal RESERVED_SLUGS in
 * supabase/functions/api/lib/reserved.ts (a test compares them); kept here
 * too because a signup can reach Supabase Auth without our API.
 */
create function private.reserved_slugs()
returns text[]
language sql immutable set search_path = ''
as $$
  select array[
    'api', 'oauth', 'mcp', 'auth', 'admin', 'administrator', 'system', 'root', 'support', 'help',
    'about', 'settings', 'registry', 'registries', 'skills', 'skill', 'search', 'sync', 'health',
    'me', 'login', 'logout', 'register', 'signup', 'new', 'www', 'null', 'undefined', 'official'
  ]::text[]
$$;

-- Usernames and organization slugs share registries.slug (unique): a
-- personal registry's slug is its owner's username.
alter table public.registries
  add constraint registries_slug_not_reserved check (not (slug = any (private.reserved_slugs())));
alter table public.profiles
  add constraint profiles_username_not_reserved check (not (username = any (private.reserved_slugs())));

/**
 * An organization keeps at least one admin: demoting or removing the last
 * one fails with SQLSTATE SK001. The registry row is locked first so two
 * admins demoting each other at once cannot both succeed. Rows that go
 * because their registry or their user's profile is being deleted pass.
 */
create function private.guard_last_admin()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.role <> 'admin' or (tg_op = 'UPDATE' and new.role = 'admin') then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  perform 1 from public.registries r where r.id = old.registry_id and r.type = 'organization' for update;
  if found
     and exists (select 1 from public.profiles p where p.id = old.user_id)
     and not exists (
       select 1 from public.registry_members m
       where m.registry_id = old.registry_id and m.role = 'admin' and m.id <> old.id
     ) then
    raise exception 'an organization registry needs at least one admin'
      using errcode = 'SK001', hint = 'Make another member admin first.';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create trigger guard_last_admin
  before update of role or delete on public.registry_members
  for each row execute function private.guard_last_admin();

-- Column privileges: RLS decides which rows, these decide which columns.
-- Without them an admin could move a skill into a registry they cannot
-- write, a user could rename themselves out from under their personal
-- registry, or an invitee could accept an invitation as admin.
revoke update on public.profiles from authenticated;
grant update (display_name, avatar_url) on public.profiles to authenticated;
revoke update on public.registries from authenticated;
grant update (name, description, publish_policy) on public.registries to authenticated;
revoke update on public.registry_members from authenticated;
grant update (role) on public.registry_members to authenticated;
revoke update on public.skills from authenticated;
grant update (name, description, tags, compat, metadata) on public.skills to authenticated;
revoke update on public.invitations from authenticated;
grant update (status) on public.invitations to authenticated;

revoke execute on function private.reserved_slugs(), private.guard_last_admin() from public, anon;
grant execute on function private.reserved_slugs(), private.guard_last_admin() to authenticated, service_role;
