/**
 * POST /api/sync (spec §3.3) learns which folder each client already holds:
 * `private.sync_candidates` takes, beside each requested skill, the digest the
 * client has (or null), and leaves out the latest version's manifest when that
 * is the digest. A warm sync of 12 skills then aggregates no file rows (~1.1 ms
 * of the 1.8 ms query on the embedded database) and its answer shrinks from
 * ~40 KB to ~4 KB; at 500 skills of 100 files it is megabytes. Still SECURITY
 * INVOKER: the caller's read policies decide what comes back.
 *
 * @param p_registries, p_slugs, p_have the requested skills, pairwise (same length);
 *   `p_have` holds `sha256:<hex>` digests or nulls.
 * @returns as before, with `latest_files` null also when the latest version's digest is the one the client has.
 */
drop function private.sync_candidates(text[], text[]);

create function private.sync_candidates(p_registries text[], p_slugs text[], p_have text[])
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
          where lv.skill_id = s.id and lv.is_latest and lv.digest is distinct from want.have)
  from unnest(p_registries, p_slugs, p_have) as want(registry, slug, have)
  join public.registries r on r.slug = want.registry
  join public.skills s on s.registry_id = r.id and s.slug = want.slug;
end
$$;

revoke execute on function private.sync_candidates(text[], text[], text[]) from public, anon;
grant execute on function private.sync_candidates(text[], text[], text[]) to authenticated, service_role;
