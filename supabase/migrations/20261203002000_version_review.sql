-- Governance of versions, decided here so it holds for any statement a user
-- can send through the Data API, not only through the api function:
-- - review: in a registry whose publish_policy is `require_approval`, a
--   version published by anyone but an admin is `pending` (the database sets
--   it; a client's value is ignored). A pending or rejected version is never
--   the latest and is readable only by its publisher, the skill's writers
--   (maintainers, its contributor creator) and the registry's admins, its
--   files and bytes too. Admins approve or reject it once; approving makes
--   it the latest when it is above the latest, never demoting a higher one.
--   Versions from before the policy was switched on stay approved.
-- - yank: a writer of the skill marks an approved version yanked with a
--   reason; it stops being the latest (the next highest approved version
--   that is not yanked takes over) and ranges stop resolving to it, while an
--   exact pin still gets its bytes. Unyanking gives it back.
-- - deprecation: a writer attaches a message to a skill or a version, which
--   every install and read shows; null (or blank) removes it.
-- A skill none of whose versions is approved yet is hidden like its versions.

create type public.review_status as enum ('approved', 'pending', 'rejected');

alter table public.skill_versions
  add column status public.review_status not null default 'approved',
  add column reviewed_by uuid,
  add column reviewed_at timestamptz,
  add column review_note text constraint skill_versions_review_note_length check (char_length(review_note) <= 2000),
  add column yanked_at timestamptz,
  add column yanked_by uuid,
  add column yanked_reason text constraint skill_versions_yanked_reason_length check (char_length(yanked_reason) between 1 and 500),
  add column deprecation_message text
    constraint skill_versions_deprecation_length check (char_length(deprecation_message) between 1 and 1000),
  add constraint skill_versions_latest_is_approved check (not is_latest or (status = 'approved' and yanked_at is null)),
  add constraint skill_versions_yank_complete check ((yanked_at is null) = (yanked_reason is null)),
  add constraint skill_versions_only_approved_yanked check (yanked_at is null or status = 'approved');
-- What GET /api/registries/:slug/reviews lists.
create index skill_versions_pending_idx on public.skill_versions (registry_id, created_at) where status = 'pending';

-- A file row carries its version's review status, so the read policy of
-- files stays one array test for the approved versions nearly all are.
alter table public.skill_files add column version_status public.review_status not null default 'approved';
create index skill_files_unapproved_idx on public.skill_files (version_id) where version_status <> 'approved';

alter table public.skills
  add column deprecation_message text
    constraint skills_deprecation_length check (char_length(deprecation_message) between 1 and 1000),
  add column has_approved_version boolean not null default true;
create index skills_unapproved_idx on public.skills (registry_id) where not has_approved_version;

/** The registries whose admin the caller is (within a machine token's registries), for read policies computed once per statement. */
create function private.my_admin_registry_ids()
returns uuid[]
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_limit uuid[] := private.token_registry_ids();
begin
  return (
    select coalesce(array_agg(m.registry_id), '{}')
    from public.registry_members m
    where m.user_id = (select auth.uid()) and m.role = 'admin'
      and (v_limit is null or m.registry_id = any (v_limit))
  );
end
$$;
revoke all on function private.my_admin_registry_ids() from public, anon;
grant execute on function private.my_admin_registry_ids() to authenticated, service_role;

-- READ POLICIES: approved rows as before; the rest for those who may review or fix them.
drop policy "members can read the skills of their registries" on public.skills;
create policy "members can read the skills of their registries" on public.skills
  for select to authenticated
  using (
    registry_id = any ((select private.my_registry_ids())::uuid[])
    and (has_approved_version or created_by = (select auth.uid()) or (select private.can_write_skill(id)))
  );

drop policy "readers of a skill can read its versions" on public.skill_versions;
create policy "readers of a skill can read its versions" on public.skill_versions
  for select to authenticated
  using (
    registry_id = any ((select private.my_registry_ids())::uuid[])
    and (status = 'approved' or published_by = (select auth.uid()) or (select private.can_write_skill(skill_id)))
  );

drop policy "readers of a version can read its files" on public.skill_files;
create policy "readers of a version can read its files" on public.skill_files
  for select to authenticated
  using (
    registry_id = any ((select private.my_registry_ids())::uuid[])
    and (version_status = 'approved' or exists (select 1 from public.skill_versions v where v.id = version_id))
  );

-- WRITES: a version's content never changes; writers of the skill may set
-- only these columns, and the trigger below decides which change whom.
create policy "writers review, yank and deprecate versions" on public.skill_versions
  for update to authenticated
  using ((select private.can_write_skill(skill_id)))
  with check ((select private.can_write_skill(skill_id)));
create policy "read-only machine tokens cannot update" on public.skill_versions
  as restrictive for update to authenticated
  using ((select private.token_may_write())) with check ((select private.token_may_write()));
grant update (status, review_note, yanked_reason, deprecation_message) on public.skill_versions to authenticated;
revoke update on public.skills from authenticated;
grant update (name, description, tags, compat, metadata, deprecation_message) on public.skills to authenticated;

/**
 * Bytes a manifest may name (as before, 20261202007000_file_rows_match_their_blob.sql):
 * uploaded by the caller lately, or in a version the caller can read, which
 * for a pending or rejected version means its publisher or a writer of the skill.
 */
create or replace function private.can_use_blob(p_sha256 text, p_size integer)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.file_blobs b
    where b.sha256 = p_sha256 and b.size = p_size
      and (
        exists (
          select 1 from public.blob_uploads u
          where u.sha256 = b.sha256 and u.user_id = (select auth.uid())
            and u.created_at > now() - interval '23 hours'
        )
        or exists (
          select 1 from public.skill_files f
          join public.skill_versions v on v.id = f.version_id
          where f.sha256 = b.sha256 and private.can_read_skill(v.skill_id)
            and (v.status = 'approved' or v.published_by = (select auth.uid()) or private.can_write_skill(v.skill_id))
        )
      )
  )
$$;

/**
 * The approved version of the skill that should be the latest: the highest
 * one not yanked, other than `p_except`; null when there is none.
 */
create function private.latest_candidate(p_skill_id uuid, p_except uuid)
returns uuid
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_best uuid;
  v_best_version text;
  v_row record;
begin
  for v_row in
    select v.id, v.version from public.skill_versions v
    where v.skill_id = p_skill_id and v.status = 'approved' and v.yanked_at is null and v.id is distinct from p_except
  loop
    if v_best_version is null or private.semver_compare(v_row.version, v_best_version) > 0 then
      v_best := v_row.id;
      v_best_version := v_row.version;
    end if;
  end loop;
  return v_best;
end
$$;
revoke all on function private.latest_candidate(uuid, uuid) from public, anon, authenticated, service_role;

/**
 * As before (20261202007100_versions_valid_by_construction.sql): a new
 * version is stamped with the server's time, above the latest, under the
 * skill's row lock. Now also: its review status is the database's decision
 * (pending in a registry that requires approval, unless an admin publishes),
 * review, yank and deprecation start empty, and only an approved version
 * becomes the latest. The skill is hidden while none of its versions is approved.
 */
create or replace function private.handle_new_skill_version()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_latest text;
  v_registry uuid;
  v_policy public.publish_policy;
begin
  new.created_at := now();
  new.reviewed_by := null;
  new.reviewed_at := null;
  new.review_note := null;
  new.yanked_at := null;
  new.yanked_by := null;
  new.yanked_reason := null;
  new.deprecation_message := null;
  -- A user who may not publish here is refused by the INSERT policy, which
  -- runs after this trigger: nothing here may lock the skill or answer them
  -- about its versions first.
  if (select auth.uid()) is not null and not private.can_write_skill(new.skill_id) then
    new.status := 'pending';
    new.is_latest := false;
    return new;
  end if;
  select s.registry_id, r.publish_policy into v_registry, v_policy
  from public.skills s join public.registries r on r.id = s.registry_id
  where s.id = new.skill_id
  for update of s;
  new.status := case
    when v_policy = 'require_approval' and (select auth.uid()) is not null
         and not private.has_role(v_registry, array['admin']::public.member_role[]) then 'pending'
    else 'approved'
  end::public.review_status;
  new.is_latest := new.status = 'approved';

  select version into v_latest from public.skill_versions where skill_id = new.skill_id and is_latest;
  if v_latest is not null and private.semver_compare(new.version, v_latest) <= 0 then
    raise exception 'version % is not greater than the latest version %', new.version, v_latest using errcode = '23514';
  end if;

  if new.is_latest then
    update public.skill_versions set is_latest = false where skill_id = new.skill_id and is_latest;
    update public.skills set updated_at = now(), has_approved_version = true where id = new.skill_id;
  else
    -- Only when it changes: the update stamps updated_at, which members see.
    update public.skills s
    set has_approved_version = false
    where s.id = new.skill_id and s.has_approved_version
      and not exists (select 1 from public.skill_versions v where v.skill_id = new.skill_id and v.status = 'approved');
  end if;
  return new;
end
$$;

/** A new file row takes its registry and its version's review status from the version (the client's values are ignored). */
create or replace function private.inherit_registry()
returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_table_name = 'skill_versions' then
    select s.registry_id into new.registry_id from public.skills s where s.id = new.skill_id;
  else
    select v.registry_id, v.status into new.registry_id, new.version_status from public.skill_versions v where v.id = new.version_id;
  end if;
  return new;
end
$$;

/**
 * What a user's UPDATE of a version may do (columns: status, review_note,
 * yanked_reason, deprecation_message; RLS: writers of the skill):
 * - status: admins only, once, from pending to approved or rejected, with an
 *   optional note; the reviewer and time are recorded. An approved version
 *   above the latest becomes the latest.
 * - yanked_reason: set to yank an approved version, change to re-word, null
 *   to unyank; a yanked latest hands over to the next highest version (after
 *   the row is written, private.after_version_update), an unyanked one above
 *   the latest takes over again.
 * - deprecation_message: set or clear (blank clears).
 * Refusals: 42501 for a non-admin's review, SK002 for a change the version's
 * state does not allow (reviewing twice, yanking a pending version). The
 * skill's row is locked first, so reviews, yanks and publishes of one skill
 * take turns. Updates made by these triggers themselves (moving the latest
 * flag) pass unchecked.
 */
create function private.guard_version_update()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_latest record;
begin
  if pg_trigger_depth() > 1 then
    return new;
  end if;
  perform 1 from public.skills where id = new.skill_id for update;
  new.review_note := nullif(btrim(new.review_note), '');
  new.yanked_reason := nullif(btrim(new.yanked_reason), '');
  new.deprecation_message := nullif(btrim(new.deprecation_message), '');

  if new.status is distinct from old.status then
    if v_user is not null and not private.has_role(new.registry_id, array['admin']::public.member_role[]) then
      raise exception 'only admins of the registry review versions' using errcode = '42501';
    end if;
    if old.status <> 'pending' or new.status = 'pending' then
      raise exception 'version % is % and not pending review', old.version, old.status using errcode = 'SK002';
    end if;
    new.reviewed_by := v_user;
    new.reviewed_at := now();
    update public.skill_files set version_status = new.status where version_id = new.id;
  elsif new.review_note is distinct from old.review_note then
    raise exception 'a review note is written with the decision' using errcode = 'SK002';
  end if;

  if new.yanked_reason is distinct from old.yanked_reason then
    if new.status <> 'approved' then
      raise exception 'version % is %: only approved versions can be yanked', old.version, new.status using errcode = 'SK002';
    end if;
    if new.yanked_reason is null then
      new.yanked_at := null;
      new.yanked_by := null;
    elsif old.yanked_reason is null then
      new.yanked_at := now();
      new.yanked_by := v_user;
      new.is_latest := false;
    end if;
  end if;

  -- An approved, unyanked version that is not the latest takes over when it is above the latest.
  if new.status = 'approved' and new.yanked_at is null and not old.is_latest then
    select v.id, v.version into v_latest from public.skill_versions v where v.skill_id = new.skill_id and v.is_latest;
    if v_latest.id is null or private.semver_compare(new.version, v_latest.version) > 0 then
      update public.skill_versions set is_latest = false where id = v_latest.id;
      new.is_latest := true;
      update public.skills set updated_at = now() where id = new.skill_id;
    end if;
  end if;
  if new.status = 'approved' and old.status <> 'approved' then
    update public.skills set has_approved_version = true where id = new.skill_id and not has_approved_version;
  end if;
  return new;
end
$$;
revoke all on function private.guard_version_update() from public, anon, authenticated, service_role;

create trigger guard_version_update
  before update on public.skill_versions
  for each row execute function private.guard_version_update();

/** After a latest version is yanked: the highest approved version that is not yanked becomes the latest, if any. */
create function private.after_version_update()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_next uuid;
begin
  if pg_trigger_depth() > 1 or not old.is_latest or new.is_latest then
    return null;
  end if;
  v_next := private.latest_candidate(new.skill_id, new.id);
  if v_next is not null then
    update public.skill_versions set is_latest = true where id = v_next;
  end if;
  update public.skills set updated_at = now() where id = new.skill_id;
  return null;
end
$$;
revoke all on function private.after_version_update() from public, anon, authenticated, service_role;

create trigger after_version_update
  after update on public.skill_versions
  for each row execute function private.after_version_update();

/** A skill's deprecation message: blank clears it. */
create function private.normalize_skill_deprecation()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.deprecation_message := nullif(btrim(new.deprecation_message), '');
  return new;
end
$$;
revoke all on function private.normalize_skill_deprecation() from public, anon, authenticated, service_role;

create trigger normalize_skill_deprecation
  before insert or update of deprecation_message on public.skills
  for each row execute function private.normalize_skill_deprecation();

/**
 * As before (20261202009100_sync_candidates_content.sql), over approved
 * versions only (a publisher can read their own pending ones, which sync
 * must never resolve), each with its yank reason and deprecation message,
 * and the skill's deprecation message.
 *
 * @returns as before; `versions` items gain `yanked` (the reason, or null)
 *   and `deprecated` (the message, or null); plus `deprecated`, the skill's message.
 */
drop function private.sync_candidates(text[], text[], text[]);

create function private.sync_candidates(p_registries text[], p_slugs text[], p_have text[])
returns table (
  registry text,
  slug text,
  name text,
  description text,
  tags text[],
  compat text[],
  versions json,
  latest_files json,
  latest_skill_md text,
  latest_content text,
  deprecated text
)
language plpgsql stable security invoker set search_path = ''
as $$
begin
  return query
  select r.slug::text, s.slug::text, s.name::text, s.description::text, s.tags, s.compat,
         coalesce((select json_agg(json_build_object('id', v.id, 'version', v.version, 'digest', v.digest, 'is_latest', v.is_latest,
                                                     'yanked', v.yanked_reason, 'deprecated', v.deprecation_message))
                   from public.skill_versions v where v.skill_id = s.id and v.status = 'approved'), '[]'::json),
         (select json_agg(json_build_object('path', f.path, 'sha256', f.sha256, 'size', f.size, 'executable', f.executable) order by f.path)
          from public.skill_files f where f.version_id = lv.id and lv.digest is distinct from want.have),
         (select f.sha256 from public.skill_files f where f.version_id = lv.id and f.path = 'SKILL.md'),
         case when lv.digest is distinct from want.have then lv.content end,
         s.deprecation_message::text
  from unnest(p_registries, p_slugs, p_have) as want(registry, slug, have)
  join public.registries r on r.slug = want.registry
  join public.skills s on s.registry_id = r.id and s.slug = want.slug
  left join public.skill_versions lv on lv.skill_id = s.id and lv.is_latest;
end
$$;

revoke execute on function private.sync_candidates(text[], text[], text[]) from public, anon;
grant execute on function private.sync_candidates(text[], text[], text[]) to authenticated, service_role;
