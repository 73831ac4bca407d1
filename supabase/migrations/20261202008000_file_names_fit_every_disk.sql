-- A file or folder name over 255 bytes (UTF-8) cannot be created on ext4, APFS
-- or NTFS, so no client could install a version holding one. The API refuses it
-- first (_shared/folder-paths.ts, with the rules that need several rows); this
-- holds for rows written through the Data API too.
-- Regexes count characters, not bytes: each multi-byte character is first
-- widened to one 'x' per byte, then no name may reach 256 of them (written
-- {255} and one more: 255 is the largest repetition count Postgres regexes take).
-- NOT VALID: versions stored before this rule stay readable; every new row is checked.
alter table public.skill_files
  add constraint skill_files_name_length check (
    regexp_replace(
      regexp_replace(regexp_replace(path, '[\u0080-\u07ff]', 'xx', 'g'), '[\u0800-\uffff]', 'xxx', 'g'),
      '[\U00010000-\U0010ffff]', 'xxxx', 'g'
    ) !~ '[^/]{255}[^/]'
  ) not valid;
