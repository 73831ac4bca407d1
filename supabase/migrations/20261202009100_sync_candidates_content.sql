/**
 * POST /api/sync answers each skill's SKILL.md too: its text (`content`) and
 * the sha256 of its bytes (`sha256`, what a lockfile that knows only SKILL.md
 * records). `private.sync_candidates` returns them for the latest version
 * beside its manifest: the sha256 always (one primary-key lookup of the
 * SKILL.md file row), the text only when the client does not already hold
 * that folder, so a warm sync still reads no file rows and no content.
 * Still SECURITY INVOKER: the caller's read policies decide what comes back.
 *
 * @param p_registries, p_slugs, p_have the requested skills, pairwise (same length);
 *   `p_have` holds `sha256:<hex>` digests or nulls.
 * @returns as before, plus `latest_skill_md` (hex sha256 of the latest
 *   version's SKILL.md, null when the skill has no version) and
 *   `latest_content` (its SKILL.md text, null also when the latest version's
 *   digest is the one the client has).
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
  latest_content text
)
language plpgsql stable security invoker set search_path = ''
as $$
begin
  return query
  select r.slug::text, s.slug::text, s.name::text, s.description::text, s.tags, s.compat,
         coalesce((select json_agg(json_build_object('id', v.id, 'version', v.version, 'digest', v.digest, 'is_latest', v.is_latest))
                   from public.skill_versions v where v.skill_id = s.id), '[]'::json),
         (select json_agg(json_build_object('path', f.path, 'sha256', f.sha256, 'size', f.size, 'executable', f.executable) order by f.path)
          from public.skill_files f where f.version_id = lv.id and lv.digest is distinct from want.have),
         (select f.sha256 from public.skill_files f where f.version_id = lv.id and f.path = 'SKILL.md'),
         case when lv.digest is distinct from want.have then lv.content end
  from unnest(p_registries, p_slugs, p_have) as want(registry, slug, have)
  join public.registries r on r.slug = want.registry
  join public.skills s on s.registry_id = r.id and s.slug = want.slug
  left join public.skill_versions lv on lv.skill_id = s.id and lv.is_latest;
end
$$;

revoke execute on function private.sync_candidates(text[], text[], text[]) from public, anon;
grant execute on function private.sync_candidates(text[], text[], text[]) to authenticated, service_role;
