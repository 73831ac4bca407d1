-- A registration before the email is confirmed holds its username (the signup
-- trigger creates the profile and personal registry at once). Registering the
-- same email again with that username must not be refused as "taken": Supabase
-- Auth re-sends the confirmation link and changes nothing else. Only the api's
-- registration, running as service_role, asks.

/**
 * True when `p_username` belongs to the account of `p_email` and that account
 * has not confirmed its email yet.
 */
create function private.username_pending_for(p_username text, p_email text)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.profiles p
    join auth.users u on u.id = p.id
    where p.username = p_username
      and lower(u.email) = lower(p_email)
      and u.email_confirmed_at is null
  )
$$;

revoke execute on function private.username_pending_for(text, text) from public, anon, authenticated;
grant execute on function private.username_pending_for(text, text) to service_role;
