-- The audit trail of a registry: who published, approved, rejected, yanked,
-- deprecated, added or removed a member, changed a role or the publish
-- policy, and when. Triggers write it, whatever statement made the change
-- (the api function, the Data API, pg_graphql); it is append-only for every
-- role, the owner included (rows go only with their registry), and readable
-- by the registry's admins alone.

create table public.audit_events (
  id bigint generated always as identity primary key,
  registry_id uuid not null references public.registries (id) on delete cascade,
  -- The acting user and their username then; null for the platform itself (no signed-in user).
  actor_id uuid,
  actor text,
  action text not null constraint audit_events_action check (action in (
    'version.publish', 'version.approve', 'version.reject', 'version.yank', 'version.unyank',
    'version.deprecate', 'version.undeprecate', 'skill.deprecate', 'skill.undeprecate', 'skill.delete',
    'member.add', 'member.role', 'member.remove', 'registry.policy'
  )),
  -- `skill@version`, `skill`, a member's username, or the registry's slug.
  target text not null,
  details jsonb not null default '{}'::jsonb constraint audit_events_details check (jsonb_typeof(details) = 'object'),
  created_at timestamptz not null default now()
);
-- GET /api/registries/:slug/audit pages newest first; also the foreign key's index.
create index audit_events_registry_idx on public.audit_events (registry_id, id desc);

alter table public.audit_events enable row level security;
create policy "admins read their registry's audit trail" on public.audit_events
  for select to authenticated
  using (registry_id = any ((select private.my_admin_registry_ids())::uuid[]));
create policy "machine tokens keep to their registries" on public.audit_events
  as restrictive for all to authenticated
  using (coalesce(registry_id = any ((select private.token_registry_ids())::uuid[]), true))
  with check (coalesce(registry_id = any ((select private.token_registry_ids())::uuid[]), true));
revoke all on public.audit_events from public, anon, authenticated;
grant select on public.audit_events to authenticated;
-- service_role reads it too (the dashboard, support) and does nothing else to it.
revoke all on public.audit_events from service_role;
grant select on public.audit_events to service_role;

/** Refuses any change to an audit row; a row may go only because its registry went (the cascade). */
create function private.audit_append_only()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and not exists (select 1 from public.registries r where r.id = old.registry_id) then
    return old;
  end if;
  raise exception 'the audit trail is append-only' using errcode = '42501';
end
$$;
revoke all on function private.audit_append_only() from public, anon, authenticated, service_role;

create trigger audit_append_only
  before update or delete on public.audit_events
  for each row execute function private.audit_append_only();
create trigger audit_no_truncate
  before truncate on public.audit_events
  for each statement execute function private.audit_append_only();

/**
 * Appends one event for the signed-in caller (actor null without one), unless
 * the registry itself is being deleted (its rows go with it).
 */
create function private.audit(p_registry_id uuid, p_action text, p_target text, p_details jsonb)
returns void
language sql volatile security definer set search_path = ''
as $$
  insert into public.audit_events (registry_id, actor_id, actor, action, target, details)
  select p_registry_id, (select auth.uid()), (select p.username from public.profiles p where p.id = (select auth.uid())),
         p_action, p_target, coalesce(jsonb_strip_nulls(p_details), '{}'::jsonb)
  where exists (select 1 from public.registries r where r.id = p_registry_id)
$$;
revoke all on function private.audit(uuid, text, text, jsonb) from public, anon, authenticated, service_role;

/** Publishing, reviewing, yanking and deprecating versions. */
create function private.audit_version()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_target text := (select s.slug from public.skills s where s.id = new.skill_id) || '@' || new.version;
begin
  if tg_op = 'INSERT' then
    perform private.audit(new.registry_id, 'version.publish', v_target,
      jsonb_build_object('status', new.status, 'digest', new.digest));
    return null;
  end if;
  if new.status is distinct from old.status then
    perform private.audit(new.registry_id, case when new.status = 'approved' then 'version.approve' else 'version.reject' end, v_target,
      jsonb_build_object('note', new.review_note, 'latest', new.is_latest));
  end if;
  if new.yanked_reason is distinct from old.yanked_reason then
    perform private.audit(new.registry_id, case when new.yanked_reason is null then 'version.unyank' else 'version.yank' end, v_target,
      jsonb_build_object('reason', new.yanked_reason));
  end if;
  if new.deprecation_message is distinct from old.deprecation_message then
    perform private.audit(new.registry_id, case when new.deprecation_message is null then 'version.undeprecate' else 'version.deprecate' end,
      v_target, jsonb_build_object('message', new.deprecation_message));
  end if;
  return null;
end
$$;
revoke all on function private.audit_version() from public, anon, authenticated, service_role;

create trigger audit_version
  after insert or update of status, yanked_reason, deprecation_message on public.skill_versions
  for each row execute function private.audit_version();

/** Deprecating and deleting skills. */
create function private.audit_skill()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.audit(old.registry_id, 'skill.delete', old.slug, '{}'::jsonb);
  elsif new.deprecation_message is distinct from old.deprecation_message then
    perform private.audit(new.registry_id, case when new.deprecation_message is null then 'skill.undeprecate' else 'skill.deprecate' end,
      new.slug, jsonb_build_object('message', new.deprecation_message));
  end if;
  return null;
end
$$;
revoke all on function private.audit_skill() from public, anon, authenticated, service_role;

create trigger audit_skill
  after update of deprecation_message or delete on public.skills
  for each row execute function private.audit_skill();

/** Members of organizations joining (by invitation or added), changing role, leaving or removed. */
create function private.audit_member()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_row public.registry_members := case when tg_op = 'DELETE' then old else new end;
  v_target text;
begin
  if not private.is_organization(v_row.registry_id) then
    return null;
  end if;
  v_target := coalesce((select p.username from public.profiles p where p.id = v_row.user_id), v_row.user_id::text);
  if tg_op = 'INSERT' then
    perform private.audit(new.registry_id, 'member.add', v_target, jsonb_build_object('role', new.role));
  elsif tg_op = 'DELETE' then
    perform private.audit(old.registry_id, 'member.remove', v_target, jsonb_build_object('role', old.role));
  elsif new.role is distinct from old.role then
    perform private.audit(new.registry_id, 'member.role', v_target, jsonb_build_object('from', old.role, 'to', new.role));
  end if;
  return null;
end
$$;
revoke all on function private.audit_member() from public, anon, authenticated, service_role;

create trigger audit_member
  after insert or update of role or delete on public.registry_members
  for each row execute function private.audit_member();

/** A registry's publish policy changing. */
create function private.audit_registry()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if new.publish_policy is distinct from old.publish_policy then
    perform private.audit(new.id, 'registry.policy', new.slug,
      jsonb_build_object('setting', 'publish_policy', 'from', old.publish_policy, 'to', new.publish_policy));
  end if;
  return null;
end
$$;
revoke all on function private.audit_registry() from public, anon, authenticated, service_role;

create trigger audit_registry
  after update of publish_policy on public.registries
  for each row execute function private.audit_registry();
