-- Triggers (spec §2.1, §2.2, §2.5). Functions that write rows the caller
-- could not write themselves are SECURITY DEFINER with an empty search_path.

/** New auth user → profile (username from signup metadata, else the email's local part). */
create function private.handle_new_user()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, username, display_name)
  values (
    new.id,
    coalesce(new.raw_user_meta_data ->> 'username', split_part(new.email, '@', 1)),
    coalesce(new.raw_user_meta_data ->> 'display_name', new.raw_user_meta_data ->> 'username', split_part(new.email, '@', 1))
  );
  return new;
end
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.handle_new_user();

/** New profile → personal registry named after the username, owner as admin. */
create function private.handle_new_profile()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_registry_id uuid;
begin
  insert into public.registries (slug, name, type, created_by)
  values (new.username, new.username || '''s skills', 'personal', new.id)
  returning id into v_registry_id;

  insert into public.registry_members (registry_id, user_id, role)
  values (v_registry_id, new.id, 'admin');
  return new;
end
$$;

create trigger on_profile_created
  after insert on public.profiles
  for each row execute function private.handle_new_profile();

/** New organization registry → its creator is its first admin. */
create function private.handle_new_organization()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.registry_members (registry_id, user_id, role)
  values (new.id, new.created_by, 'admin');
  return new;
end
$$;

create trigger on_organization_created
  after insert on public.registries
  for each row when (new.type = 'organization')
  execute function private.handle_new_organization();

/**
 * A new latest version demotes the previous one. BEFORE insert, so the partial
 * unique index on (skill_id) where is_latest never sees two latest rows; the
 * publisher has no UPDATE right on versions, hence SECURITY DEFINER.
 */
create function private.handle_new_skill_version()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.is_latest then
    update public.skill_versions
    set is_latest = false
    where skill_id = new.skill_id and is_latest;

    update public.skills set updated_at = now() where id = new.skill_id;
  end if;
  return new;
end
$$;

create trigger on_skill_version_created
  before insert on public.skill_versions
  for each row execute function private.handle_new_skill_version();

/** Keeps updated_at honest on every update. */
create function private.touch_updated_at()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.updated_at = now();
  return new;
end
$$;

create trigger touch_profiles before update on public.profiles
  for each row execute function private.touch_updated_at();
create trigger touch_registries before update on public.registries
  for each row execute function private.touch_updated_at();
create trigger touch_registry_members before update on public.registry_members
  for each row execute function private.touch_updated_at();
create trigger touch_skills before update on public.skills
  for each row execute function private.touch_updated_at();

revoke execute on all functions in schema private from public, anon;
grant execute on all functions in schema private to authenticated, service_role;
