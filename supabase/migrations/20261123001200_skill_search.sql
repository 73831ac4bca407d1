-- Full-text search over skills (spec §3.2 `GET /api/search`, issue 4): a
-- stored tsvector kept by a trigger (a generated column would need immutable
-- expressions, and array_to_string is only stable), a GIN index on it, and
-- one search function that `GET /api/search`, the `search` filter of skill
-- lists and the MCP `search_skills` tool all go through.

alter table public.skills add column search_vector tsvector not null default ''::tsvector;

/**
 * Name and slug weigh most (A), then tags (B), then the description (C).
 * The slug keeps its hyphenated parts searchable (`pdf-forms` → pdf, form).
 */
create function private.skill_search_vector()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.search_vector :=
    setweight(to_tsvector('english'::regconfig, coalesce(new.name, '') || ' ' || new.slug), 'A')
    || setweight(to_tsvector('english'::regconfig, array_to_string(new.tags, ' ')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(new.description, '')), 'C');
  return new;
end
$$;

create trigger skill_search_vector
  before insert or update of slug, name, description, tags on public.skills
  for each row execute function private.skill_search_vector();

update public.skills set name = name;

create index skills_search_vector_idx on public.skills using gin (search_vector);

/**
 * Ids of the skills matching a search, ranked, one page at a time, among
 * the registries the caller belongs to (optionally one of them).
 *
 * Why SECURITY DEFINER: under RLS, Postgres applies a user's condition as
 * an index condition only when its operator is leakproof, and neither `@@`
 * nor `&&` is, so the GIN indexes could never be used as `authenticated`.
 * This function runs as the owner, restricts itself to the caller's own
 * registries first, and returns only ids: callers join them back to
 * `skills` as themselves, so RLS still decides what is returned.
 *
 * @param p_registry_id one registry, or null for every registry of the caller.
 * @param p_query websearch syntax (`"exact phrase" -not or`), or null: no text filter, rank 0.
 * @param p_tags, p_compat array-overlap filters, or null.
 * @param p_after_rank, p_after_key the last row of the previous page (keyset cursor), or null.
 * @param p_limit page size.
 * @returns skill_id, rank (ts_rank rounded to 6 digits, so a cursor compares exactly),
 *   sort_key (`registry/slug` in byte order, the tie-breaker), best first.
 */
create function private.search_skills(
  p_registry_id uuid,
  p_query text,
  p_tags text[],
  p_compat text[],
  p_after_rank numeric,
  p_after_key text,
  p_limit integer
)
returns table (skill_id uuid, rank numeric, sort_key text)
-- A page is at most 101 rows: without this the planner assumes 1000 and
-- joins the caller's every readable skill instead of looking up a page's ids.
rows 100
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_registries uuid[];
begin
  select coalesce(array_agg(m.registry_id), '{}') into v_registries
  from public.registry_members m
  where m.user_id = (select auth.uid())
    and (p_registry_id is null or m.registry_id = p_registry_id);
  if cardinality(v_registries) = 0 then
    return;
  end if;
  -- EXECUTE plans with the actual values, so the branches of the absent
  -- filters fold away and the planner sees `search_vector @@ <constant>`.
  return query execute $q$
    select hit.id, hit.rank, hit.sort_key
    from (
      select s.id,
             case when $2::text is null then 0::numeric
                  else round(ts_rank(s.search_vector, websearch_to_tsquery('english'::regconfig, $2::text))::numeric, 6)
             end as rank,
             (r.slug || '/' || s.slug) collate "C" as sort_key
      from public.skills s
      join public.registries r on r.id = s.registry_id
      where s.registry_id = any ($1::uuid[])
        and ($2::text is null or s.search_vector @@ websearch_to_tsquery('english'::regconfig, $2::text))
        and ($3::text[] is null or s.tags && $3::text[])
        and ($4::text[] is null or s.compat && $4::text[])
    ) hit
    where $5::numeric is null or hit.rank < $5::numeric or (hit.rank = $5::numeric and hit.sort_key > $6::text collate "C")
    order by hit.rank desc, hit.sort_key
    limit $7::integer
  $q$ using v_registries, p_query, p_tags, p_compat, p_after_rank, p_after_key, p_limit;
end
$$;

revoke execute on function private.skill_search_vector(),
  private.search_skills(uuid, text, text[], text[], numeric, text, integer) from public, anon;
grant execute on function private.skill_search_vector(),
  private.search_skills(uuid, text, text[], text[], numeric, text, integer) to authenticated, service_role;
