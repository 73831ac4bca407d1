-- A file row's size must be its bytes' size: clients (sync) trust the
-- manifest's sizes before they fetch. Checked inside the INSERT policy, with
-- the sha256, so a wrong size, an unknown hash and another registry's hash are
-- refused with the same RLS error (a BEFORE trigger would run first and answer
-- differently, telling whether the bytes exist).
--
-- An upload counts for 23 hours here and in the read policy of file_blobs,
-- while store_blob forgets uploads after 24: a publish never relies on an
-- upload (and bytes) that cleanup may delete before its file rows commit.

/**
 * True when the bytes with this sha256 have exactly `p_size` bytes and the
 * caller uploaded them in the last 23 hours or can read a version listing
 * them. Answers false alike for unknown and unreadable bytes.
 */
create function private.can_use_blob(p_sha256 text, p_size integer)
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
        )
      )
  )
$$;
revoke all on function private.can_use_blob(text, integer) from public;
grant execute on function private.can_use_blob(text, integer) to authenticated, service_role;

drop policy "publishers attach files they uploaded or can read" on public.skill_files;
create policy "publishers attach files they uploaded or can read, at their size" on public.skill_files
  for insert to authenticated
  with check (
    (select private.is_version_being_published(version_id))
    and (select private.can_use_blob(sha256, size))
  );

drop policy "readers of a version or the uploader can read bytes" on public.file_blobs;
create policy "readers of a version or the recent uploader can read bytes" on public.file_blobs
  for select to authenticated
  using (
    exists (select 1 from public.skill_files f where f.sha256 = file_blobs.sha256)
    or exists (
      select 1 from public.blob_uploads u
      where u.sha256 = file_blobs.sha256 and u.created_at > now() - interval '23 hours'
    )
  );

-- Nothing calls these any more: can_use_blob answers for file rows.
drop function private.can_read_blob(text);
drop function private.can_read_version(uuid);
