/**
 * The rows behind POST /api/sync (spec §3.3), as a PL/pgSQL function so the
 * plan is kept per session: planning this query under RLS costs ~0.5 ms at
 * 50,000 skills, a quarter of the whole read, and every sync asks the same
 * shape. SECURITY INVOKER: it runs as the caller, so the read policies of
 * registries, skills, versions and files decide what comes back, exactly as
 * the query did inline.
 *
 * @param p_registries, p_slugs the requested skills, pairwise (same length).
 * @returns one row per requested skill the caller can read: its registry slug,
 *   slug, name, description, tags, compat; `versions` as a JSON array of
 *   {id, version, digest, is_latest}; `latest_files` as a JSON array of
 *   {path, sha256, size, executable} of the latest version, by path (null
 *   when the skill has no version).
 */
create function private.sync_candidates(p_registries text[], p_slugs text[])
returns table (
  registry text,
  slug text,
  name text,
  description text,
  tags text[],
  compat text[],
  versions json,
  latest_files json
)
language plpgsql stable security invoker set search_path = ''
as $$
begin
  return query
  select r.slug::text, s.slug::text, s.name::text, s.description::text, s.tags, s.compat,
         coalesce((select json_agg(json_build_object('id', v.id, 'version', v.version, 'digest', v.digest, 'is_latest', v.is_latest))
                   from public.skill_versions v where v.skill_id = s.id), '[]'::json),
         (select json_agg(json_build_object('path', f.path, 'sha256', f.sha256, 'size', f.size, 'executable', f.executable) order by f.path)
          from public.skill_versions lv join public.skill_files f on f.version_id = lv.id
          where lv.skill_id = s.id and lv.is_latest)
  from unnest(p_registries, p_slugs) as want(registry, slug)
  join public.registries r on r.slug = want.registry
  join public.skills s on s.registry_id = r.id and s.slug = want.slug;
end
$$;

revoke execute on function private.sync_candidates(text[], text[]) from public, anon;
grant execute on function private.sync_candidates(text[], text[]) to authenticated, service_role;
