-- A personal registry is named "<username>'s Skills", as the product shows it.
-- The signup trigger names new ones so; existing ones still carrying the old
-- default "<username>'s skills" are renamed, and a name their owner chose is kept.

/** New profile → personal registry named "<username>'s Skills", owner as admin. */
create or replace function private.handle_new_profile()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_registry_id uuid;
begin
  insert into public.registries (slug, name, type, created_by)
  values (new.username, new.username || '''s Skills', 'personal', new.id)
  returning id into v_registry_id;

  insert into public.registry_members (registry_id, user_id, role)
  values (v_registry_id, new.id, 'admin');
  return new;
end
$$;

-- A personal registry's slug is its owner's username.
update public.registries
set name = slug || '''s Skills'
where type = 'personal' and name = slug || '''s skills';
