-- Publishing in steps: a client first uploads the bytes the server lacks
-- (private.store_blob, a few MiB per request), then publishes a manifest that
-- names them by sha256. A file row may name only bytes its writer stored or
-- can already read: otherwise anyone who knows a hash (they are in committed
-- lockfiles) could attach another registry's file to a version of their own
-- and read it back, within one transaction as pg_graphql runs its mutations.
-- blob_uploads records who stored which bytes.

create table public.blob_uploads (
  user_id uuid not null references public.profiles (id) on delete cascade,
  sha256 text not null references public.file_blobs (sha256),
  created_at timestamptz not null default now(),
  primary key (user_id, sha256)
);
create index blob_uploads_sha256_idx on public.blob_uploads (sha256);
create index blob_uploads_created_at_idx on public.blob_uploads (created_at);

alter table public.blob_uploads enable row level security;
create policy "users read their own uploads" on public.blob_uploads
  for select to authenticated
  using (user_id = (select auth.uid()));
-- No INSERT/UPDATE/DELETE policy: rows go in through private.store_blob only,
-- which proves the caller had the bytes.
revoke all on public.blob_uploads from anon, authenticated;
grant select on public.blob_uploads to authenticated;

/**
 * Stores file bytes under their sha256 unless already present and records
 * that the caller uploaded them; returns nothing either way, so the caller
 * learns nothing about other registries' files. The hash is checked here and
 * not only by file_blobs' check constraint: when the row exists, ON CONFLICT
 * DO NOTHING skips the insert, and the upload must not be recorded for bytes
 * the caller never had.
 *
 * Uploads nobody published within 24 hours are forgotten here, at most 20
 * per call so no upload pays for a backlog, together with bytes that no file
 * row names and nobody else uploaded.
 */
create or replace function private.store_blob(p_sha256 text, p_content bytea)
returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  v_stale text[];
begin
  if (select auth.uid()) is null then
    raise exception 'not signed in' using errcode = '42501';
  end if;
  if p_content is null or p_sha256 is distinct from encode(sha256(p_content), 'hex') then
    raise exception 'the content does not match its sha256' using errcode = '23514';
  end if;
  insert into public.file_blobs (sha256, size, content)
  values (p_sha256, length(p_content), p_content)
  on conflict (sha256) do nothing;
  insert into public.blob_uploads (user_id, sha256)
  values ((select auth.uid()), p_sha256)
  on conflict (user_id, sha256) do update set created_at = now();

  begin
    with stale as (
      select u.user_id, u.sha256 from public.blob_uploads u
      where u.created_at < now() - interval '24 hours'
      order by u.created_at
      limit 20
      for update skip locked
    ), forgotten as (
      delete from public.blob_uploads u using stale s
      where u.user_id = s.user_id and u.sha256 = s.sha256
      returning u.sha256
    )
    select array_agg(distinct f.sha256) into v_stale from forgotten f;
    delete from public.file_blobs b
    where b.sha256 = any (v_stale)
      and not exists (select 1 from public.skill_files f where f.sha256 = b.sha256)
      and not exists (select 1 from public.blob_uploads u where u.sha256 = b.sha256);
  exception when foreign_key_violation then
    -- A concurrent publish or upload has just taken some of these bytes: keep them for a later call.
    null;
  end;
end
$$;

-- The caller's own uploads are readable too: they already had those bytes.
drop policy "members can read bytes reachable through a readable version" on public.file_blobs;
create policy "readers of a version or the uploader can read bytes" on public.file_blobs
  for select to authenticated
  using (
    exists (select 1 from public.skill_files f where f.sha256 = file_blobs.sha256)
    or exists (select 1 from public.blob_uploads u where u.sha256 = file_blobs.sha256)
  );

-- A file row names bytes the caller uploaded or can already read. Checked by
-- WITH CHECK, which runs before the foreign key: an unknown hash and another
-- registry's hash are refused with the same error, so neither reveals
-- whether the bytes exist.
drop policy "publishers attach files to the version they are publishing" on public.skill_files;
create policy "publishers attach files they uploaded or can read" on public.skill_files
  for insert to authenticated
  with check (
    (select private.is_version_being_published(version_id))
    and (
      exists (select 1 from public.blob_uploads u where u.sha256 = skill_files.sha256 and u.user_id = (select auth.uid()))
      or (select private.can_read_blob(sha256))
    )
  );
