-- A revoked OAuth grant ends its access tokens at once, not at their expiry.
-- The access token of a grant is a Supabase Auth session token; revoking the
-- grant (a replayed authorization code or refresh token, a user's revocation)
-- marks its row in public.oauth_sessions, but a token whose signature the
-- functions check stays valid until `exp`. Every transaction the functions
-- run for a user therefore starts with private.require_live_session()
-- (_shared/db.ts withUser), which refuses a session whose grant was revoked.
-- A session with no oauth_sessions row is a first-party login (the CLI's
-- password login), which Supabase Auth's own logout governs.

create function private.require_live_session()
returns void
language plpgsql stable security definer set search_path = ''
as $$
begin
  if exists (
    select 1 from public.oauth_sessions s
    where s.session_id = nullif((select auth.jwt()) ->> 'session_id', '')::uuid
      and s.revoked_at is not null
  ) then
    -- PT401: the functions answer 401, as for any token that is no longer good.
    raise exception 'this access was revoked; sign in again' using errcode = 'PT401';
  end if;
end
$$;

revoke execute on function private.require_live_session() from public, anon;
grant execute on function private.require_live_session() to authenticated;
