-- Invitations (spec §3.2 "Invite member", "Accept/Decline Invitation";
-- issue 4). Admins invite by email; an existing account with that confirmed
-- email is added directly, any other email gets a pending invitation that
-- its owner answers once signed up. RLS stays the authority: these helpers
-- only answer what a policy cannot (auth.users is not readable) and the
-- trigger carries out what an allowed UPDATE means.

/**
 * The account whose confirmed email is `p_email`, or null. Only an admin of
 * the organization registry may ask (SQLSTATE 42501 otherwise), so the
 * lookup cannot be used to probe for accounts without inviting them.
 */
create function private.invitee_user_id(p_registry_id uuid, p_email text)
returns uuid
language plpgsql stable security definer set search_path = ''
as $$
begin
  if not (private.has_role(p_registry_id, array['admin']::public.member_role[]) and private.is_organization(p_registry_id)) then
    raise exception 'only admins of an organization registry can invite' using errcode = '42501';
  end if;
  return (
    select u.id from auth.users u
    where lower(u.email) = lower(p_email) and u.email_confirmed_at is not null
  );
end
$$;

/**
 * The registry an invitation is for (slug and name), when the caller may see
 * the invitation: its invitee (confirmed email) or an admin of the registry.
 * An invitee is not yet a member, so the registries policy hides the row.
 */
create function private.invitation_registry(p_invitation_id uuid)
returns table (slug text, name text)
language sql stable security definer set search_path = ''
as $$
  select r.slug, r.name
  from public.invitations i
  join public.registries r on r.id = i.registry_id
  where i.id = p_invitation_id
    and (
      (lower(i.email) = lower((select auth.jwt() ->> 'email')) and private.email_confirmed())
      or private.has_role(i.registry_id, array['admin']::public.member_role[])
    )
$$;

/**
 * An accepted invitation makes its invitee a member with the invited role.
 * The UPDATE already passed the invitee policy (confirmed email, pending,
 * unexpired); the caller must still be the account with that email. A
 * caller who is already a member keeps the role they have.
 */
create function private.handle_invitation_accepted()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
begin
  if v_user is null or not exists (
    select 1 from auth.users u
    where u.id = v_user and lower(u.email) = lower(new.email) and u.email_confirmed_at is not null
  ) then
    raise exception 'this invitation is addressed to another account' using errcode = '42501';
  end if;
  insert into public.registry_members (registry_id, user_id, role)
  values (new.registry_id, v_user, new.role)
  on conflict (registry_id, user_id) do nothing;
  return new;
end
$$;

create trigger on_invitation_accepted
  after update of status on public.invitations
  for each row when (old.status = 'pending' and new.status = 'accepted')
  execute function private.handle_invitation_accepted();

revoke execute on function private.invitee_user_id(uuid, text), private.invitation_registry(uuid),
  private.handle_invitation_accepted() from public, anon;
grant execute on function private.invitee_user_id(uuid, text), private.invitation_registry(uuid),
  private.handle_invitation_accepted() to authenticated, service_role;
