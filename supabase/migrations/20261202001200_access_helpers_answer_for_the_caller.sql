-- The access helpers answer only about the caller or about what the caller
-- can read. `authenticated` may execute them (policies call them as the
-- user), so without this any signed-in user could ask whether some registry
-- is an organization, or whether some user is a contributor there. Every
-- policy asks about a registry the caller belongs to (they are its admin,
-- or leaving it), so the narrower answers change no policy's outcome.

/** True when the registry is an organization registry the caller belongs to. */
create or replace function private.is_organization(p_registry_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.registries r
    where r.id = p_registry_id and r.type = 'organization' and private.is_member(r.id)
  )
$$;

/**
 * True when `p_user_id` may be made a maintainer of the skill: a contributor
 * or admin of its registry (write access needs that role, see
 * can_write_skill), asked by someone who can read the skill.
 */
create or replace function private.can_maintain(p_skill_id uuid, p_user_id uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.skills s
    join public.registry_members m on m.registry_id = s.registry_id
    where s.id = p_skill_id and m.user_id = p_user_id and m.role in ('contributor', 'admin')
      and private.is_member(s.registry_id)
  )
$$;
