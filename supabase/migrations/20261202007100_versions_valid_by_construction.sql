-- A version row is valid whatever SQL its publisher sends through the Data
-- API, not only when the api function writes it: its semver is above the
-- latest, its timestamp is the server's, and its digest and counts are those
-- of its files. The files are inserted after the version row, so those are
-- checked when the transaction commits (a deferred constraint trigger).

/**
 * SemVer 2.0.0 precedence of two valid versions: -1, 0 or 1. Build metadata
 * is ignored; a prerelease sorts below its release; prerelease identifiers
 * compare numerically when numeric, in ASCII order otherwise, numeric below
 * alphanumeric, and a longer list above its prefix. Same answers as the
 * `semver` package's compare for the versions the check constraint admits.
 */
create function private.semver_compare(p_a text, p_b text)
returns integer
language plpgsql immutable strict set search_path = ''
as $$
declare
  v_a text[] := regexp_match(p_a, '^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$');
  v_b text[] := regexp_match(p_b, '^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$');
  v_pa text[];
  v_pb text[];
  v_x text;
  v_y text;
begin
  if v_a is null or v_b is null then
    raise exception 'not a semver version: % or %', p_a, p_b using errcode = '23514';
  end if;
  for i in 1..3 loop
    if v_a[i]::numeric <> v_b[i]::numeric then
      return sign(v_a[i]::numeric - v_b[i]::numeric)::integer;
    end if;
  end loop;
  if v_a[4] is null or v_b[4] is null then
    -- A release is above any prerelease of it.
    return case when v_a[4] is null and v_b[4] is null then 0 when v_a[4] is null then 1 else -1 end;
  end if;
  v_pa := string_to_array(v_a[4], '.');
  v_pb := string_to_array(v_b[4], '.');
  for i in 1..least(cardinality(v_pa), cardinality(v_pb)) loop
    v_x := v_pa[i];
    v_y := v_pb[i];
    continue when v_x = v_y;
    if v_x ~ '^\d+$' and v_y ~ '^\d+$' then
      return sign(v_x::numeric - v_y::numeric)::integer;
    elsif v_x ~ '^\d+$' then
      return -1;
    elsif v_y ~ '^\d+$' then
      return 1;
    end if;
    return case when v_x collate "C" < v_y collate "C" then -1 else 1 end;
  end loop;
  return sign(cardinality(v_pa) - cardinality(v_pb))::integer;
end
$$;

/**
 * A path's UTF-16 code units as fixed-width hex: sorting these keys in byte
 * order sorts paths as JavaScript compares strings, which is the order of the
 * folder digest (_shared/digest.ts). Byte order of the text itself differs
 * for characters beyond U+FFFF.
 */
create function private.utf16_sort_key(p_text text)
returns text
language sql immutable strict set search_path = ''
as $$
  select coalesce(string_agg(
    case when c.cp < 65536 then lpad(to_hex(c.cp), 4, '0')
         else to_hex(55296 + ((c.cp - 65536) >> 10)) || to_hex(56320 + ((c.cp - 65536) & 1023))
    end, '' order by c.i), '')
  from (select ascii(t.ch) as cp, t.i from regexp_split_to_table(p_text, '') with ordinality as t(ch, i)) c
$$;

/**
 * The folder digest of a manifest given as parallel arrays, exactly as
 * folderDigest in _shared/digest.ts: `sha256:<hex>` of the UTF-8 lines
 * `<100755|100644> <sha256> <path>\n` sorted by path in JavaScript order.
 */
create function private.folder_digest(p_paths text[], p_sha256s text[], p_executables boolean[])
returns text
language sql immutable strict set search_path = ''
as $$
  select 'sha256:' || encode(sha256(convert_to(coalesce(string_agg(
    case when m.executable then '100755' else '100644' end || ' ' || m.sha256 || ' ' || m.path || E'\n',
    '' order by private.utf16_sort_key(m.path) collate "C"), ''), 'UTF8')), 'hex')
  from unnest(p_paths, p_sha256s, p_executables) as m(path, sha256, executable)
$$;

/**
 * Refuses, at commit, a version whose digest, file_count or total_size is not
 * that of its files (SQLSTATE 23514). Runs for each new version, and for a
 * file added to a version of an earlier transaction.
 */
create function private.check_version_matches_files()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
  v_version public.skill_versions;
  v_count integer;
  v_size bigint;
  v_digest text;
begin
  -- Separate statements: each table's row has only one of these columns.
  if tg_table_name = 'skill_versions' then
    v_id := new.id;
  else
    v_id := new.version_id;
  end if;
  select * into v_version from public.skill_versions where id = v_id;
  -- A new version's files are checked once, by its own row's trigger.
  if v_version is null or (tg_table_name = 'skill_files' and v_version.created_at = now()) then
    return null;
  end if;
  select count(*), coalesce(sum(f.size), 0),
         private.folder_digest(coalesce(array_agg(f.path), '{}'), coalesce(array_agg(f.sha256), '{}'), coalesce(array_agg(f.executable), '{}'))
  into v_count, v_size, v_digest
  from public.skill_files f where f.version_id = v_id;
  if v_count <> v_version.file_count or v_size <> v_version.total_size or v_digest <> v_version.digest then
    raise exception 'version % does not match its files (% files, % bytes, digest %)', v_version.version, v_count, v_size, v_digest
      using errcode = '23514';
  end if;
  return null;
end
$$;

create constraint trigger version_matches_files
  after insert on public.skill_versions
  deferrable initially deferred
  for each row execute function private.check_version_matches_files();
create constraint trigger version_matches_files
  after insert on public.skill_files
  deferrable initially deferred
  for each row execute function private.check_version_matches_files();

/**
 * A new version is the latest, above the one before it, and stamped with the
 * server's time (a client's created_at would reorder the version list, and
 * is_version_being_published relies on it being now()). The skill's row is
 * locked so two publishes compare in turn; the refusal is SQLSTATE 23514. Then the previous latest is
 * demoted, BEFORE insert, so the partial unique index on (skill_id) where
 * is_latest never sees two latest rows; the publisher has no UPDATE right on
 * versions, hence SECURITY DEFINER.
 */
create or replace function private.handle_new_skill_version()
returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_latest text;
begin
  new.created_at := now();
  new.is_latest := true;
  -- A user who may not publish here is refused by the INSERT policy, which
  -- runs after this trigger: nothing here may lock the skill or answer them
  -- about its versions first.
  if (select auth.uid()) is not null and not private.can_write_skill(new.skill_id) then
    return new;
  end if;
  perform 1 from public.skills where id = new.skill_id for update;
  select version into v_latest from public.skill_versions where skill_id = new.skill_id and is_latest;
  if v_latest is not null and private.semver_compare(new.version, v_latest) <= 0 then
    raise exception 'version % is not greater than the latest version %', new.version, v_latest using errcode = '23514';
  end if;

  update public.skill_versions
  set is_latest = false
  where skill_id = new.skill_id and is_latest;

  update public.skills set updated_at = now() where id = new.skill_id;
  return new;
end
$$;

revoke all on function private.semver_compare(text, text) from public, anon, authenticated, service_role;
revoke all on function private.utf16_sort_key(text) from public, anon, authenticated, service_role;
revoke all on function private.folder_digest(text[], text[], boolean[]) from public, anon, authenticated, service_role;
revoke all on function private.check_version_matches_files() from public, anon, authenticated, service_role;
