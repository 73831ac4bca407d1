-- Every new auth user gets a profile and a personal registry, however the
-- user was created. Our API's registration passes the chosen username in the
-- signup metadata; a user created in the Supabase dashboard, through the
-- Auth admin API or by a client signing up with Auth directly has none, and
-- the email's local part is rarely a valid username ("John.Doe"), so the
-- signup used to fail with "Database error saving new user".
--
-- Without a username in the metadata, one is derived from the email:
-- lowercase, every run of characters other than a-z and 0-9 becomes one
-- hyphen, 3 to 39 characters, never a reserved slug, and a numeric suffix
-- (-2, -3, …) when a profile or registry already holds it. Such a signup never
-- fails on the username: a concurrent signup that takes the same name first
-- only moves this one to the next suffix.
--
-- A username given in the metadata is kept exactly, and a taken or invalid
-- one still fails the signup: the API has checked it and reports the conflict
-- of a racing registration from that failure, rather than handing its user a
-- name they did not choose.

/** New auth user → profile (username from signup metadata, else derived from the email). */
create or replace function private.handle_new_user()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_requested text := nullif(new.raw_user_meta_data ->> 'username', '');
  v_local text := split_part(coalesce(new.email, ''), '@', 1);
  v_display text := coalesce(new.raw_user_meta_data ->> 'display_name', v_requested, nullif(v_local, ''));
  v_base text;
  v_candidate text;
  v_suffix text;
  v_n integer := 1;
  v_constraint text;
begin
  if v_requested is not null then
    insert into public.profiles (id, username, display_name) values (new.id, v_requested, v_display);
    return new;
  end if;

  v_base := trim(both '-' from regexp_replace(lower(v_local), '[^a-z0-9]+', '-', 'g'));
  v_base := rtrim(left(v_base, 39), '-');
  if char_length(v_base) < 3 then
    v_base := case when v_base = '' then 'user' else v_base || '-user' end;
  end if;

  loop
    v_suffix := case when v_n = 1 then '' else '-' || v_n end;
    v_candidate := rtrim(left(v_base, 39 - char_length(v_suffix)), '-') || v_suffix;
    if not (v_candidate = any (private.reserved_slugs()))
      and not exists (select 1 from public.profiles where username = v_candidate)
      and not exists (select 1 from public.registries where slug = v_candidate)
    then
      begin
        -- Also creates the personal registry (on_profile_created), whose slug is the username.
        insert into public.profiles (id, username, display_name) values (new.id, v_candidate, v_display);
        return new;
      exception when unique_violation then
        -- Taken meanwhile by a concurrent signup or organization: try the next
        -- suffix. Any other uniqueness (this user's own profile) is not a name clash.
        get stacked diagnostics v_constraint = constraint_name;
        if v_constraint not in ('profiles_username_key', 'registries_slug_key') then
          raise;
        end if;
      end;
    end if;
    v_n := v_n + 1;
  end loop;
end
$$;
