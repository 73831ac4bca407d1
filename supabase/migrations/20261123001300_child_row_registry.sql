-- Versions and files carry their skill's registry, so their read policies are
-- one array test against the caller's registries (computed once per
-- statement) instead of a chain of per-row subqueries through skill_versions
-- and skills, each with its own policy. A sync of 50 skills spent most of its
-- database time re-checking rows the caller could already read through the
-- skill. Skills never change registry (column privileges), so the copy
-- cannot go stale; a trigger fills it from the parent on insert.

alter table public.skill_versions add column registry_id uuid references public.registries (id) on delete cascade;
update public.skill_versions v set registry_id = s.registry_id from public.skills s where s.id = v.skill_id;
alter table public.skill_versions alter column registry_id set not null;
create index skill_versions_registry_idx on public.skill_versions (registry_id);

alter table public.skill_files add column registry_id uuid references public.registries (id) on delete cascade;
update public.skill_files f set registry_id = v.registry_id from public.skill_versions v where v.id = f.version_id;
alter table public.skill_files alter column registry_id set not null;
create index skill_files_registry_idx on public.skill_files (registry_id);

/** Copies the parent's registry onto a new version or file; the client's value, if any, is ignored. */
create function private.inherit_registry()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_table_name = 'skill_versions' then
    select s.registry_id into new.registry_id from public.skills s where s.id = new.skill_id;
  else
    select v.registry_id into new.registry_id from public.skill_versions v where v.id = new.version_id;
  end if;
  return new;
end
$$;
revoke execute on function private.inherit_registry() from public, anon;

create trigger inherit_registry before insert on public.skill_versions
  for each row execute function private.inherit_registry();
create trigger inherit_registry before insert on public.skill_files
  for each row execute function private.inherit_registry();

drop policy "readers of a skill can read its versions" on public.skill_versions;
create policy "readers of a skill can read its versions" on public.skill_versions
  for select to authenticated
  using (registry_id = any ((select private.my_registry_ids())::uuid[]));

drop policy "readers of a version can read its files" on public.skill_files;
create policy "readers of a version can read its files" on public.skill_files
  for select to authenticated
  using (registry_id = any ((select private.my_registry_ids())::uuid[]));
